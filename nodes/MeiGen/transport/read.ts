import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { apiRequest } from './index';
import { ApiError, LookupUnavailableError } from './errors';
import type { CallKind } from './limits';
import {
	type CallOptions,
	classifyReadError,
	readPolicy,
	type RetryDecision,
	type RetryPolicy,
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
	/** Checks a 2xx answer; an InvalidAnswerError it throws is asked again like a lost answer */
	check?: (answer: unknown) => void;
	/** The call's time limit (a read's by default) */
	limit?: CallKind;
	/** How often it is tried (a read's policy by default) */
	policy?: (call: CallOptions) => RetryPolicy;
}

/** A request that is safe to repeat, retried on lost answers, 5xx and 429 until the deadline. */
export async function safeRequest<T>(
	context: IExecuteFunctions,
	method: IHttpRequestMethods,
	path: string,
	options: ReadOptions,
): Promise<T> {
	const { qs, body, classify = classifyReadError, check, limit, policy = readPolicy } = options;
	const call = { deadline: options.deadline, signal: options.signal };
	return await withRetries(
		async () => {
			const answer = await apiRequest<T>(context, method, path, {
				qs,
				body,
				signal: call.signal,
				limit,
			});
			check?.(answer);
			return answer;
		},
		classify,
		policy(call),
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

/**
 * The same read, undefined when MeiGen itself answers 404 (its JSON, `success: false`): no job
 * (yet) under that ID. Any other 404 (a proxy's page, a wrong Base URL) proves nothing, so it is
 * LookupUnavailableError: nothing may be sent again on its word.
 */
export async function readApiIfExists<T>(
	context: IExecuteFunctions,
	path: string,
	options: ReadOptions,
): Promise<T | undefined> {
	return await unlessNotFound(readApi<T>(context, path, options));
}

/** A read's answer, or undefined when MeiGen answered its own 404; every other failure stays one. */
async function unlessNotFound<T>(read: Promise<T>): Promise<T | undefined> {
	return await read.then(
		(value): T | undefined => value,
		async (error: unknown) => {
			if (!(error instanceof ApiError && error.statusCode === 404))
				return await Promise.reject(error);
			if (error.body.success === false) return undefined;
			return await Promise.reject(new LookupUnavailableError(error.body.code));
		},
	);
}
