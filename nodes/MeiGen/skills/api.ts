import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiRequest, endpoint } from '../transport';
import { readApiIfExists } from '../transport/read';
import { ApiError, InvalidAnswerError, SubmitDeadlineError } from '../transport/errors';
import type { SkillId, SkillJobStatus, SkillRunResponse, SkillStatusResponse } from '../types';
import {
	type CallOptions,
	classifySubmitError,
	type RetryDecision,
	submitPolicy,
	type SubmitPacer,
	withRetries,
} from '../transport/retry';
import type { KindWatch } from '../jobs/job';
import type { JobRef } from '../jobs/jobRef';
import { isRecord } from '../util/records';

/** MeiGen's Skills API: run a Skill, read its receipt, watch it. */

const STATUSES: SkillJobStatus[] = ['processing', 'completed', 'partial', 'failed'];

/**
 * GET /api/skills/status — the receipt of a run and its results; undefined when none exists. An
 * answer without a known status is read again, like a lost one.
 */
export async function findSkillReceipt(
	context: IExecuteFunctions,
	skill: SkillId,
	requestId: string,
	call: CallOptions,
): Promise<SkillStatusResponse | undefined> {
	// No receipt (404): nothing was submitted under this request ID.
	const body = await readApiIfExists<unknown>(context, '/skills/status', {
		...call,
		qs: { skill, requestId },
		check: (answer) => {
			if (isRecord(answer) && STATUSES.includes(answer.status as SkillJobStatus)) return;
			const status = isRecord(answer) ? JSON.stringify(answer.status) : 'none';
			throw new InvalidAnswerError(`MeiGen answered with an unknown Skill status: ${status}`);
		},
	});
	return body as SkillStatusResponse | undefined;
}

/** A receipt that must exist: the job was submitted (404 is then an error, not "no job"). */
export async function fetchSkillStatus(
	context: IExecuteFunctions,
	skill: SkillId,
	requestId: string,
	call: CallOptions,
): Promise<SkillStatusResponse> {
	const receipt = await findSkillReceipt(context, skill, requestId, call);
	if (!receipt) {
		throw new ApiError(404, { error: 'MeiGen has no receipt for this request ID' });
	}
	return receipt;
}

function code(error: unknown): string | undefined {
	return error instanceof ApiError ? error.body.code : undefined;
}

/**
 * Which failed submits are tried again (with the same request ID, after checking the receipt):
 * lost, late or unreadable answers, 5xx, 409 `in_progress` (after its retryAfterSeconds) and
 * 429s, except the daily limit, which no wait within a run would lift.
 */
function classifySkillSubmitError(error: unknown): RetryDecision {
	if (error instanceof ApiError && error.statusCode === 409 && code(error) === 'in_progress') {
		return { retry: true, afterMs: error.retryAfterMs ?? 10_000 };
	}
	if (
		error instanceof ApiError &&
		error.statusCode === 429 &&
		code(error) === 'DAILY_LIMIT_REACHED'
	) {
		return { retry: false };
	}
	return classifySubmitError(error);
}

/**
 * A run's answer counts only with `success: true` and what the run made: the cut-out's image, a
 * generation ID, or product-detail's items.
 */
export function asRun(body: unknown): SkillRunResponse {
	if (isRecord(body) && body.success === true) {
		const items = Array.isArray(body.items) ? body.items : [];
		const made =
			(typeof body.imageUrl === 'string' && body.imageUrl) ||
			(typeof body.generationId === 'string' && body.generationId) ||
			items.some((item) => isRecord(item) && typeof item.generationId === 'string');
		if (made) return body as SkillRunResponse;
	}
	throw new InvalidAnswerError("MeiGen's answer to the Skill run named no job");
}

/**
 * The inputs to send again, when a receipt says its submission never became a job and MeiGen
 * may take it again (`retryable`, with `retryParameters`: the exact inputs and uploaded URLs of
 * the first try, so no upload is repeated).
 */
export function resendable(receipt: SkillStatusResponse): IDataObject | undefined {
	const params = receipt.retryParameters;
	const started = receipt.items?.some((item) => item.generationId);
	if (receipt.retryable !== true || !isRecord(params) || started) return undefined;
	return receipt.status === 'processing' ? undefined : (params as IDataObject);
}

export interface SkillSubmission {
	/** The run's own answer, when this submit was taken in */
	run?: SkillRunResponse;
	/** The existing job's receipt, when the request ID had been used already */
	receipt?: SkillStatusResponse;
}

/**
 * POST /api/skills/{skill}/run, at most four submissions at once across the execution. Before
 * any resubmit, and after a 409 idempotency conflict, the receipt is checked: a job that exists
 * is continued, never paid for twice. A resubmit sends the same body (the same uploaded URLs).
 */
export async function submitSkill(
	context: IExecuteFunctions,
	skill: SkillId,
	body: IDataObject,
	call: CallOptions & { pacer: SubmitPacer },
): Promise<SkillSubmission> {
	const { pacer, ...options } = call;
	const requestId = String(body.requestId);
	const receipt = async () => await findSkillReceipt(context, skill, requestId, options);
	let tries = 0;
	return await withRetries(
		async (): Promise<SkillSubmission> => {
			if (tries++ > 0) {
				// A job that exists is continued; a try that never became one is sent again.
				const found = await receipt();
				if (found && !resendable(found)) return { receipt: found };
			}
			if (!(await pacer.wait(options.signal, options.deadline))) throw new SubmitDeadlineError();
			const outcome = await pacer
				.inSlot(
					async () =>
						await apiRequest<unknown>(context, 'POST', endpoint`/skills/${skill}/run`, {
							body,
							signal: options.signal,
							limit: 'skillRun',
						}),
					options.signal,
				)
				.then(
					(answer) => ({ run: asRun(answer) }),
					(error: unknown) => ({ error }),
				);
			if ('run' in outcome) {
				pacer.accepted();
				return outcome;
			}
			// Same request ID, other inputs: the run exists; its receipt says whether it is this one.
			if (code(outcome.error) === 'idempotency_conflict') {
				const found = await receipt();
				if (found) return { receipt: found };
			}
			throw outcome.error;
		},
		classifySkillSubmitError,
		submitPolicy(options, pacer),
	);
}

/** Watching a Skill run: its receipt, read every Poll Interval (MeiGen gives Skills no estimate). */
export const skillWatch: KindWatch<
	SkillStatusResponse,
	JobRef & { skill: SkillId; requestId: string }
> = {
	read: async (context, job, call) =>
		await fetchSkillStatus(context, job.skill, job.requestId, call),
	isDone: (status) => status.status !== 'processing',
	estimateMs: () => undefined,
	noProgress: () => false,
};
