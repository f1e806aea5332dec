import {
	NodeConnectionTypes,
	NodeHelpers,
	type IBinaryKeyData,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

export const MEIGEN_NODE_TYPE = 'n8n-nodes-meigen.meiGen';
export const MEIGEN_CREDENTIAL_TYPE = 'meiGenApi';

/** Registry n8n's Workflow/WorkflowExecute query for node types. */
export class HarnessNodeTypes implements INodeTypes {
	constructor(
		private readonly types: Record<string, INodeType | IVersionedNodeType>,
		// Consulted only for names not in `types`, so the package node is loaded only when used.
		private readonly fallback: (name: string) => INodeType | IVersionedNodeType | undefined = () =>
			undefined,
	) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType] ?? this.fallback(nodeType);
		if (!type)
			throw new Error(`Unknown node type "${nodeType}" (register it via RunOptions.nodeTypes)`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

/**
 * Loads a module the lead may not have written yet. Only a missing module counts as "absent";
 * a module that exists but fails to load (syntax, bad import) must fail loudly.
 */
function loadOptional<T>(modulePath: string, exportName: string): T | undefined {
	let mod: Record<string, unknown>;
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		mod = require(modulePath) as Record<string, unknown>;
	} catch (error) {
		const e = error as NodeJS.ErrnoException;
		const missing =
			e.code === 'MODULE_NOT_FOUND' && e.message.includes(modulePath.replace(/^(\.\.\/)+/, ''));
		if (missing) return undefined;
		throw error;
	}
	const Ctor = mod[exportName];
	if (typeof Ctor !== 'function')
		throw new Error(`${modulePath} does not export class ${exportName}`);
	return new (Ctor as new () => T)();
}

let meigenNode: INodeType | IVersionedNodeType | undefined;
let meigenCredential: ICredentialType | undefined;

/** The package's node (`n8n-nodes-meigen.meiGen`), or undefined while nodes/MeiGen/MeiGen.node.ts does not exist. */
export function packageNodeType(): INodeType | IVersionedNodeType | undefined {
	meigenNode ??= loadOptional<INodeType | IVersionedNodeType>(
		'../../nodes/MeiGen/MeiGen.node',
		'MeiGen',
	);
	return meigenNode;
}

/** The package's credential (`meiGenApi`), or undefined while it does not exist. */
export function packageCredentialType(): ICredentialType | undefined {
	meigenCredential ??= loadOptional<ICredentialType>(
		'../../credentials/MeiGenApi.credentials',
		'MeiGenApi',
	);
	return meigenCredential;
}

/** Passes its input through: the workflow's entry point (the harness feeds it one empty item). */
export const startNodeType: INodeType = {
	description: {
		displayName: 'Test Start',
		name: 'test.start',
		group: ['input'],
		version: 1,
		description: 'Entry point for harness workflows',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	},
};

/** One item for `test.items`; binary entries are stored through n8n's prepareBinaryData. */
export interface TestItem {
	json?: IDataObject;
	binary?: Record<string, { data: string; mimeType: string; fileName?: string }>;
}

/** Emits the items in its `items` parameter (JSON), storing their binary data the way a real node would. */
export const itemsNodeType: INodeType = {
	description: {
		displayName: 'Test Items',
		name: 'test.items',
		group: ['input'],
		version: 1,
		description: 'Emits fixed items, optionally with binary data',
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[{}]' }],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | TestItem[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as TestItem[];
		const out: INodeExecutionData[] = [];
		for (const item of items) {
			const binary: IBinaryKeyData = {};
			for (const [key, b] of Object.entries(item.binary ?? {})) {
				binary[key] = await this.helpers.prepareBinaryData(
					Buffer.from(b.data, 'base64'),
					b.fileName,
					b.mimeType,
				);
			}
			out.push({
				json: item.json ?? {},
				...(item.binary ? { binary } : {}),
				pairedItem: { item: 0 },
			});
		}
		return [out];
	},
};

export function startNode(name = 'Start'): INode {
	return {
		id: `node-${name}`,
		name,
		type: 'test.start',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

/** A `test.items` node; connect Start -> it -> the node under test. */
export function itemsNode(items: TestItem[], name = 'Items'): INode {
	return {
		id: `node-${name}`,
		name,
		type: 'test.items',
		typeVersion: 1,
		position: [200, 0],
		parameters: { items: JSON.stringify(items) },
	};
}

/** A MeiGen node using credential `id`. */
export function meiGenNode(
	parameters: INode['parameters'],
	opts: { name?: string; credentialId?: string; typeVersion?: number } = {},
): INode {
	const name = opts.name ?? 'MeiGen';
	return {
		id: `node-${name}`,
		name,
		type: MEIGEN_NODE_TYPE,
		typeVersion: opts.typeVersion ?? 1,
		position: [400, 0],
		parameters,
		credentials: {
			[MEIGEN_CREDENTIAL_TYPE]: { id: opts.credentialId ?? 'cred-1', name: 'MeiGen account' },
		},
	};
}

/** Connections for a straight line of nodes: chain('Start', 'Items', 'MeiGen'). */
export function chain(
	...names: string[]
): Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }> {
	const connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: 'main'; index: number }>> }
	> = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = {
			main: [[{ node: names[i + 1], type: NodeConnectionTypes.Main, index: 0 }]],
		};
	}
	return connections;
}
