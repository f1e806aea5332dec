import type { WaitDeadline } from './deadlines';
import { pollUntil } from './pollUntil';
import { cancellableSleep } from '../transport/sleep';

/** How to watch one kind of job: read its status, tell when it is over, pace the reads. */
export interface JobWatch<S> {
	/** One read of the job's status (retried inside, within the call's deadline) */
	read(call: { deadline: number; signal?: AbortSignal }): Promise<S>;
	isDone(status: S): boolean;
	/** How long to sleep after `status` before the next read */
	nextDelayMs(status: S, intervalMs: number, elapsedMs: number): number;
	/** Whether the service says it no longer expects progress on the running job */
	noProgress?(status: S): boolean;
}

export interface WaitPlan<S> {
	/** A status already in hand (from the call that found the job): used as the first read */
	initial?: S;
	intervalMs: number;
	deadline: WaitDeadline;
	signal?: AbortSignal;
	/** When the job was submitted (or the wait began): the job's own clock */
	startedAt: number;
	/** End the wait when the service stops promising progress (no Timeout option set) */
	stopWithoutProgress?: boolean;
}

export interface WaitResult<S> {
	status: S;
	/** The wait ended with the job still running */
	timedOut: boolean;
	/** Why it ended early: the service stopped promising progress */
	noProgress?: boolean;
}

/** Reads a job until it is over or the deadline passes; Stop ends the wait at once. */
export async function waitForJob<S>(watch: JobWatch<S>, plan: WaitPlan<S>): Promise<WaitResult<S>> {
	const call = { deadline: plan.deadline.at, signal: plan.signal };
	let pending = plan.initial;
	// A job just submitted is not done yet: the first read waits one interval.
	if (pending === undefined) {
		const untilDeadline = plan.deadline.at - Date.now();
		await cancellableSleep(Math.max(0, Math.min(plan.intervalMs, untilDeadline)), plan.signal);
	}
	let last = plan.initial;
	let noProgress = false;
	const result = await pollUntil<S>(async () => {
		const status = pending ?? (await watch.read(call));
		pending = undefined;
		last = status;
		if (watch.isDone(status)) return { done: true, value: status };
		if (plan.stopWithoutProgress && watch.noProgress?.(status)) {
			noProgress = true;
			return { done: true, value: status };
		}
		const elapsedMs = Date.now() - plan.startedAt;
		return { done: false, nextDelayMs: watch.nextDelayMs(status, plan.intervalMs, elapsedMs) };
	}, call);
	if (result.done) return { status: result.value, timedOut: noProgress, noProgress };
	// pollUntil reads at least once before it gives up, so `last` is set.
	return { status: last as S, timedOut: true };
}
