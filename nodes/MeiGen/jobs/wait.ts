import type { WaitDeadline } from './deadlines';
import { pollPause } from './pace';
import type { CallOptions } from '../transport/retry';
import { cancellableSleep } from '../transport/sleep';

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
