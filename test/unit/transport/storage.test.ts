import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { ApiError } from '../../../nodes/MeiGen/transport/errors';
import { putToStorage } from '../../../nodes/MeiGen/transport/storage';

/** A context whose plain httpRequest answers `statusCode` and records each request. */
function storageContext(statusCode: number, body: unknown = '') {
	const requests: IHttpRequestOptions[] = [];
	const context = {
		helpers: {
			httpRequest: async (request: IHttpRequestOptions) => {
				requests.push(request);
				return { statusCode, body, headers: {} };
			},
		},
	};
	return { context: context as unknown as IExecuteFunctions, requests };
}

const URL = 'https://storage.meigen.test/uploads/clip.mp4?signature=abc';

describe('putToStorage: the PUT of a reference clip to MeiGen storage', () => {
	it('gets five minutes, as MeiGen’s client gives it, and no API key', async () => {
		const { context, requests } = storageContext(200);
		await putToStorage(context, URL, Buffer.from('clip'), 'video/mp4', 4, undefined);
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({ method: 'PUT', url: URL, timeout: 300_000 });
		expect(requests[0].headers).toEqual({ 'Content-Type': 'video/mp4', 'Content-Length': '4' });
	});

	it("a refusal is an ApiError that names the storage's answer", async () => {
		const { context } = storageContext(403, '<Error><Code>AccessDenied</Code></Error>');
		const failure = await putToStorage(
			context,
			URL,
			Buffer.from('clip'),
			'video/mp4',
			4,
			undefined,
		).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(ApiError);
		expect((failure as ApiError).statusCode).toBe(403);
		expect((failure as ApiError).message).toContain('the upload storage refused the file');
		expect((failure as ApiError).message).toContain('AccessDenied');
	});
});
