import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { CancelledError, NetworkError } from './errors';
import { redactText } from './redact';
import type { ApiErrorBody } from '../types';

export function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	if (Array.isArray(value)) return String(value[0]);
	return value === undefined || value === null ? undefined : String(value);
}

/** `Retry-After` (seconds) or the body's `retryAfterSeconds`, in milliseconds. */
export function retryAfterMs(
	headers: IDataObject | undefined,
	body: ApiErrorBody,
): number | undefined {
	const header = Number(headerValue(headers, 'retry-after'));
	if (Number.isFinite(header) && header >= 0) return header * 1000;
	if (typeof body.retryAfterSeconds === 'number' && body.retryAfterSeconds >= 0) {
		return body.retryAfterSeconds * 1000;
	}
	return undefined;
}

export function asErrorBody(body: unknown): ApiErrorBody {
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

/**
 * A thrown request error → NetworkError (no answer) or CancelledError; never passes the raw
 * error on, since it holds the request headers.
 */
export function transportFailure(
	error: unknown,
	signal: AbortSignal | undefined,
	secret = '',
): Error {
	if (signal?.aborted) return new CancelledError();
	const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
	const code = cause?.code ?? (error as { code?: string })?.code;
	const text = code ?? cause?.message ?? (error instanceof Error ? error.message : 'no answer');
	return new NetworkError(`no answer from the server (${redactText(text, secret)})`, code);
}

/**
 * A plain request off the API host (CDN, upload storage): no credential, the full answer whatever
 * its status, Stop hanging it up, and a failure without an answer as transportFailure gives it.
 */
export async function plainRequest(
	context: IExecuteFunctions,
	options: IHttpRequestOptions,
	signal: AbortSignal | undefined,
): Promise<IN8nHttpFullResponse> {
	try {
		return (await context.helpers.httpRequest({
			...options,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			abortSignal: signal,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		throw transportFailure(error, signal);
	}
}
