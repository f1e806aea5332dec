import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiRequest, endpoint } from '../transport';
import { ApiError, NetworkError, resumeHint, SubmitDeadlineError, type JobRef } from './errors';
import type {
	GenerationStatus,
	RequestLookupResponse,
	StatusResponse,
	SubmitRequest,
	SubmitResponse,
} from './interfaces';
import { cancellableSleep, pollUntil, type WaitDeadline } from './polling';
import { type RetryDecision, type RetryPolicy, type SubmitPacer, withRetries } from './retry';

const STATUSES: GenerationStatus[] = ['processing', 'completed', 'failed'];

/** Lost answers and server trouble: safe to repeat with the same idempotency key. */
export function classifySubmitError(error: unknown): RetryDecision {
	if (error instanceof NetworkError) return { retry: true };
	if (error instanceof ApiError) {
		if (error.statusCode === 429) {
			return { retry: true, afterMs: error.retryAfterMs ?? 15_000, rateLimited: true };
		}
		if (error.statusCode >= 500) return { retry: true, afterMs: error.retryAfterMs };
	}
	return { retry: false };
}

/** Refusals made here, not network trouble: trying again ends the same way. */
const FINAL_NETWORK_CODES = ['unsupported_protocol', 'too_many_redirects'];

/** A connection that broke while a body was streaming (the error comes from the stream, not the request). */
const BROKEN_STREAM_CODES = ['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ERR_STREAM_PREMATURE_CLOSE'];

/** Reads (status polls, lookups, downloads): network trouble, 429 and 5xx; other 4xx are final. */
export function classifyReadError(error: unknown): RetryDecision {
	if (error instanceof NetworkError) return { retry: !FINAL_NETWORK_CODES.includes(error.code ?? '') };
	const code = (error as { code?: unknown } | undefined)?.code;
	if (typeof code === 'string' && BROKEN_STREAM_CODES.includes(code)) return { retry: true };
	if (error instanceof Error && error.message === 'aborted') return { retry: true };
	if (error instanceof ApiError && (error.statusCode === 429 || error.statusCode >= 500)) {
		return { retry: true, afterMs: error.retryAfterMs, rateLimited: error.statusCode === 429 };
	}
	return { retry: false };
}

export interface CallOptions {
	deadline: number;
	signal?: AbortSignal;
}

/** The retry policy of every API read: a few tries, short backoff, within the caller's deadline. */
export function readPolicy(options: CallOptions): RetryPolicy {
	return { attempts: 5, baseDelayMs: 1000, maxDelayMs: 8000, ...options };
}

/** POST /generate/v2 — retried with the same idempotency key, so a lost answer never pays twice. */
export async function submitGeneration(
	this: IExecuteFunctions,
	body: SubmitRequest,
	options: CallOptions & { pacer: SubmitPacer },
): Promise<SubmitResponse> {
	const { pacer, ...call } = options;
	return await withRetries(
		async () => {
			if (!(await pacer.wait(call.signal, call.deadline))) throw new SubmitDeadlineError();
			const submitted = await apiRequest<SubmitResponse>(this, 'POST', '/generate/v2', { body });
			pacer.accepted();
			return submitted;
		},
		classifySubmitError,
		{
			attempts: 8,
			baseDelayMs: 1000,
			maxDelayMs: 30_000,
			...call,
			onRateLimited: (afterMs) => pacer.rateLimited(afterMs),
		},
	);
}

function assertStatus<T extends StatusResponse>(node: INode, body: T, itemIndex: number, job: JobRef): T {
	if (!body || !STATUSES.includes(body.status)) {
		throw new NodeOperationError(node, `MeiGen answered with an unknown job status: ${JSON.stringify(body?.status)}`, {
			description: resumeHint(job),
			itemIndex,
		});
	}
	return body;
}

/** GET /generate/v2/status/:generationId */
export async function fetchStatus(
	this: IExecuteFunctions,
	generationId: string,
	itemIndex: number,
	options: CallOptions,
): Promise<StatusResponse> {
	const body = await withRetries(
		async () =>
			await apiRequest<StatusResponse>(this,
				'GET',
				endpoint`/generate/v2/status/${generationId}`,
			),
		classifyReadError,
		readPolicy(options),
	);
	return assertStatus(this.getNode(), body, itemIndex, { generationId });
}

/** GET /generate/v2/requests/:idempotencyKey — finds the job a submission created. */
export async function lookupRequest(
	this: IExecuteFunctions,
	requestId: string,
	itemIndex: number,
	options: CallOptions,
): Promise<RequestLookupResponse> {
	const body = await withRetries(
		async () =>
			await apiRequest<RequestLookupResponse>(this,
				'GET',
				endpoint`/generate/v2/requests/${requestId}`,
			),
		(error) =>
			// 503 `in_progress`: the submission is still being taken in; ask again shortly.
			error instanceof ApiError && error.statusCode === 503
				? { retry: true, afterMs: error.retryAfterMs ?? 2000 }
				: classifyReadError(error),
		readPolicy(options),
	);
	return assertStatus(this.getNode(), body, itemIndex, { requestId, generationId: body?.generationId });
}

export interface WaitResult {
	status: StatusResponse;
	timedOut: boolean;
}

/**
 * How long to sleep before the next poll. The server's `pollHintSeconds` says when progress is
 * next expected: a longer hint is followed (fewer requests on long jobs) but never past the
 * point where the job could be done by its `expectedWaitSeconds`, so a finished job is seen no
 * more than one interval late.
 */
export function nextPollDelay(status: StatusResponse, intervalMs: number, elapsedMs: number): number {
	const hintMs = (status.pollHintSeconds ?? 0) * 1000;
	if (hintMs <= intervalMs) return intervalMs;
	const expectedMs = (status.expectedWaitSeconds ?? 0) * 1000;
	const untilExpected = expectedMs - elapsedMs;
	return Math.max(intervalMs, Math.min(hintMs, untilExpected));
}

/** Polls a job until it completes or fails, or the deadline passes (then the last status, timedOut). */
export async function waitForGeneration(
	this: IExecuteFunctions,
	first: StatusResponse | undefined,
	generationId: string,
	itemIndex: number,
	options: { intervalMs: number; deadline: WaitDeadline; signal?: AbortSignal; submittedAt: number },
): Promise<WaitResult> {
	let last = first;
	let pending = first;
	const call = { deadline: options.deadline.at, signal: options.signal };
	// A job just submitted is not done yet: the first poll waits one interval.
	if (!first) {
		await cancellableSleep(Math.max(0, Math.min(options.intervalMs, options.deadline.at - Date.now())), options.signal);
	}
	const result = await pollUntil<StatusResponse>(
		async () => {
			// The first status may come from the call that found the job; don't ask twice.
			const status = pending ?? (await fetchStatus.call(this, generationId, itemIndex, call));
			pending = undefined;
			last = status;
			if (status.status !== 'processing') return { done: true, value: status };
			return { done: false, nextDelayMs: nextPollDelay(status, options.intervalMs, Date.now() - options.submittedAt) };
		},
		{ deadline: options.deadline.at, signal: options.signal },
	);
	if (result.done) return { status: result.value, timedOut: false };
	return { status: last ?? { status: 'processing' }, timedOut: true };
}

/** The media of a completed job, first to last. */
export function mediaUrls(status: StatusResponse): string[] {
	if (status.mediaType === 'video' || (status.videoUrl && !status.imageUrl)) {
		return status.videoUrl ? [status.videoUrl] : [];
	}
	if (Array.isArray(status.imageUrls) && status.imageUrls.length) return status.imageUrls;
	if (status.imageUrl) return [status.imageUrl];
	return status.videoUrl ? [status.videoUrl] : [];
}

/** A `failed` job → the error a user sees, with the API's reason, the IDs and the refund status. */
export function failedJobError(node: INode, status: StatusResponse, job: JobRef, itemIndex: number): NodeOperationError {
	const reason = status.error || 'no reason given';
	const details = [
		job.generationId ? `Generation ID: ${job.generationId}` : '',
		job.requestId ? `Request ID: ${job.requestId}` : '',
		status.failureCode ? `Failure code: ${status.failureCode}` : '',
		`Credits: ${status.creditsStatus ?? 'refund status unknown'}`,
	].filter(Boolean);
	const advice =
		status.failureCode === 'content_policy_violation'
			? 'Rephrase the prompt or change the reference images, then run again.'
			: 'Failed jobs are refunded; run the workflow again, or try another model. (Retry On Fail resubmits with the same idempotency key and gets this same failed job back.)';
	const error = new NodeOperationError(node, `MeiGen could not generate this: ${reason}`, {
		description: `${details.join('. ')}. ${advice}`,
		itemIndex,
	});
	Object.assign(error.context, {
		generationId: job.generationId,
		requestId: job.requestId,
		status: 'failed',
		failureCode: status.failureCode ?? undefined,
		creditsStatus: status.creditsStatus,
	});
	return error;
}
