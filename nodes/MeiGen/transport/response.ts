import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { CancelledError, NetworkError } from './errors';
import { TIME_LIMIT_MS, type CallKind } from './limits';
import { redactText } from './redact';
import type { ApiErrorBody } from '../types';

export function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	if (Array.isArray(value)) return String(value[0]);
	return value === undefined || value === null ? undefined : String(value);
}

/**
 * `Retry-After` in milliseconds: seconds, or an HTTP date (the time until then, at least 0), as
 * HTTP allows both; else the body's `retryAfterSeconds`.
 */
export function retryAfterMs(
	headers: IDataObject | undefined,
	body: ApiErrorBody,
	now = Date.now(),
): number | undefined {
	const header = headerValue(headers, 'retry-after')?.trim();
	if (header && /^\d+$/.test(header)) return Number(header) * 1000;
	const date = header ? Date.parse(header) : NaN;
	if (Number.isFinite(date)) return Math.max(0, date - now);
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

/** Codes of a request given up for its time limit (axios, and Node's own sockets). */
const TIMEOUT_CODES = ['ECONNABORTED', 'ETIMEDOUT'];

/**
 * A thrown request error → NetworkError (no answer, or none within `limitMs`) or CancelledError;
 * never passes the raw error on, since it holds the request headers.
 */
export function transportFailure(
	error: unknown,
	signal: AbortSignal | undefined,
	secret = '',
	limitMs?: number,
): Error {
	if (signal?.aborted) return new CancelledError();
	const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
	const code = cause?.code ?? (error as { code?: string })?.code;
	const message = cause?.message ?? (error instanceof Error ? error.message : '');
	if (limitMs !== undefined && (TIMEOUT_CODES.includes(code ?? '') || /timeout/i.test(message))) {
		return new NetworkError(`no answer within ${Math.round(limitMs / 1000)} s`, 'ETIMEDOUT');
	}
	const text = code ?? (message || 'no answer');
	return new NetworkError(`no answer from the server (${redactText(text, secret)})`, code);
}

/**
 * A plain request off the API host (CDN, upload storage): no credential, the full answer whatever
 * its status, its time limit, Stop hanging it up, and a failure without an answer as
 * transportFailure gives it.
 */
export async function plainRequest(
	context: IExecuteFunctions,
	options: IHttpRequestOptions,
	signal: AbortSignal | undefined,
	limit: CallKind,
): Promise<IN8nHttpFullResponse> {
	try {
		return (await context.helpers.httpRequest({
			...options,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			abortSignal: signal,
			timeout: TIME_LIMIT_MS[limit],
		})) as IN8nHttpFullResponse;
	} catch (error) {
		throw transportFailure(error, signal, '', TIME_LIMIT_MS[limit]);
	}
}
