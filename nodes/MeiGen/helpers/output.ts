import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { downloadMedia } from './binary';
import type { JobRef } from './errors';
import { resumeHint } from './errors';
import { failedJobError, mediaUrls } from './generation';
import type { StatusResponse } from './interfaces';
import type { WaitOptions } from './options';
import type { WaitDeadline } from './polling';

/** The job's fields as a user sees them, the API's unknown extras included. */
export function jobJson(status: StatusResponse, job: JobRef, extra: IDataObject = {}): IDataObject {
	const { imageUrl, imageUrls, videoUrl, jobId, ...rest } = status;
	return {
		...extra,
		...rest,
		// The IDs the node knows win over look-alike fields of the response (a lookup's own requestId).
		generationId: job.generationId ?? (rest.generationId as string | undefined) ?? jobId,
		requestId: job.requestId ?? (rest.requestId as string | undefined),
		modelId: job.modelId ?? (rest.modelId as string | undefined),
		imageUrls: imageUrls ?? (imageUrl ? [imageUrl] : undefined),
		videoUrl: videoUrl ?? undefined,
	};
}

function dropEmpty(json: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(json).filter(([, value]) => value !== undefined && value !== null));
}

export interface FinishOptions {
	options: WaitOptions;
	deadline: WaitDeadline;
	signal?: AbortSignal;
	timedOut: boolean;
	/** Fields to keep on every output item (the prompt, the credits charged) */
	extra?: IDataObject;
}

/**
 * A polled job → output items: one per media file (with the file as binary data when Download is
 * on), the pending job when the wait timed out and the user asked for that, or an error.
 */
export async function finishJob(
	context: IExecuteFunctions,
	itemIndex: number,
	status: StatusResponse,
	job: JobRef,
	finish: FinishOptions,
): Promise<INodeExecutionData[]> {
	const node = context.getNode();
	if (status.status === 'failed') throw failedJobError(node, status, job, itemIndex);

	if (status.status === 'processing') {
		if (finish.timedOut && finish.options.onTimeout === 'error') {
			const why =
				finish.deadline.reason === 'executionTimeout'
					? 'before the workflow\'s execution timeout'
					: 'within the node\'s Timeout option';
			const name = job.generationId ? `The MeiGen job ${job.generationId}` : 'The MeiGen job';
			const error = new NodeOperationError(node, `${name} did not finish ${why}`, {
				description: `${resumeHint(job)} Or raise Options → Timeout, or set Options → On Timeout to Return Pending.`,
				itemIndex,
			});
			Object.assign(error.context, { generationId: job.generationId, requestId: job.requestId, status: 'processing' });
			throw error;
		}
		return [{ json: dropEmpty(jobJson(status, job, finish.extra)) }];
	}

	job.status = status.status;
	const urls = mediaUrls(status);
	const base = jobJson(status, job, finish.extra);
	if (!urls.length) {
		throw new NodeOperationError(node, 'MeiGen reported the job completed but sent no media URL', {
			description: resumeHint(job),
			itemIndex,
		});
	}
	const items: INodeExecutionData[] = [];
	for (const [index, url] of urls.entries()) {
		const json = dropEmpty({ ...base, url, mediaIndex: index + 1, mediaCount: urls.length });
		if (!finish.options.download) {
			items.push({ json });
			continue;
		}
		const binary = await downloadMedia(context, url, job.generationId ?? 'meigen', index, status.mediaType, {
			maxBytes: finish.options.maxDownloadBytes,
			// The first try always runs; retries stay within the wait's deadline.
			deadline: finish.deadline.at,
			signal: finish.signal,
		});
		items.push({ json, binary: { [finish.options.binaryPropertyOutput]: binary } });
	}
	return items;
}
