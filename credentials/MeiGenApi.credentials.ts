import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class MeiGenApi implements ICredentialType {
	name = 'meiGenApi';

	displayName = 'MeiGen API';

	icon: Icon = { light: 'file:meigen.svg', dark: 'file:meigen.dark.svg' };

	documentationUrl = 'https://github.com/meigen-ai/n8n-nodes-meigen#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'e.g. meigen_sk_...',
			description:
				'An API key (meigen_sk_…) from your MeiGen account settings. Creating, listing, deleting or reading the usage of API keys needs a session access token instead: paste it here in a separate credential.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://www.meigen.ai/api',
			description: 'Change only to go through a proxy or a test server',
		},
	];

	// A function, not n8n's generic `=Bearer {{$credentials.apiKey}}`: n8n 2.x evaluates that
	// expression as if for the node's input, which fails in a workflow in combined binary mode.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiKey)}` },
	});

	// Looking up an idempotency key that was never used costs nothing: a valid key gets
	// 404 `request_not_found` (ignored, so the test is green), a rejected one 401 or 403 (red).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{($credentials.baseUrl || "https://www.meigen.ai/api").replace(/\\/+$/, "")}}',
			url: '/generate/v2/requests/00000000-0000-4000-8000-000000000000',
			method: 'GET',
			ignoreHttpStatusErrors: { ignore: true, except: [401, 403] },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'MeiGen refused this API key: check that it is complete and has not been revoked',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'MeiGen refused this API key (403): check that it is active',
				},
			},
		],
	};
}
