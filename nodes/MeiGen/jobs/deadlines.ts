import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * Every deadline the node keeps: how long a wait may last, and how close to the workflow's
 * execution timeout it may come. n8n does not tell a node when its execution began, so the
 * execution timeout is counted from when this node began (earlier nodes' time is not counted).
 */

export interface WaitDeadline {
	at: number;
	/**
	 * What ends the wait: the node's Timeout option, the workflow's execution timeout, the longest
	 * wait without a Timeout, or (set by the wait itself) MeiGen no longer promising progress
	 */
	reason: 'waitTimeout' | 'executionTimeout' | 'longestWait' | 'noProgress';
}

/**
 * Without a Timeout option the wait lasts while MeiGen says the job is progressing
 * (`pollHintSeconds` above 0). MeiGen watches a job for about 40 minutes: past that, no promise
 * of progress is worth waiting for.
 */
export const LONGEST_WAIT_SECONDS = 45 * 60;

/** Shortly before the execution timeout: 10 % of it, at most 5 s, is left for the node to answer. */
function executionDeadline(
	executionStartedAt: number,
	executionTimeoutSeconds: number | undefined,
): number | undefined {
	if (!executionTimeoutSeconds || executionTimeoutSeconds <= 0) return undefined;
	const limitMs = executionTimeoutSeconds * 1000;
	return executionStartedAt + limitMs - Math.min(5000, limitMs * 0.1);
}

/**
 * The moment a wait must end: the node's timeout, counted from when the wait began, or shortly
 * before the workflow's execution timeout, so the node can still answer before n8n cuts it off.
 */
export function planDeadline(
	startedAt: number,
	waitTimeoutSeconds: number | undefined,
	executionTimeoutSeconds: number | undefined,
	executionStartedAt = startedAt,
): WaitDeadline {
	const own = startedAt + (waitTimeoutSeconds ?? LONGEST_WAIT_SECONDS) * 1000;
	const execution = executionDeadline(executionStartedAt, executionTimeoutSeconds);
	if (execution !== undefined && execution < own)
		return { at: execution, reason: 'executionTimeout' };
	return { at: own, reason: waitTimeoutSeconds === undefined ? 'longestWait' : 'waitTimeout' };
}

function executionTimeout(context: IExecuteFunctions): number | undefined {
	const { executionTimeout: seconds } = context.getWorkflowSettings();
	return typeof seconds === 'number' ? seconds : undefined;
}

/**
 * When a wait that began at `startedAt` must end: the Timeout option (else the longest wait),
 * within the workflow's execution timeout counted from `nodeStartedAt`.
 */
export function waitDeadline(
	context: IExecuteFunctions,
	times: { startedAt: number; nodeStartedAt: number },
	waitTimeoutSeconds: number | undefined,
): WaitDeadline {
	return planDeadline(
		times.startedAt,
		waitTimeoutSeconds,
		executionTimeout(context),
		times.nodeStartedAt,
	);
}

/** Whether the workflow's execution timeout is so close that no new job should start. */
export function executionNearlyOver(context: IExecuteFunctions, nodeStartedAt: number): boolean {
	const deadline = executionDeadline(nodeStartedAt, executionTimeout(context));
	return deadline !== undefined && Date.now() >= deadline;
}
