import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { ApiError, CancelledError, DownloadTooLargeError, NetworkError } from '../helpers/errors';
import type { ApiErrorBody } from '../helpers/interfaces';

export type MeiGenFunctions = IExecuteFunctions | ILoadOptionsFunctions;

/** What prepareBinaryData accepts besides a Buffer: a readable stream (typed without importing `stream`). */
export type MediaStream = Exclude<Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0], Buffer>;

export interface MeiGenCredentials {
	apiKey: string;
	baseUrl: string;
}

const DEFAULT_BASE_URL = 'https://www.meigen.ai/api';
const MAX_REDIRECTS = 5;

/** Builds an endpoint path, URL-encoding every interpolated value so an ID can't reach another route. */
export function endpoint(strings: TemplateStringsArray, ...values: Array<string | number>): string {
	return strings.reduce(
		(path, part, index) =>
			path + part + (index < values.length ? encodeURIComponent(String(values[index])) : ''),
		'',
	);
}

export function cancelSignal(context: MeiGenFunctions): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
}

export async function getMeiGenCredentials(context: MeiGenFunctions): Promise<MeiGenCredentials> {
	const credentials = await context.getCredentials<MeiGenCredentials>('meiGenApi');
	return {
		apiKey: String(credentials.apiKey ?? ''),
		baseUrl: String(credentials.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, ''),
	};
}

function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	if (Array.isArray(value)) return String(value[0]);
	return value === undefined || value === null ? undefined : String(value);
}

/** `Retry-After` (seconds) or the body's `retryAfterSeconds`, in milliseconds. */
function retryAfterMs(headers: IDataObject | undefined, body: ApiErrorBody): number | undefined {
	const header = Number(headerValue(headers, 'retry-after'));
	if (Number.isFinite(header) && header >= 0) return header * 1000;
	if (typeof body.retryAfterSeconds === 'number' && body.retryAfterSeconds >= 0) {
		return body.retryAfterSeconds * 1000;
	}
	return undefined;
}

function asErrorBody(body: unknown): ApiErrorBody {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as ApiErrorBody;
	if (typeof body === 'string' && body.trim()) {
		try {
			const parsed: unknown = JSON.parse(body);
			if (parsed && typeof parsed === 'object') return parsed as ApiErrorBody;
		} catch {
			// Not JSON (a proxy's HTML page): keep a short excerpt as the text.
		}
		return { error: body.trim().slice(0, 300) };
	}
	return {};
}

/** Removes the secret from any text that may be shown, in case a server or proxy echoes it back. */
function redact(body: ApiErrorBody, secret: string): ApiErrorBody {
	if (!secret) return body;
	const text = JSON.stringify(body);
	return text.includes(secret) ? (JSON.parse(text.split(secret).join('[redacted]')) as ApiErrorBody) : body;
}

/** A thrown request error → NetworkError (no answer) or CancelledError; never passes the raw error (it holds the request headers) on. */
function transportFailure(error: unknown, signal: AbortSignal | undefined): Error {
	if (signal?.aborted) return new CancelledError();
	const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
	const code = cause?.code ?? (error as { code?: string })?.code;
	const text = code ?? cause?.message ?? (error instanceof Error ? error.message : 'no answer');
	return new NetworkError(`no answer from the server (${text})`, code);
}

/**
 * One request to the MeiGen API with the credential's Bearer token. Resolves with the parsed body
 * of a 2xx answer; otherwise throws ApiError (any other status), NetworkError or CancelledError.
 */
export async function apiRequest<T>(
	context: MeiGenFunctions,
	method: IHttpRequestMethods,
	path: string,
	options: { body?: object; qs?: IDataObject } = {},
): Promise<T> {
	const { apiKey, baseUrl } = await getMeiGenCredentials(context);
	const signal = cancelSignal(context);
	if (signal?.aborted) throw new CancelledError();

	const request: IHttpRequestOptions = {
		method,
		url: `${baseUrl}${path}`,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		headers: { Accept: 'application/json' },
	};
	if (options.body) request.body = options.body;
	if (options.qs) request.qs = options.qs;

	let response: IN8nHttpFullResponse;
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			'meiGenApi',
			request,
		)) as IN8nHttpFullResponse;
	} catch (error) {
		throw transportFailure(error, signal);
	}

	if (response.statusCode >= 200 && response.statusCode < 300) return response.body as T;
	const body = redact(asErrorBody(response.body), apiKey);
	throw new ApiError(response.statusCode, body, retryAfterMs(response.headers, body));
}

export interface OpenedDownload {
	stream: MediaStream;
	mimeType?: string;
	/** The URL that answered, after redirects */
	url: string;
}

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
): Promise<OpenedDownload> {
	const signal = cancelSignal(context);
	let current = url;
	for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
		const protocol = new URL(current).protocol;
		if (protocol !== 'http:' && protocol !== 'https:') {
			throw new NetworkError(`refused to download media from a ${protocol} URL`, 'unsupported_protocol');
		}
		if (signal?.aborted) throw new CancelledError();

		let response: IN8nHttpFullResponse;
		try {
			response = (await context.helpers.httpRequest({
				method: 'GET',
				url: current,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				abortSignal: signal,
			})) as IN8nHttpFullResponse;
		} catch (error) {
			throw transportFailure(error, signal);
		}
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
			const text = await readErrorText(stream);
			const body = asErrorBody(text);
			throw new ApiError(status, { ...body, error: `media download failed: ${body.error ?? `HTTP ${status}`}` }, retryAfterMs(response.headers, body));
		}

		const declared = Number(headerValue(response.headers, 'content-length'));
		const sizeBytes = Number.isFinite(declared) && declared >= 0 ? declared : undefined;
		if (sizeBytes !== undefined && sizeBytes > maxBytes) {
			stream.destroy();
			throw new DownloadTooLargeError(maxBytes, sizeBytes);
		}
		limitStream(stream, maxBytes);
		const mimeType = headerValue(response.headers, 'content-type')?.split(';')[0].trim() || undefined;
		return { stream, mimeType, url: current };
	}
	throw new NetworkError(`more than ${MAX_REDIRECTS} redirects`, 'too_many_redirects');
}

/**
 * Counts bytes as they arrive and destroys the stream past the limit (a server that sends no
 * Content-Length, or lies about it). Counting at `push`, where the response fills its buffer,
 * leaves the stream's flow alone, so the consumer reads it however it likes and loses nothing.
 */
function limitStream(stream: MediaStream, maxBytes: number): void {
	let seen = 0;
	const push = stream.push.bind(stream);
	stream.push = (chunk: unknown, encoding?: BufferEncoding) => {
		if (chunk !== null && chunk !== undefined) {
			seen += (chunk as { length?: number }).length ?? 0;
			if (seen > maxBytes) {
				stream.destroy(new DownloadTooLargeError(maxBytes));
				return false;
			}
		}
		return push(chunk, encoding);
	};
}
