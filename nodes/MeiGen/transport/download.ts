import { createHash } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

import { ApiError, CancelledError, DownloadTooLargeError, NetworkError } from './errors';
import { asErrorBody, headerValue, plainRequest, retryAfterMs } from './response';

/** What prepareBinaryData accepts besides a Buffer: a readable stream (typed without importing `stream`). */
export type MediaStream = Exclude<
	Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0],
	Buffer
>;

export interface OpenedDownload {
	stream: MediaStream;
	mimeType?: string;
	/** The URL that answered, after redirects */
	url: string;
	/** Content-Length, when the server sent one */
	size?: number;
	/** The SHA-256 of the bytes read so far (all of them, once the stream has ended), in hex */
	sha256(): string;
}

const MAX_REDIRECTS = 5;

async function readErrorText(stream: MediaStream): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of stream) {
			const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
			chunks.push(buffer);
			size += buffer.length;
			if (size > 4096) break;
		}
	} catch {
		// The error status is what matters; a broken error body adds nothing.
	}
	stream.destroy();
	return Buffer.concat(chunks).toString('utf8').slice(0, 4096);
}

/**
 * Opens a media file on the CDN as a stream. Plain httpRequest: the API key never leaves the API
 * host. Redirects are followed here, one by one, so a redirect to a non-http(s) scheme is refused.
 * Files over `maxBytes` fail before (Content-Length) or while (byte count) they stream.
 */
export async function openDownload(
	context: IExecuteFunctions,
	url: string,
	maxBytes: number,
	signal: AbortSignal | undefined,
): Promise<OpenedDownload> {
	let current = url;
	for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
		const protocol = new URL(current).protocol;
		if (protocol !== 'http:' && protocol !== 'https:') {
			throw new NetworkError(
				`refused to download media from a ${protocol} URL`,
				'unsupported_protocol',
			);
		}
		if (signal?.aborted) throw new CancelledError();

		const response = await plainRequest(
			context,
			{ method: 'GET', url: current, encoding: 'stream', disableFollowRedirect: true },
			signal,
			'download',
		);
		const stream = response.body as MediaStream;
		const status = response.statusCode;

		if (status >= 300 && status < 400) {
			const location = headerValue(response.headers, 'location');
			stream.destroy();
			if (!location) throw new ApiError(status, { error: 'redirect without a Location header' });
			current = new URL(location, current).toString();
			continue;
		}
		if (status < 200 || status >= 300) {
			const body = asErrorBody(await readErrorText(stream));
			throw new ApiError(
				status,
				{ ...body, error: `media download failed: ${body.error ?? `HTTP ${status}`}` },
				retryAfterMs(response.headers, body),
			);
		}

		const declared = Number(headerValue(response.headers, 'content-length'));
		const sizeBytes = Number.isFinite(declared) && declared >= 0 ? declared : undefined;
		if (sizeBytes !== undefined && sizeBytes > maxBytes) {
			stream.destroy();
			throw new DownloadTooLargeError(maxBytes, sizeBytes);
		}
		const hash = createHash('sha256');
		watchStream(stream, maxBytes, (chunk) => hash.update(chunk));
		const mimeType =
			headerValue(response.headers, 'content-type')?.split(';')[0].trim() || undefined;
		return {
			stream,
			mimeType,
			url: current,
			size: sizeBytes,
			sha256: () => hash.copy().digest('hex'),
		};
	}
	throw new NetworkError(`more than ${MAX_REDIRECTS} redirects`, 'too_many_redirects');
}

/**
 * Counts the bytes the consumer is handed and destroys the stream past the limit (a server that
 * sends no Content-Length, or lies about it), giving each chunk to `onChunk`. Watching the 'data'
 * event as it is emitted (not a listener, which would start the flow) sees every chunk however
 * the consumer reads, including a small body that arrived with the headers, before this was set.
 */
function watchStream(
	stream: MediaStream,
	maxBytes: number,
	onChunk: (chunk: Buffer) => void,
): void {
	let seen = 0;
	const emit = stream.emit.bind(stream);
	stream.emit = (event: string | symbol, ...args: unknown[]): boolean => {
		if (event === 'data') {
			const chunk = args[0];
			const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
			seen += bytes.length;
			if (seen > maxBytes) {
				stream.destroy(new DownloadTooLargeError(maxBytes));
				return false;
			}
			onChunk(bytes);
		}
		return emit(event, ...args);
	};
}
