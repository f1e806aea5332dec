import { Credentials } from 'n8n-core';
import {
	ICredentialsHelper,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
	type Workflow,
} from 'n8n-workflow';

/** Credential types by name. */
export class CredentialTypeRegistry {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly fallback: (name: string) => ICredentialType | undefined = () => undefined,
	) {}

	get(name: string): ICredentialType {
		const type = this.types[name] ?? this.fallback(name);
		if (!type)
			throw new Error(
				`Unknown credential type "${name}" (register it via RunOptions.credentialTypes)`,
			);
		return type;
	}
}

/** Fills properties the stored data lacks with their defaults, as n8n does before use (e.g. baseUrl). */
export function applyDefaults(
	type: ICredentialType,
	data: ICredentialDataDecryptedObject,
): ICredentialDataDecryptedObject {
	const result: ICredentialDataDecryptedObject = { ...data };
	for (const property of type.properties) {
		if (result[property.name] === undefined && property.default !== undefined) {
			result[property.name] = property.default as ICredentialDataDecryptedObject[string];
		}
	}
	return result;
}

/**
 * The credentials helper n8n's engine calls. It stores decrypted data by credential id and
 * applies the credential type's `authenticate` like n8n's CredentialsHelper: a function is
 * called, a `generic` object has each key/value resolved as an expression with `$credentials`
 * and set on the request (headers, qs, body, auth).
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly types: CredentialTypeRegistry,
		private readonly store: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(name: string): string[] {
		const parents = this.types.get(name).extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incoming: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incoming as IHttpRequestOptions;
		const { authenticate } = this.types.get(typeName);
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!workflow || !node)
			throw new Error('Workflow and node are required for declarative credential authentication');
		if (authenticate.type !== 'generic') return requestOptions;
		// The request option groups are plain records at run time; n8n writes into them by name too.
		const target = requestOptions as unknown as Record<string, Record<string, unknown> | undefined>;
		for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				const resolvedKey = this.resolve(key, credentials, workflow, node);
				const group = (target[outerKey] ??= {});
				group[resolvedKey] = this.resolve(value, credentials, workflow, node);
			}
		}
		return requestOptions;
	}

	private resolve(
		value: unknown,
		credentials: ICredentialDataDecryptedObject,
		workflow: Workflow,
		node: INode,
	): string {
		if (typeof value !== 'string' || !value.startsWith('=')) return String(value);
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		return resolved ? String(resolved) : '';
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(
		_helpers: IHttpRequestHelper,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<Credentials> {
		return new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = nodeCredentials.id ? this.store[nodeCredentials.id] : undefined;
		// Same wording as n8n's CredentialNotFoundError, so node error handling sees the real thing.
		if (!data)
			throw new Error(
				`Credential with ID "${nodeCredentials.id ?? ''}" does not exist for type "${type}".`,
			);
		return applyDefaults(this.types.get(type), data);
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types.get(type).properties;
	}
}
