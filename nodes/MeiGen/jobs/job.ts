import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	NodeOperationError,
} from 'n8n-workflow';

import { toNodeError, type NodeError } from '../errors/nodeErrors';
import { SAID } from '../errors/voice';
import { mediaItems, type MediaFile } from '../media/binary';
import { dropEmpty } from '../util/records';
import type { Reservation } from '../pricing/budget';
import { ApiError, CancelledError, SubmitDeadlineError } from '../transport/errors';
import type { CallOptions } from '../transport/retry';
import { cancellableSleep } from '../transport/sleep';
import type { MediaType } from '../types';
import { LONGEST_WAIT_SECONDS, type WaitDeadline, waitDeadline } from './deadlines';
import { logJob, resumeLine, type JobRef } from './jobRef';
import { checkAgainSeconds, pollPause } from './pace';
import { readWaitOptions, type WaitOptions } from './waitOptions';
import { readBoolean } from '../params/read';

/**
 * The life cycle every paid job shares (a generation, a Skill run): its wait options and deadline,
 * the wait, where its last status leaves it, and its failures turned into node errors once, naming
 * the job. Each kind of job brings its API calls and its words (JobKind).
 */

/** How a kind of job is watched: its status read for a given job, and what a status says. */
export type KindWatch<S, J extends JobRef = JobRef> = Omit<JobWatch<S>, 'read'> & {
	read(context: IExecuteFunctions, job: J, call: CallOptions): Promise<S>;
};

/** What one kind of paid job brings to the life cycle all jobs share. */
export interface JobKind<S, J extends JobRef = JobRef> {
	/** Which kind, for the node's words */
	about: 'generation' | 'skill';
	/** Poll Interval when the user sets none: MeiGen's advice for this kind, in seconds */
	pollIntervalSeconds: number;
	/** Reading the job's status while it runs */
	watch: KindWatch<S, J>;
	/** Where a status leaves the job: media to output, a failure, or still running */
	outcome(node: INode, itemIndex: number, status: S, job: J, extra?: IDataObject): JobOutcome;
	/** How to fetch such a job without paying again: which operation, with which IDs */
	fetch(job: JobRef): string;
	/** The line a failing batch's error ends with, naming other items' jobs already paid for */
	paidLine(jobs: JobRef[]): string;
}

/** What a job's last status means for the user, whatever kind of job it is. */
export type JobOutcome =
	| { state: 'processing'; json: IDataObject }
	| {
			state: 'completed';
			json: IDataObject;
			files: MediaFile[];
			mediaType?: MediaType;
			/** Credits its results were charged, refunded ones left out, when MeiGen says */
			charged?: number;
			/** Its last status, e.g. `partial` */
			status: string;
	  }
	| { state: 'failed'; error: NodeOperationError; job: Partial<JobRef> };

/** A job an item paid for, with its kind (whose words name such jobs). */
export interface PaidJob {
	job: JobRef;
	kind: Pick<JobKind<unknown>, 'paidLine'>;
}

/** What an item's work ends in, as a value: its items, or its failure, with the jobs it paid for. */
export type ItemResult =
	| { items: INodeExecutionData[]; paid?: PaidJob[] }
	| {
			failed: NodeError;
			/** The job the failure is about, as far as it is known */
			job?: JobRef;
			paid?: PaidJob[];
			/** Get Status without waiting: a failed job is over too, so a park-and-check loop ends */
			done?: boolean;
	  };

/** What the node's run gives every item's job: when the node began, and its cancel signal. */
export interface RunClock {
	startedAt: number;
	signal?: AbortSignal;
}

export interface FollowHow<S> {
	wait: boolean;
	/** A status already in hand: the first read */
	initial?: S;
	/** Fields every output item carries */
	extra?: IDataObject;
	/** When the job was submitted, if the node knows; else when it began to watch it */
	startedAt?: number;
	/** Get Status without waiting: every item says whether the job is over (`done`) */
	reportDone?: boolean;
	/** The `checkAgainInSeconds` the loop's incoming item carried */
	lastAdvice?: number;
}

/** How an item's work is guarded: what its errors say, and what they give back of the budget. */
export interface RunHow {
	/** The item's share of Max Credits: given back when the error means nothing was charged */
	reservation?: Reservation;
	/** Whether a submit may have reached MeiGen, so the job may exist (by default, yes) */
	sent?: () => boolean;
	/** Whether MeiGen took the job in (by default, once sent): a refusal before charged nothing */
	taken?: () => boolean;
	/** What is being uploaded, while the work uploads: no job exists yet */
	uploading?: () => string | undefined;
	/** A line every error ends with (e.g. what was uploaded before it) */
	note?: () => string | undefined;
	/** What a 404 means here (e.g. "No MeiGen generation with ID …") */
	notFound?: string;
}

/**
 * Whether a failure charged nothing: the submit was never sent, or MeiGen refused it. A lost
 * answer or a 5xx may still have made the job: not these.
 */
function chargedNothing(error: unknown): boolean {
	if (error instanceof SubmitDeadlineError) return true;
	return error instanceof ApiError && error.statusCode >= 400 && error.statusCode < 500;
}

/**
 * One item's paid job, of any kind, from the moment the node takes it up: its wait options and
 * deadline, the wait, the output, and its failures. A kind's operation adds only its API calls.
 */
export class JobSession<S, J extends JobRef> {
	readonly options: WaitOptions;

	readonly deadline: WaitDeadline;

	readonly signal?: AbortSignal;

	/** Set when a Get Status without waiting finds the job failed: over, too */
	private done = false;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly itemIndex: number,
		private readonly kind: JobKind<S, J>,
		/** The job, filled in as it becomes known; every error names it */
		readonly job: J,
		run: RunClock,
		/** When the item began: a Timeout option counts from here */
		readonly startedAt = Date.now(),
	) {
		this.options = readWaitOptions(context, itemIndex, {
			pollIntervalSeconds: kind.pollIntervalSeconds,
		});
		this.signal = run.signal;
		this.deadline = waitDeadline(
			context,
			{ startedAt: this.startedAt, nodeStartedAt: run.startedAt },
			this.options.waitTimeout,
		);
	}

	/** Every API call of the job ends by the deadline and stops with the execution. */
	get call(): CallOptions {
		return { deadline: this.deadline.at, signal: this.signal };
	}

	/** Where the job is and how to fetch it without paying again. */
	resume(): string {
		return resumeLine(this.job, this.kind.fetch(this.job));
	}

	/**
	 * Runs the item's work on its job. Its failure becomes a node error here, once, naming the
	 * job as far as it is known by then; a stop while the job exists is logged with its IDs.
	 */
	async run(
		work: () => Promise<{ items: INodeExecutionData[]; charged?: number }>,
		how: RunHow = {},
	): Promise<ItemResult> {
		const { context, itemIndex, job, kind } = this;
		const { reservation } = how;
		try {
			const { items, charged } = await work();
			reservation?.settle(charged);
			return { items, paid: this.paid() };
		} catch (error) {
			const stopped = error instanceof CancelledError || this.signal?.aborted === true;
			if (stopped && job.generationId) {
				// n8n may drop a stopped node's error: the log keeps the paid job findable.
				logJob(context, 'warn', 'the execution stopped while a paid job was running', job);
			}
			const sent = how.sent?.() ?? true;
			const taken = how.taken?.() ?? sent;
			const failed = toNodeError(context.getNode(), error, {
				itemIndex,
				about: kind.about,
				taken,
				resume: sent ? this.resume() : '',
				requestId: job.requestId,
				notFound: how.notFound,
				uploading: how.uploading?.(),
			});
			const line = how.note?.();
			if (line) failed.description = `${failed.description ?? ''} ${line}`.trim();
			if (job.creditsStatus === 'refunded') reservation?.refund();
			else if (!sent || chargedNothing(error)) reservation?.release();
			return { failed, job, paid: sent ? this.paid() : undefined, done: this.done || undefined };
		}
	}

	/** This job as a failing batch names it: paid for, and how to fetch it (none yet: nothing). */
	private paid(): PaidJob[] | undefined {
		const { job, kind } = this;
		const made = kind.about === 'skill' ? Boolean(job.requestId) : Boolean(job.generationId);
		return made ? [{ job: { ...job }, kind }] : undefined;
	}

	/**
	 * Waits for the job (if asked) and outputs where it ended; a job still running says when a
	 * workflow that parks it should look again. A failed job is thrown, named.
	 */
	async follow(how: FollowHow<S>): Promise<{ items: INodeExecutionData[]; charged?: number }> {
		const { context, itemIndex, kind, options, job } = this;
		const watch: JobWatch<S> = {
			...kind.watch,
			read: async (call) => await kind.watch.read(context, job, call),
		};
		const startedAt = how.startedAt ?? Date.now();
		let status = how.initial;
		let end: WaitEnd | undefined;
		if (how.wait) {
			({ status, end } = await waitForJob(watch, {
				initial: status,
				intervalMs: options.pollIntervalMs,
				deadline: this.deadline,
				signal: this.signal,
				startedAt,
				// With a Timeout set, the user's wait is kept; without, MeiGen's word ends it.
				stopWithoutProgress: options.waitTimeout === undefined,
			}));
		} else {
			status ??= await watch.read(this.call);
		}
		const outcome = kind.outcome(context.getNode(), itemIndex, status, job, how.extra);
		const done = how.reportDone ? { done: outcome.state !== 'processing' } : {};
		if (outcome.state === 'failed') {
			Object.assign(job, outcome.job);
			this.done = how.reportDone === true;
			throw outcome.error;
		}
		if (outcome.state === 'processing') {
			const ranOut = end === 'noProgress' || end === 'deadline';
			if (ranOut && options.onTimeout === 'error') throw this.unfinished(outcome, end);
			const checkAgainInSeconds = checkAgainSeconds({
				estimateMs: watch.estimateMs(status),
				elapsedMs: Date.now() - startedAt,
				intervalMs: options.pollIntervalMs,
				lastAdviceSeconds: how.lastAdvice,
				noProgress: watch.noProgress(status),
			});
			return { items: [{ json: dropEmpty({ ...outcome.json, ...done, checkAgainInSeconds }) }] };
		}
		// Done and paid for: an error from here on says so, and how to fetch the media again.
		job.status = 'completed';
		const items = await mediaItems(
			context,
			dropEmpty({ ...outcome.json, ...done }),
			outcome.files,
			{
				...options,
				mediaType: outcome.mediaType,
				deadline: this.deadline.at,
				signal: this.signal,
			},
		);
		job.status = outcome.status;
		return { items, charged: outcome.charged };
	}

	/** A wait that ended with the job still running (On Timeout → Error), naming the job. */
	private unfinished(
		outcome: Extract<JobOutcome, { state: 'processing' }>,
		end: WaitEnd | undefined,
	): NodeOperationError | Error {
		const { context, itemIndex, job } = this;
		job.status = 'processing';
		// Completed, but MeiGen never sent the media: paid for, so fetched later, never rerun.
		if (outcome.json.status === 'completed') {
			return toNodeError(context.getNode(), new Error(SAID.noMediaUrl), {
				itemIndex,
				resume: resumeLine({ ...job, status: 'completed' }, this.kind.fetch(job)),
			});
		}
		const reason = end === 'noProgress' ? 'noProgress' : this.deadline.reason;
		const why = {
			executionTimeout: "before the workflow's execution timeout",
			waitTimeout: "within the node's Timeout option",
			longestWait: `within ${LONGEST_WAIT_SECONDS / 60} minutes`,
			noProgress: 'and MeiGen no longer reports progress on it',
		}[reason];
		const name = job.generationId ? `The MeiGen job ${job.generationId}` : 'The MeiGen job';
		const pending = 'set Options → On Timeout to Return Pending';
		const advice = {
			executionTimeout: `Or raise the workflow's timeout (Workflow Settings), or ${pending}.`,
			waitTimeout: `Or raise Options → Timeout, or ${pending}.`,
			longestWait: `Or ${pending} and check it again later.`,
			noProgress: `Or ${pending} and check it again later.`,
		}[reason];
		return toNodeError(context.getNode(), new Error(`${name} did not finish ${why}`), {
			itemIndex,
			resume: `${this.resume()} ${advice}`,
		});
	}
}

/**
 * Get Status of any kind of job: one read finds it (by the ID the user gave), then it is followed
 * like a job the node submitted.
 */
export async function checkJobStatus<S, J extends JobRef>(
	context: IExecuteFunctions,
	itemIndex: number,
	run: RunClock,
	kind: JobKind<S, J>,
	lookup: { job: J; notFound: string; read: (call: CallOptions) => Promise<S> },
): Promise<ItemResult> {
	const wait = readBoolean(context, 'waitForCompletion', itemIndex, false);
	const session = new JobSession(context, itemIndex, kind, lookup.job, run);
	return await session.run(
		async () => {
			const initial = await lookup.read(session.call);
			// Without waiting, each item says whether the job is over: a loop of n8n's Wait node
			// and this operation follows a long job without holding a worker.
			return await session.follow({
				wait,
				initial,
				startedAt: session.startedAt,
				reportDone: !wait,
				lastAdvice: wait ? undefined : lastAdvice(context, itemIndex),
			});
		},
		{ notFound: lookup.notFound },
	);
}

/** The wait a park-and-check loop took before this check: the incoming item's advice, if any. */
function lastAdvice(context: IExecuteFunctions, itemIndex: number): number | undefined {
	const value = context.getInputData()[itemIndex]?.json?.checkAgainInSeconds;
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** How to watch one kind of job: read its status, tell when it is over, and what MeiGen expects. */
export interface JobWatch<S> {
	/** One read of the job's status (retried inside, within the call's deadline) */
	read(call: CallOptions): Promise<S>;
	/** Whether the job is over: its results are in, or it failed */
	isDone(status: S): boolean;
	/** MeiGen's estimate of the whole job from submission, when it gives one */
	estimateMs(status: S): number | undefined;
	/** Whether MeiGen says it no longer expects progress on the running job */
	noProgress(status: S): boolean;
}

export interface WaitPlan<S> {
	/** A status already in hand (from the call that found the job): the first read */
	initial?: S;
	intervalMs: number;
	deadline: WaitDeadline;
	signal?: AbortSignal;
	/** When the job was submitted (or the wait began): the job's own clock */
	startedAt: number;
	/** End the wait when MeiGen stops promising progress (no Timeout option set) */
	stopWithoutProgress: boolean;
}

/** Why a wait ended: the job is over, MeiGen stopped promising progress, or time ran out. */
export type WaitEnd = 'done' | 'noProgress' | 'deadline';

/**
 * Reads a job until it is over, MeiGen stops promising progress, or the deadline passes, pausing
 * as pollPause says; the last pause is cut short so one read happens at the deadline itself. A
 * job just submitted is first read one Poll Interval later. Stop ends the wait at once.
 */
export async function waitForJob<S>(
	watch: JobWatch<S>,
	plan: WaitPlan<S>,
): Promise<{ status: S; end: WaitEnd }> {
	const { deadline, signal, intervalMs } = plan;
	let status = plan.initial;
	let pauseMs = intervalMs;
	for (;;) {
		if (status !== undefined) {
			if (watch.isDone(status)) return { status, end: 'done' };
			if (plan.stopWithoutProgress && watch.noProgress(status))
				return { status, end: 'noProgress' };
			const elapsedMs = Date.now() - plan.startedAt;
			pauseMs = pollPause(watch.estimateMs(status), elapsedMs, intervalMs);
		}
		const leftMs = deadline.at - Date.now();
		if (status !== undefined && leftMs <= 0) return { status, end: 'deadline' };
		await cancellableSleep(Math.max(0, Math.min(pauseMs, leftMs)), signal);
		status = await watch.read({ deadline: deadline.at, signal });
	}
}
