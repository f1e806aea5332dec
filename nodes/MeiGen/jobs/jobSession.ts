import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { JobRef } from '../errors/jobRef';
import type { CallOptions } from '../transport/retry';
import { type WaitDeadline, waitDeadline } from './deadlines';
import type { JobKind } from './jobKind';
import { settleJob } from './jobOutcome';
import { checkAgainSeconds } from './pace';
import { withJobErrors, type JobErrorOptions } from './paidJob';
import { waitForJob, type WaitEnd } from './wait';
import { readWaitOptions, type WaitOptions } from './waitOptions';
import { readBoolean } from '../params/read';

/** What the node's run gives every item's job: when the node began, and its cancel signal. */
export interface RunClock {
	startedAt: number;
	signal?: AbortSignal;
}

/**
 * One item's paid job, of any kind, from the moment the node takes it up: its wait options and
 * deadline, the wait, and the errors that name it. A kind's operation adds only its API calls.
 */
export class JobSession<S, J extends JobRef> {
	readonly options: WaitOptions;

	readonly deadline: WaitDeadline;

	readonly signal?: AbortSignal;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly itemIndex: number,
		private readonly kind: JobKind<S, J>,
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

	/**
	 * Waits for the job (if asked) and outputs where it ended; `extra` rides on every item. A job
	 * still running says when a workflow that parks it should look again.
	 */
	async follow(
		job: J,
		how: {
			wait: boolean;
			/** A status already in hand: the first read */
			initial?: S;
			extra?: IDataObject;
			/** When the job was submitted, if the node knows; else when it began to watch it */
			startedAt?: number;
			/** Get Status without waiting: every item says whether the job is over (`done`) */
			reportDone?: boolean;
			/** The `checkAgainInSeconds` the loop's incoming item carried */
			lastAdvice?: number;
		},
	): Promise<INodeExecutionData[]> {
		const { context, itemIndex, kind, options } = this;
		const watch = kind.watch(context, job, itemIndex);
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
		const outcome = kind.outcome(context, itemIndex, status, job, how.extra);
		const ranOut = end === 'noProgress' || end === 'deadline';
		return await settleJob(context, itemIndex, outcome, {
			options,
			deadline: end === 'noProgress' ? { ...this.deadline, reason: 'noProgress' } : this.deadline,
			signal: this.signal,
			ifProcessing: ranOut && options.onTimeout === 'error' ? 'error' : 'return',
			checkAgainInSeconds: checkAgainSeconds({
				estimateMs: watch.estimateMs(status),
				elapsedMs: Date.now() - startedAt,
				intervalMs: options.pollIntervalMs,
				lastAdviceSeconds: how.lastAdvice,
				noProgress: watch.noProgress(status),
			}),
			reportDone: how.reportDone,
		});
	}

	/** Runs the item's work; any failure becomes a node error naming the job as far as it is known. */
	async guard<T>(
		job: J,
		work: () => Promise<T>,
		options: Omit<JobErrorOptions, 'signal'> = {},
	): Promise<T> {
		const { context, itemIndex, kind } = this;
		return await withJobErrors(context, itemIndex, job, work, {
			describe: (error) => kind.describeError?.(context, error, itemIndex, job),
			...options,
			signal: this.signal,
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
): Promise<INodeExecutionData[]> {
	const wait = readBoolean(context, 'waitForCompletion', itemIndex, false);
	const session = new JobSession(context, itemIndex, kind, run);
	const { job } = lookup;
	return await session.guard(
		job,
		async () => {
			const initial = await lookup.read(session.call);
			// Without waiting, each item says whether the job is over: a loop of n8n's Wait node
			// and this operation follows a long job without holding a worker.
			return await session.follow(job, {
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
