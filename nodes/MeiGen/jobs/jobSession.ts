import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { JobRef } from '../errors/jobRef';
import type { CallOptions } from '../transport/retry';
import { type WaitDeadline, waitDeadline } from './deadlines';
import type { JobKind } from './jobKind';
import { followJob, withJobErrors, type JobErrorOptions } from './paidJob';
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

	/** Waits for the job (if asked) and outputs where it ended; `extra` rides on every item. */
	async follow(
		job: J,
		how: {
			wait: boolean;
			initial?: S;
			extra?: IDataObject;
			startedAt?: number;
			reportDone?: boolean;
			lastAdvice?: number;
		},
	): Promise<INodeExecutionData[]> {
		const { context, itemIndex, kind } = this;
		return await followJob(
			context,
			itemIndex,
			kind.watch(context, job, itemIndex),
			(status) => kind.outcome(context, itemIndex, status, job, how.extra),
			{
				wait: how.wait,
				initial: how.initial,
				options: this.options,
				deadline: this.deadline,
				signal: this.signal,
				startedAt: how.startedAt ?? Date.now(),
				reportDone: how.reportDone,
				lastAdvice: how.lastAdvice,
			},
		);
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
