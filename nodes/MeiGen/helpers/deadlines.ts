import type { IExecuteFunctions } from 'n8n-workflow';

import type { MediaType } from './interfaces';

/**
 * Every deadline the node keeps: how long a wait may last, and how close to the workflow's
 * execution timeout it may come. n8n does not tell a node when its execution began, so the
 * execution timeout is counted from when this node began (earlier nodes' time is not counted).
 */

export interface WaitDeadline {
	at: number;
	/** What sets the deadline: the node's own Timeout option, or the workflow's execution timeout */
	reason: 'waitTimeout' | 'executionTimeout';
}

/** The wait the node plans when the Timeout option is not set: images are quick, video is not; unknown waits as long as video. */
function defaultWaitTimeout(mediaType: MediaType | undefined): number {
	return mediaType === 'image' ? 300 : 600;
}

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
	waitTimeoutSeconds: number,
	executionTimeoutSeconds: number | undefined,
	executionStartedAt = startedAt,
): WaitDeadline {
	const own = startedAt + waitTimeoutSeconds * 1000;
	const execution = executionDeadline(executionStartedAt, executionTimeoutSeconds);
	return execution !== undefined && execution < own
		? { at: execution, reason: 'executionTimeout' }
		: { at: own, reason: 'waitTimeout' };
}

function executionTimeout(context: IExecuteFunctions): number | undefined {
	const { executionTimeout: seconds } = context.getWorkflowSettings();
	return typeof seconds === 'number' ? seconds : undefined;
}

/**
 * When a wait that began at `startedAt` must end: the Timeout option (else the media type's
 * default), within the workflow's execution timeout counted from `nodeStartedAt`.
 */
export function waitDeadline(
	context: IExecuteFunctions,
	times: { startedAt: number; nodeStartedAt: number },
	waitTimeoutSeconds: number | undefined,
	mediaType: MediaType | undefined,
): WaitDeadline {
	return planDeadline(
		times.startedAt,
		waitTimeoutSeconds ?? defaultWaitTimeout(mediaType),
		executionTimeout(context),
		times.nodeStartedAt,
	);
}

/** Whether the workflow's execution timeout is so close that no new job should start. */
export function executionNearlyOver(context: IExecuteFunctions, nodeStartedAt: number): boolean {
	const deadline = executionDeadline(nodeStartedAt, executionTimeout(context));
	return deadline !== undefined && Date.now() >= deadline;
}
