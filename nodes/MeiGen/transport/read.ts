import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { apiRequest } from './index';
import { ApiError } from './errors';
import {
	type CallOptions,
	classifyReadError,
	readPolicy,
	type RetryDecision,
	withRetries,
} from './retry';

/**
 * Requests that cost nothing when repeated (reads, free uploads): each is retried the same way,
 * within the call's deadline.
 */

export interface ReadOptions extends CallOptions {
	qs?: IDataObject;
	body?: object;
	/** Which failures are worth another try; by default those of any read */
	classify?: (error: unknown) => RetryDecision;
}

/** A request that is safe to repeat, retried on lost answers, 5xx and 429 until the deadline. */
export async function safeRequest<T>(
	context: IExecuteFunctions,
	method: IHttpRequestMethods,
	path: string,
	options: ReadOptions,
): Promise<T> {
	const { qs, body, classify = classifyReadError, ...call } = options;
	return await withRetries(
		async () => await apiRequest<T>(context, method, path, { qs, body, signal: call.signal }),
		classify,
		readPolicy(call),
	);
}

/** GET `path`, retried like every read. */
export async function readApi<T>(
	context: IExecuteFunctions,
	path: string,
	options: ReadOptions,
): Promise<T> {
	return await safeRequest<T>(context, 'GET', path, options);
}

/** The same read, undefined when MeiGen answers 404: no job (yet) under that ID. */
export async function readApiIfExists<T>(
	context: IExecuteFunctions,
	path: string,
	options: ReadOptions,
): Promise<T | undefined> {
	return await unlessNotFound(readApi<T>(context, path, options));
}

/** A read's answer, or undefined when MeiGen answered 404; every other failure stays a failure. */
export async function unlessNotFound<T>(read: Promise<T>): Promise<T | undefined> {
	return await read.then(
		(value): T | undefined => value,
		async (error: unknown) =>
			error instanceof ApiError && error.statusCode === 404
				? undefined
				: await Promise.reject(error),
	);
}
