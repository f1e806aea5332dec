/**
 * How often a running job is read. Before MeiGen's expected time the node sleeps towards it (see
 * the kind's watch); once a job runs past it, the time between reads grows by half each time, so
 * a job that overruns its estimate by minutes costs a handful of requests, not one per interval.
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

/** The longest wait a park-and-check loop is told to take for an overdue job. */
export const PARKED_BACKOFF_CAP_MS = 120_000;

/**
 * The next wait of a park-and-check loop (n8n's Wait node, then Get Status) for a job MeiGen no
 * longer promises progress on: 1.5 times the wait the loop took last (its `checkAgainInSeconds`),
 * at least the Poll Interval and at most two minutes (or the Poll Interval, if that is longer).
 * Without it, an overdue job would be checked every Poll Interval, each wait held in memory.
 */
export function parkedPause(lastAdviceSeconds: number, intervalMs: number): number {
	const cap = Math.max(PARKED_BACKOFF_CAP_MS, intervalMs);
	return Math.min(cap, Math.max(intervalMs, lastAdviceSeconds * 1000 * 1.5));
}

/**
 * When a workflow that parks the job (n8n's Wait node, then Get Status) should look again: the
 * pause the node itself would take next, in whole seconds, and never below the Poll Interval.
 */
export function checkAgainSeconds(pauseMs: number, intervalMs: number): number {
	return Math.ceil(Math.max(pauseMs, intervalMs) / 1000);
}
