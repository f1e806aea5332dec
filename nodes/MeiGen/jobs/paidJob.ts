import type {
	IExecuteFunctions,
	INodeExecutionData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import type { WaitDeadline } from './deadlines';
import type { Reservation } from '../pricing/budget';
import { ApiError, CancelledError, SubmitDeadlineError } from '../transport/errors';
import { jobOf, logJob, type JobRef } from '../errors/jobRef';
import { settleJob, type JobOutcome } from './jobOutcome';
import { checkAgainSeconds, parkedPause } from './pollPace';
import { toNodeError } from '../errors/nodeErrors';
import type { WaitOptions } from './waitOptions';
import { waitForJob, type JobWatch } from './waitForJob';

/**
 * The life cycle every paid job shares (a generation, a Skill run): errors that name the job,
 * the wait, and the way its last status becomes output. Each kind brings its own API calls.
 */

export interface JobErrorOptions {
	signal?: AbortSignal;
	/** What a 404 means here (e.g. "No MeiGen generation with ID …") */
	notFound?: string;
	/** This kind of job's own reading of an error, before the generic one */
	describe?: (error: unknown) => NodeApiError | NodeOperationError | undefined;
	/** The item's share of Max Credits: given back when the error means nothing was charged */
	reservation?: Reservation;
	/** A line every error ends with (e.g. what was uploaded before it) */
	note?: () => string | undefined;
}

/**
 * Runs an item's work on a paid job. Any failure becomes a node error naming the job as far as
 * it is known by then; a stop while the job exists is logged with its IDs in the text.
 */
export async function withJobErrors<T>(
	context: IExecuteFunctions,
	itemIndex: number,
	job: JobRef,
	work: () => Promise<T>,
	options: JobErrorOptions = {},
): Promise<T> {
	const { signal, notFound, describe, reservation, note } = options;
	try {
		return await work();
	} catch (error) {
		const stopped = error instanceof CancelledError || signal?.aborted === true;
		if (stopped && job.generationId) {
			// n8n may drop a cancelled node's error: the log keeps the paid job findable.
			logJob(context, 'warn', 'the execution stopped while a paid job was running', job);
		}
		const described = describe?.(error) ?? error;
		const nodeError = toNodeError(context.getNode(), described, { itemIndex, job, notFound });
		const line = note?.();
		if (line) nodeError.description = `${nodeError.description ?? ''} ${line}`.trim();
		if (jobOf(nodeError).creditsStatus === 'refunded') reservation?.refund();
		else if (chargedNothing(error)) reservation?.release();
		throw nodeError;
	}
}

/**
 * Whether a failed submit charged nothing: it was never sent, or MeiGen refused it. A lost
 * answer or a 5xx may still have created the job: not these. (After the submit, ignored.)
 */
function chargedNothing(error: unknown): boolean {
	if (error instanceof SubmitDeadlineError) return true;
	return error instanceof ApiError && error.statusCode >= 400 && error.statusCode < 500;
}

export interface FollowOptions<S> {
	/** Whether to wait while the job runs; without, its current status is output as it is */
	wait: boolean;
	/** A status already in hand: the wait starts from it instead of a first read */
	initial?: S;
	options: WaitOptions;
	deadline: WaitDeadline;
	signal?: AbortSignal;
	/** The job's own clock: when it was submitted, or when the node began to watch it */
	startedAt: number;
	/** Get Status without waiting: every item says whether the job is over (`done`) */
	reportDone?: boolean;
	/** The `checkAgainInSeconds` the loop's incoming item carried: grown from when overdue */
	lastAdvice?: number;
}

/** Waits for a job (if asked) and turns where it ended into output items or an error. */
export async function followJob<S>(
	context: IExecuteFunctions,
	itemIndex: number,
	watch: JobWatch<S>,
	outcomeOf: (status: S) => JobOutcome,
	follow: FollowOptions<S>,
): Promise<INodeExecutionData[]> {
	const { options, deadline, signal } = follow;
	let status = follow.initial;
	let timedOut = false;
	let noProgress: boolean | undefined;
	if (follow.wait && (status === undefined || !watch.isDone(status))) {
		({ status, timedOut, noProgress } = await waitForJob(watch, {
			initial: status,
			intervalMs: options.pollIntervalMs,
			deadline,
			signal,
			startedAt: follow.startedAt,
			// With a Timeout set, the user's wait is kept; without, MeiGen's word ends it.
			stopWithoutProgress: options.waitTimeout === undefined,
		}));
	} else if (status === undefined) {
		status = await watch.read({ deadline: deadline.at, signal });
	}
	const intervalMs = options.pollIntervalMs;
	const overdue = follow.lastAdvice !== undefined && watch.noProgress?.(status) === true;
	const pauseMs = overdue
		? parkedPause(follow.lastAdvice as number, intervalMs)
		: watch.nextDelayMs(status, intervalMs, Date.now() - follow.startedAt);
	return await settleJob(context, itemIndex, outcomeOf(status), {
		options,
		deadline: noProgress ? { ...deadline, reason: 'noProgress' } : deadline,
		signal,
		ifProcessing: timedOut && options.onTimeout === 'error' ? 'error' : 'return',
		checkAgainInSeconds: checkAgainSeconds(pauseMs, intervalMs),
		reportDone: follow.reportDone,
	});
}
