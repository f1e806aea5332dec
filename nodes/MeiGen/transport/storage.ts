import type { IExecuteFunctions } from 'n8n-workflow';

import { ApiError } from './errors';
import type { MediaStream } from './download';
import { asErrorBody, plainRequest } from './response';

/**
 * PUT of a file to a presigned storage URL. Plain httpRequest: the storage host is not the API,
 * so the API key never goes there. A stream body is sent as it is read, never buffered here.
 */
export async function putToStorage(
	context: IExecuteFunctions,
	url: string,
	body: Buffer | MediaStream,
	contentType: string,
	size: number,
	signal: AbortSignal | undefined,
): Promise<void> {
	const response = await plainRequest(
		context,
		{
			method: 'PUT',
			url,
			body,
			headers: { 'Content-Type': contentType, 'Content-Length': String(size) },
			json: false,
		},
		signal,
		'storagePut',
	);
	if (response.statusCode < 200 || response.statusCode >= 300) {
		// A JSON error is parsed already; S3-style storage answers XML or text.
		const answer = asErrorBody(
			Buffer.isBuffer(response.body) ? response.body.toString('utf8') : response.body,
		);
		throw new ApiError(response.statusCode, {
			...answer,
			error: `the upload storage refused the file: ${answer.error ?? `HTTP ${response.statusCode}`}`,
		});
	}
}
