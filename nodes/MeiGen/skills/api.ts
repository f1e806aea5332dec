import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiRequest, endpoint } from '../transport';
import { readApiIfExists } from '../transport/read';
import { ApiError, SubmitDeadlineError } from '../transport/errors';
import type { SkillId, SkillJobStatus, SkillRunResponse, SkillStatusResponse } from '../types';
import type { JobRef } from '../errors/jobRef';
import { resumeHint } from '../errors/jobRef';
import type { SubmitPacer } from '../transport/pacer';
import {
	type CallOptions,
	classifySubmitError,
	type RetryDecision,
	submitPolicy,
	withRetries,
} from '../transport/retry';
import type { JobWatch } from '../jobs/waitForJob';

/** MeiGen's Skills API: run a Skill, read its receipt, watch it. */

const STATUSES: SkillJobStatus[] = ['processing', 'completed', 'partial', 'failed'];

/** GET /api/skills/status — the receipt of a run and its results; undefined when none exists. */
export async function findSkillReceipt(
	context: IExecuteFunctions,
	skill: SkillId,
	requestId: string,
	itemIndex: number,
	call: CallOptions,
): Promise<SkillStatusResponse | undefined> {
	// No receipt (404): nothing was submitted under this request ID.
	const body = await readApiIfExists<SkillStatusResponse>(context, '/skills/status', {
		...call,
		qs: { skill, requestId },
	});
	if (body === undefined) return undefined;
	if (!body || !STATUSES.includes(body.status)) {
		throw new NodeOperationError(
			context.getNode(),
			`MeiGen answered with an unknown Skill status: ${JSON.stringify(body?.status)}`,
			{ description: resumeHint({ skill, requestId }), itemIndex },
		);
	}
	return body;
}

/** A receipt that must exist: the job was submitted (404 is then an error, not "no job"). */
export async function fetchSkillStatus(
	context: IExecuteFunctions,
	skill: SkillId,
	requestId: string,
	itemIndex: number,
	call: CallOptions,
): Promise<SkillStatusResponse> {
	const receipt = await findSkillReceipt(context, skill, requestId, itemIndex, call);
	if (!receipt) {
		throw new ApiError(404, {
			error: 'MeiGen has no receipt for this request ID',
			code: 'not_found',
		});
	}
	return receipt;
}

function code(error: unknown): string | undefined {
	return error instanceof ApiError ? error.body.code : undefined;
}

/**
 * Which failed submits are tried again (with the same request ID, after checking the receipt):
 * lost answers, 5xx, 409 `in_progress` (after its retryAfterSeconds) and 429s, except the daily
 * limit, which no wait within a run would lift.
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

export interface SkillSubmission {
	/** The run's own answer, when this submit was taken in */
	run?: SkillRunResponse;
	/** The existing job's receipt, when the request ID had been used already */
	receipt?: SkillStatusResponse;
}

/**
 * POST /api/skills/{skill}/run. Before any resubmit, and after a 409 idempotency conflict (a
 * re-upload gave an image a new URL), the receipt is checked: a job that exists is continued,
 * never paid for twice.
 */
export async function submitSkill(
	context: IExecuteFunctions,
	skill: SkillId,
	body: IDataObject,
	itemIndex: number,
	call: CallOptions & { pacer: SubmitPacer },
): Promise<SkillSubmission> {
	const { pacer, ...options } = call;
	const requestId = String(body.requestId);
	const receipt = async () => await findSkillReceipt(context, skill, requestId, itemIndex, options);
	let tries = 0;
	return await withRetries(
		async (): Promise<SkillSubmission> => {
			if (tries++ > 0) {
				const found = await receipt();
				if (found) return { receipt: found };
			}
			if (!(await pacer.wait(options.signal, options.deadline))) throw new SubmitDeadlineError();
			const outcome = await apiRequest<SkillRunResponse>(
				context,
				'POST',
				endpoint`/skills/${skill}/run`,
				{ body, signal: options.signal },
			).then(
				(run) => ({ run: run ?? {} }),
				(error: unknown) => ({ error }),
			);
			if ('run' in outcome) {
				pacer.accepted();
				return outcome;
			}
			// Same request ID, other inputs: a re-upload gave an image a new URL. The job exists.
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

/** Watching a Skill run: its receipt, read every Poll Interval until it is no longer processing. */
export function skillWatch(
	context: IExecuteFunctions,
	job: JobRef & { skill: SkillId; requestId: string },
	itemIndex: number,
): JobWatch<SkillStatusResponse> {
	return {
		read: async (call) =>
			await fetchSkillStatus(context, job.skill, job.requestId, itemIndex, call),
		isDone: (status) => status.status !== 'processing',
		nextDelayMs: (_status, intervalMs) => intervalMs,
	};
}
