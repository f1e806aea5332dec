import type { IExecuteFunctions } from 'n8n-workflow';

import { apiRequest, endpoint } from '../transport';
import {
	ApiError,
	InvalidAnswerError,
	LookupUnavailableError,
	SubmitDeadlineError,
} from '../transport/errors';
import type {
	GenerationStatus,
	RequestLookupResponse,
	StatusResponse,
	SubmitRequest,
	SubmitResponse,
} from '../types';
import {
	type CallOptions,
	classifyReadError,
	classifySubmitError,
	readPolicy,
	type RetryDecision,
	submitPolicy,
	type SubmitPacer,
	withRetries,
} from '../transport/retry';
import type { KindWatch } from '../jobs/job';
import type { JobRef } from '../jobs/jobRef';
import { isRecord } from '../util/records';
import { mediaUrls } from './result';

/** MeiGen's generation API: submit, read a job's status, find a job by its request ID. */

const STATUSES: GenerationStatus[] = ['processing', 'completed', 'failed'];

/** A job's status as MeiGen sent it, or the answer that can't be read (asked again). */
function asStatus<T extends StatusResponse>(body: unknown): T {
	if (isRecord(body) && STATUSES.includes(body.status as GenerationStatus)) return body as T;
	const status = isRecord(body) ? JSON.stringify(body.status) : 'none';
	throw new InvalidAnswerError(`MeiGen answered with an unknown job status: ${status}`);
}

/** GET /generate/v2/status/:generationId (an unreadable status is read again, like a lost one) */
export async function fetchGenerationStatus(
	context: IExecuteFunctions,
	job: JobRef,
	call: CallOptions,
): Promise<StatusResponse> {
	const path = endpoint`/generate/v2/status/${job.generationId ?? ''}`;
	return await withRetries(
		async () => asStatus(await apiRequest<unknown>(context, 'GET', path, { signal: call.signal })),
		classifyReadError,
		readPolicy(call),
	);
}

/** Whether a lookup's answer says nothing was submitted under the request ID (MeiGen's docs). */
function notSubmitted(error: unknown): boolean {
	if (!(error instanceof ApiError)) return false;
	const { statusCode, body } = error;
	// 402: the submission was refused for credits; the same ID may be submitted again.
	if (statusCode === 402) return true;
	// 503 in_progress with no time left on its lease: it ended without a job.
	if (body.code === 'in_progress' && body.retryAfterSeconds === 0) return true;
	// Only MeiGen's own "no request" answer: an HTML page or another 404 proves nothing.
	return statusCode === 404 && body.code === 'request_not_found' && body.success === false;
}

/**
 * A lookup's `in_progress` (MeiGen is still taking the request in) is asked again after its
 * delay; with no time left on its lease, it ended without a job (notSubmitted).
 */
function classifyLookupError(error: unknown): RetryDecision {
	if (notSubmitted(error)) return { retry: false };
	if (error instanceof ApiError && error.body.code === 'in_progress') {
		return { retry: true, afterMs: error.retryAfterMs ?? 5000 };
	}
	return classifyReadError(error);
}

/**
 * GET /generate/v2/requests/:idempotencyKey — the job a request ID has, or undefined when MeiGen
 * says nothing was submitted under it. Any other 404 (a proxy's page, a wrong Base URL) says the
 * lookup is unavailable: it is an error, so nothing is submitted on its word.
 */
export async function findGenerationRequest(
	context: IExecuteFunctions,
	requestId: string,
	call: CallOptions,
): Promise<RequestLookupResponse | undefined> {
	const path = endpoint`/generate/v2/requests/${requestId}`;
	const lookUp = async () => {
		const body = asStatus<RequestLookupResponse>(
			await apiRequest<unknown>(context, 'GET', path, { signal: call.signal }),
		);
		// Taken in, but no job yet: MeiGen's client asks again after 5 s.
		if (typeof body.generationId !== 'string' || !body.generationId) {
			throw new InvalidAnswerError('MeiGen has no generation ID for this request yet', 5000);
		}
		return body;
	};
	return await withRetries(lookUp, classifyLookupError, readPolicy(call)).then(
		(found): RequestLookupResponse | undefined => found,
		async (error: unknown) => {
			if (notSubmitted(error)) return undefined;
			if (!(error instanceof ApiError && error.statusCode === 404))
				return await Promise.reject(error);
			return await Promise.reject(new LookupUnavailableError(error.body.code));
		},
	);
}

/** The job a request ID must have (Get Status by request ID): a 404 when there is none. */
export async function lookupGenerationRequest(
	context: IExecuteFunctions,
	requestId: string,
	call: CallOptions,
): Promise<RequestLookupResponse> {
	const found = await findGenerationRequest(context, requestId, call);
	if (found) return found;
	throw new ApiError(404, {
		code: 'request_not_found',
		error: 'No request was submitted under this ID',
	});
}

/** A submit's answer counts only with `success: true` and a generation ID (MeiGen's client). */
export function asSubmitted(body: unknown): SubmitResponse {
	if (isRecord(body) && body.success === true && typeof body.generationId === 'string') {
		if (body.generationId) return body as SubmitResponse;
	}
	throw new InvalidAnswerError("MeiGen's answer to the submission named no generation");
}

/** A submission: MeiGen's answer, or the job a look-up found after a lost or unreadable one. */
export interface Submitted {
	job: SubmitResponse;
	/** The job's status from the look-up that found it: the wait starts from it */
	found?: RequestLookupResponse;
}

/**
 * POST /generate/v2 with its idempotency key, at most four at once across the execution. A send
 * whose answer was lost, late, unreadable or a 5xx may have made the job: the request ID is looked
 * up before anything is sent again, and the job it finds is the one paid for. A 429 made nothing
 * and waits for MeiGen's delay.
 */
export async function submitGeneration(
	context: IExecuteFunctions,
	body: SubmitRequest,
	call: CallOptions & {
		pacer: SubmitPacer;
		onSend?: () => void;
		/**
		 * The key was derived from these inputs: a 409 conflict means only that an upload gave a
		 * file a new URL since the key's job was made, so that job is continued
		 */
		derivedKey?: boolean;
	},
): Promise<Submitted> {
	const { pacer, onSend, derivedKey, ...options } = call;
	const lookUp = async () => await findGenerationRequest(context, body.idempotencyKey, options);
	const { signal } = options;
	/** The failure of the last send, when the job may exist */
	let mayExist: unknown;
	return await withRetries(
		async (): Promise<Submitted> => {
			if (mayExist !== undefined) {
				const found = await lookUp();
				if (found) return { job: { ...found, success: true }, found };
				mayExist = undefined;
			}
			if (!(await pacer.wait(signal, options.deadline))) throw new SubmitDeadlineError();
			onSend?.();
			const send = async () =>
				asSubmitted(
					await apiRequest<unknown>(context, 'POST', '/generate/v2', {
						body,
						signal,
						limit: 'submit',
					}),
				);
			return await pacer.inSlot(send, signal).then(
				(job): Submitted => {
					pacer.accepted();
					return { job };
				},
				async (error: unknown): Promise<Submitted> => {
					if (error instanceof ApiError && error.body.code === 'idempotency_conflict') {
						// MeiGen's 409 names no job: the key's own is found by a look-up. A derived key
						// stands for these inputs, so its job is continued; a given one is the user's.
						const found = await lookUp();
						if (found && derivedKey) return { job: { ...found, success: true }, found };
						if (found) {
							const named = { ...error.body, generationId: found.generationId };
							return await Promise.reject(new ApiError(409, named, error.retryAfterMs));
						}
					}
					if (classifySubmitError(error).retry && !isRateLimit(error)) mayExist = error;
					return await Promise.reject(error);
				},
			);
		},
		classifySubmitError,
		submitPolicy(options, pacer),
	);
}

function isRateLimit(error: unknown): boolean {
	return error instanceof ApiError && error.statusCode === 429;
}

function seconds(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) && value > 0
		? value * 1000
		: undefined;
}

/**
 * Watching a generation: over once it failed or its media are in (a `completed` status without
 * them is read again); MeiGen's `expectedWaitSeconds` is the estimate, and `pollHintSeconds` 0
 * says it no longer promises progress.
 */
export const generationWatch: KindWatch<StatusResponse> = {
	read: fetchGenerationStatus,
	isDone: (status) =>
		status.status === 'failed' || (status.status === 'completed' && mediaUrls(status).length > 0),
	// A completed job still without media: no estimate left, so the reads back off.
	estimateMs: (status) => (status.status === 'completed' ? 0 : seconds(status.expectedWaitSeconds)),
	noProgress: (status) => status.pollHintSeconds === 0,
};
