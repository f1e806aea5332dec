import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';

/** A key of the documented shape: meigen_sk_ + 32 characters. */
export const API_KEY = 'meigen_sk_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6';

export const node: INode = {
	id: 'node-MeiGen',
	name: 'MeiGen',
	type: 'n8n-nodes-meigen.meiGen',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export interface FakeAnswer {
	statusCode: number;
	body: unknown;
	headers?: IDataObject;
}

/**
 * The few n8n functions apiRequest calls (credentials and the authenticated request), answering
 * every request with `answer`; the requests it was asked for are recorded.
 */
export function fakeApiContext(
	answer: (request: IHttpRequestOptions) => FakeAnswer | Promise<FakeAnswer>,
	apiKey = API_KEY,
) {
	const requests: IHttpRequestOptions[] = [];
	const context = {
		getNode: () => node,
		getCredentials: async () => ({ apiKey, baseUrl: 'https://api.meigen.test/api/' }),
		helpers: {
			httpRequestWithAuthentication: async (_name: string, request: IHttpRequestOptions) => {
				requests.push(request);
				const { statusCode, body, headers } = await answer(request);
				return { statusCode, body, headers: headers ?? {} };
			},
		},
	};
	return { context: context as unknown as IExecuteFunctions, requests };
}
