/**
 * How often a running job is read, and when a workflow that parks it should look again. While a
 * job is within MeiGen's estimate it is read every Poll Interval, so a finished job is seen within
 * one interval whether it ends early, on time or late. Once it runs past the estimate the pause
 * grows by half each time, so a job that overruns by minutes costs a handful of requests.
 *
 * MeiGen's `pollHintSeconds` is how much longer to keep polling, not when the job will be done: it
 * only ends a wait (at 0), it never sets the pace.
 */

/** The longest pause between two reads of an overdue job, unless the Poll Interval is longer. */
export const BACKOFF_CAP_MS = 30_000;

/**
 * The pause after a read of a job `overdueMs` past its expected time. Half the overrun so far
 * makes each pause 1.5 times the one before it (the overrun grows by each pause), starting from
 * the Poll Interval and never above BACKOFF_CAP_MS (or the Poll Interval, if that is longer).
 */
export function overduePause(overdueMs: number, intervalMs: number): number {
	const cap = Math.max(BACKOFF_CAP_MS, intervalMs);
	return Math.min(cap, Math.max(intervalMs, overdueMs / 2));
}

/**
 * The pause after a read of a running job `elapsedMs` after it was submitted: the Poll Interval
 * within MeiGen's estimate (or without one), the back-off past it.
 */
export function pollPause(
	estimateMs: number | undefined,
	elapsedMs: number,
	intervalMs: number,
): number {
	if (estimateMs === undefined || elapsedMs < estimateMs) return intervalMs;
	return overduePause(elapsedMs - estimateMs, intervalMs);
}

/** The longest wait a park-and-check loop is told to take for an overdue job. */
export const PARKED_BACKOFF_CAP_MS = 120_000;

/**
 * The next wait of a park-and-check loop (n8n's Wait node, then Get Status) for a job still
 * running after the loop's last wait: 1.5 times that wait (its `checkAgainInSeconds`), at least
 * the Poll Interval and at most two minutes (or the Poll Interval, if that is longer).
 */
export function parkedPause(lastAdviceSeconds: number, intervalMs: number): number {
	const cap = Math.max(PARKED_BACKOFF_CAP_MS, intervalMs);
	return Math.min(cap, Math.max(intervalMs, lastAdviceSeconds * 1000 * 1.5));
}

/** What is known when a workflow that parks a running job asks when to look again. */
export interface AdviceInputs {
	/** MeiGen's estimate of the whole job, from submission */
	estimateMs?: number;
	/** Time since submission, as far as the node knows it */
	elapsedMs: number;
	intervalMs: number;
	/** The `checkAgainInSeconds` of the loop's incoming item: the wait it just took */
	lastAdviceSeconds?: number;
	/** MeiGen no longer promises progress (`pollHintSeconds` 0) */
	noProgress: boolean;
}

/**
 * When a workflow that parks the job should look again, in whole seconds, never below the Poll
 * Interval: the rest of MeiGen's estimate while the job is within it; in a loop that has waited
 * already, 1.5 times its last wait; once MeiGen stops promising progress without such a wait, the
 * Poll Interval.
 */
export function checkAgainSeconds(advice: AdviceInputs): number {
	const { estimateMs, elapsedMs, intervalMs, lastAdviceSeconds } = advice;
	let pauseMs = intervalMs;
	if (lastAdviceSeconds !== undefined) pauseMs = parkedPause(lastAdviceSeconds, intervalMs);
	else if (advice.noProgress) pauseMs = intervalMs;
	else if (estimateMs !== undefined && elapsedMs < estimateMs) pauseMs = estimateMs - elapsedMs;
	else if (estimateMs !== undefined) pauseMs = overduePause(elapsedMs - estimateMs, intervalMs);
	return Math.ceil(Math.max(pauseMs, intervalMs) / 1000);
}
