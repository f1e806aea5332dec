import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { isAiTool } from '../util/aiTool';
import { positive } from '../util/numbers';
import { readCollection } from '../params/read';

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

/** Options (Image → Generate, Generation → Get Status, Image → Get) with defaults and bounds applied. */
export function readWaitOptions(
	context: IExecuteFunctions,
	itemIndex: number,
	defaults: { pollIntervalSeconds?: number } = {},
): WaitOptions {
	const options = readCollection(context, 'options', itemIndex);
	const binaryPropertyOutput = String(options.binaryPropertyOutput ?? 'data').trim();
	if (!binaryPropertyOutput) {
		throw new NodeOperationError(context.getNode(), 'Put Output in Field is empty', {
			description: 'Enter the name of the binary field for the media, e.g. data',
			itemIndex,
		});
	}
	// Image → Generate calls it Idempotency Key, the Skills (as MeiGen does) Request ID.
	const given = options.idempotencyKey ?? options.requestId;
	const key = typeof given === 'string' ? given.trim() : '';
	return {
		binaryPropertyOutput,
		// An AI agent's model cannot read binary data: as a tool, download only when asked to.
		download: (options.download ?? !isAiTool(context.getNode())) !== false,
		maxDownloadBytes: positive(options.maxDownloadSize, DEFAULT_MAX_DOWNLOAD_MB) * 1024 * 1024,
		onTimeout: options.onTimeout === 'returnPending' ? 'returnPending' : 'error',
		pollIntervalMs:
			Math.max(
				1,
				positive(options.pollInterval, defaults.pollIntervalSeconds ?? DEFAULT_POLL_SECONDS),
			) * 1000,
		waitTimeout:
			options.waitTimeout === undefined ? undefined : Math.max(1, positive(options.waitTimeout, 1)),
		idempotencyKey: key || undefined,
		oncePerInput: options.payOncePerInput === true,
	};
}
