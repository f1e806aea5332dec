import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiRequest, endpoint } from '../transport';
import { readApi, unlessNotFound } from '../transport/read';
import { ApiError, SubmitDeadlineError } from '../transport/errors';
import type {
	GenerationStatus,
	RequestLookupResponse,
	StatusResponse,
	SubmitRequest,
	SubmitResponse,
} from '../types';
import type { JobRef } from '../errors/jobRef';
import { resumeHint } from '../errors/jobRef';
import type { SubmitPacer } from '../transport/pacer';
import {
	type CallOptions,
	classifyReadError,
	classifySubmitError,
	submitPolicy,
	withRetries,
} from '../transport/retry';
import { overduePause } from '../jobs/pollPace';
import type { JobWatch } from '../jobs/waitForJob';

/** MeiGen's generation API: submit, read a job's status, find a job by its request ID. */

const STATUSES: GenerationStatus[] = ['processing', 'completed', 'failed'];

/** POST /generate/v2 — retried with the same idempotency key, so a lost answer never pays twice. */
export async function submitGeneration(
	context: IExecuteFunctions,
	body: SubmitRequest,
	call: CallOptions & { pacer: SubmitPacer; onSend?: () => void },
): Promise<SubmitResponse> {
	const { pacer, onSend, ...options } = call;
	/** A send whose answer was lost or failed on the server: the job may exist */
	let mayExist: unknown;
	return await withRetries(
		async () => {
			if (!(await pacer.wait(options.signal, options.deadline))) {
				// Out of time: after a lost answer that is the error to report (the job may exist),
				// not "never submitted".
				if (mayExist !== undefined) return await Promise.reject(mayExist);
				throw new SubmitDeadlineError();
			}
			onSend?.();
			const submitted = await apiRequest<SubmitResponse>(context, 'POST', '/generate/v2', {
				body,
				signal: options.signal,
			}).then(
				(answer) => answer,
				(error: unknown) => {
					const refusedForRate = error instanceof ApiError && error.statusCode === 429;
					if (!refusedForRate) mayExist = error;
					return Promise.reject(error);
				},
			);
			pacer.accepted();
			return submitted;
		},
		classifySubmitError,
		submitPolicy(options, pacer),
	);
}

/** A read of a job (status or request lookup): retried like every read, its status checked. */
async function readJob<T extends StatusResponse>(
	context: IExecuteFunctions,
	path: string,
	itemIndex: number,
	call: CallOptions,
	job: (body: T) => JobRef,
	classify = classifyReadError,
): Promise<T> {
	const body = await readApi<T>(context, path, { ...call, classify });
	return assertStatus(context.getNode(), body, itemIndex, job(body));
}

function assertStatus<T extends StatusResponse>(
	node: INode,
	body: T,
	itemIndex: number,
	job: JobRef,
): T {
	if (!body || !STATUSES.includes(body.status)) {
		throw new NodeOperationError(
			node,
			`MeiGen answered with an unknown job status: ${JSON.stringify(body?.status)}`,
			{ description: resumeHint(job), itemIndex },
		);
	}
	return body;
}

/** GET /generate/v2/status/:generationId */
export async function fetchGenerationStatus(
	context: IExecuteFunctions,
	generationId: string,
	itemIndex: number,
	call: CallOptions,
): Promise<StatusResponse> {
	return await readJob<StatusResponse>(
		context,
		endpoint`/generate/v2/status/${generationId}`,
		itemIndex,
		call,
		() => ({ generationId }),
	);
}

/** GET /generate/v2/requests/:idempotencyKey — finds the job a submission created. */
export async function lookupGenerationRequest(
	context: IExecuteFunctions,
	requestId: string,
	itemIndex: number,
	call: CallOptions,
): Promise<RequestLookupResponse> {
	return await readJob<RequestLookupResponse>(
		context,
		endpoint`/generate/v2/requests/${requestId}`,
		itemIndex,
		call,
		(body) => ({ requestId, generationId: body?.generationId }),
		// 503 `in_progress`: the submission is still being taken in; ask again shortly.
		(error) =>
			error instanceof ApiError && error.statusCode === 503
				? { retry: true, afterMs: error.retryAfterMs ?? 2000 }
				: classifyReadError(error),
	);
}

/**
 * How long to sleep before the next poll. The server's `pollHintSeconds` says when progress is
 * next expected: a longer hint is followed (fewer requests on long jobs) but never past the
 * point where the job could be done by its `expectedWaitSeconds`, so a finished job is seen no
 * more than one interval late. Past that point the pause grows (overduePause).
 */
export function nextPollDelay(
	status: StatusResponse,
	intervalMs: number,
	elapsedMs: number,
): number {
	const expectedMs =
		status.expectedWaitSeconds === undefined ? undefined : status.expectedWaitSeconds * 1000;
	if (expectedMs !== undefined && elapsedMs >= expectedMs) {
		return overduePause(elapsedMs - expectedMs, intervalMs);
	}
	const hintMs = (status.pollHintSeconds ?? 0) * 1000;
	if (hintMs <= intervalMs) return intervalMs;
	const untilExpected = (expectedMs ?? 0) - elapsedMs;
	return Math.max(intervalMs, Math.min(hintMs, untilExpected));
}

/** Watching a generation: its status route, done once it is no longer processing. */
export function generationWatch(
	context: IExecuteFunctions,
	generationId: string,
	itemIndex: number,
): JobWatch<StatusResponse> {
	return {
		read: async (call) => await fetchGenerationStatus(context, generationId, itemIndex, call),
		isDone: (status) => status.status !== 'processing',
		nextDelayMs: nextPollDelay,
		// MeiGen: at 0 the server stops promising progress (not proof of failure).
		noProgress: (status) => status.pollHintSeconds === 0,
	};
}

/** The job a request ID already has, or undefined when nothing was submitted under it. */
export async function findGenerationRequest(
	context: IExecuteFunctions,
	requestId: string,
	itemIndex: number,
	call: CallOptions,
): Promise<RequestLookupResponse | undefined> {
	return await unlessNotFound(lookupGenerationRequest(context, requestId, itemIndex, call));
}
