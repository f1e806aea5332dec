import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { LONGEST_WAIT_SECONDS, type WaitDeadline } from './deadlines';
import type { MediaType } from '../types';
import { attachJob, resumeHint, type JobRef } from '../errors/jobRef';
import { dropEmpty, mediaItems, type MediaFile } from '../media/mediaItems';
import { toNodeError } from '../errors/nodeErrors';
import type { WaitOptions } from './waitOptions';

/** What a job's last status means for the user, whatever kind of job it is. */
export type JobOutcome =
	| { state: 'processing'; job: JobRef; json: IDataObject }
	| {
			state: 'completed';
			job: JobRef;
			json: IDataObject;
			files: MediaFile[];
			mediaType?: MediaType;
	  }
	| { state: 'failed'; error: NodeOperationError };

export interface SettleOptions {
	options: WaitOptions;
	deadline: WaitDeadline;
	signal?: AbortSignal;
	/**
	 * A job still running: `return` outputs it as pending (not waited for, or On Timeout → Return
	 * Pending); `error` fails the item, naming the job (a wait that ran out of time).
	 */
	ifProcessing: 'return' | 'error';
	/** When a workflow that parks the job should look again (output with a job still running) */
	checkAgainInSeconds?: number;
	/** Get Status without waiting: each item (and a failure) says whether the job is over */
	reportDone?: boolean;
}

/** A job's outcome → output items (its media, or the pending job), or the error it ends in. */
export async function settleJob(
	context: IExecuteFunctions,
	itemIndex: number,
	outcome: JobOutcome,
	settle: SettleOptions,
): Promise<INodeExecutionData[]> {
	const done = settle.reportDone ? { done: outcome.state !== 'processing' } : {};
	if (outcome.state === 'failed') {
		// With Continue On Fail the error item carries it, so a park-and-check loop ends.
		if (settle.reportDone) outcome.error.context.done = true;
		throw outcome.error;
	}
	const { job } = outcome;
	if (outcome.state === 'processing') {
		if (settle.ifProcessing === 'error') {
			// Completed, but MeiGen never sent the media: paid for, so fetched later, never rerun.
			throw outcome.json.status === 'completed'
				? attachJob(
						new NodeOperationError(
							context.getNode(),
							'MeiGen reported the job completed but sent no media URL',
							{ description: resumeHint({ ...job, status: 'completed' }), itemIndex },
						),
						job,
					)
				: timeoutError(context, itemIndex, job, settle.deadline);
		}
		const checkAgainInSeconds = settle.checkAgainInSeconds;
		return [{ json: dropEmpty({ ...outcome.json, ...done, checkAgainInSeconds }) }];
	}
	try {
		return await mediaItems(context, dropEmpty({ ...outcome.json, ...done }), outcome.files, {
			...settle.options,
			mediaType: outcome.mediaType,
			deadline: settle.deadline.at,
			signal: settle.signal,
		});
	} catch (error) {
		// The job is done and paid for: the error says so, and how to fetch the media again.
		throw toNodeError(context.getNode(), error, { itemIndex, job });
	}
}

function timeoutError(
	context: IExecuteFunctions,
	itemIndex: number,
	job: JobRef,
	deadline: WaitDeadline,
): NodeOperationError {
	const why = {
		executionTimeout: "before the workflow's execution timeout",
		waitTimeout: "within the node's Timeout option",
		longestWait: `within ${LONGEST_WAIT_SECONDS / 60} minutes`,
		noProgress: 'and MeiGen no longer reports progress on it',
	}[deadline.reason];
	const name = job.generationId ? `The MeiGen job ${job.generationId}` : 'The MeiGen job';
	const error = new NodeOperationError(context.getNode(), `${name} did not finish ${why}`, {
		description: `${resumeHint(job)} Or raise Options → Timeout, or set Options → On Timeout to Return Pending.`,
		itemIndex,
	});
	return attachJob(error, { ...job, status: 'processing' });
}
