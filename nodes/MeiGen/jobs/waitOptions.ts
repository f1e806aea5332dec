import type { IExecuteFunctions } from 'n8n-workflow';

import { readEntries } from '../params/read';
import { isAiTool } from '../util/aiTool';

export interface WaitOptions {
	binaryPropertyOutput: string;
	download: boolean;
	maxDownloadBytes: number;
	onTimeout: 'error' | 'returnPending';
	pollIntervalMs: number;
	/** Seconds; undefined = by media type */
	waitTimeout?: number;
	idempotencyKey?: string;
	/** Pay Once per Input: the request ID leaves the execution out */
	oncePerInput: boolean;
}

/** Poll Interval of a generation when the user sets none, in seconds. */
export const DEFAULT_POLL_SECONDS = 3;

// n8n refuses binary files over 512 MiB in its database binary mode (queue mode's default), after
// they were downloaded: a larger default would invite downloads that n8n then throws away.
export const DEFAULT_MAX_DOWNLOAD_MB = 512;

/** The Options entries that say how a job is waited for and output. */
const WAIT_OPTIONS = {
	binaryPropertyOutput: 'text',
	download: 'boolean',
	idempotencyKey: 'text',
	maxDownloadSize: 'number',
	onTimeout: 'choice',
	payOncePerInput: 'boolean',
	pollInterval: 'number',
	requestId: 'text',
	waitTimeout: 'number',
} as const;

/**
 * Options (Image → Generate, Generation → Get Status, Image → Get, the Skills) with defaults: a
 * value of the wrong type or out of the field's bounds fails the item before anything is sent.
 */
export function readWaitOptions(
	context: IExecuteFunctions,
	itemIndex: number,
	defaults: { pollIntervalSeconds?: number } = {},
): WaitOptions {
	const options = readEntries(context, 'options', itemIndex, WAIT_OPTIONS);
	const binaryPropertyOutput = options.binaryPropertyOutput ?? 'data';
	// Options → Request ID: Image → Generate's parameter is named idempotencyKey, the Skills' requestId.
	const key = options.idempotencyKey ?? options.requestId;
	return {
		binaryPropertyOutput,
		// An AI agent's model cannot read binary data: as a tool, download only when asked to.
		download: options.download ?? !isAiTool(context.getNode()),
		maxDownloadBytes: (options.maxDownloadSize ?? DEFAULT_MAX_DOWNLOAD_MB) * 1024 * 1024,
		onTimeout: options.onTimeout === 'returnPending' ? 'returnPending' : 'error',
		pollIntervalMs:
			(options.pollInterval ?? defaults.pollIntervalSeconds ?? DEFAULT_POLL_SECONDS) * 1000,
		waitTimeout: options.waitTimeout,
		idempotencyKey: key || undefined,
		oncePerInput: options.payOncePerInput === true,
	};
}
