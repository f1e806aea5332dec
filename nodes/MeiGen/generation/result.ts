import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { StatusResponse } from '../types';
import type { JobOutcome } from '../jobs/job';
import type { JobRef } from '../jobs/jobRef';

/** What a generation's status means: its media, its failure, or a job still running. */

/** The media of a completed job, first to last. */
export function mediaUrls(status: StatusResponse): string[] {
	if (status.mediaType === 'video' || (status.videoUrl && !status.imageUrl)) {
		return status.videoUrl ? [status.videoUrl] : [];
	}
	if (Array.isArray(status.imageUrls) && status.imageUrls.length) return status.imageUrls;
	if (status.imageUrl) return [status.imageUrl];
	return status.videoUrl ? [status.videoUrl] : [];
}

/** The job's fields as a user sees them, the API's unknown extras included. */
function jobJson(status: StatusResponse, job: JobRef, extra: IDataObject): IDataObject {
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

/** A `failed` job → the error a user sees, with the API's reason, the IDs and the refund status. */
function failedJobError(
	node: INode,
	status: StatusResponse,
	job: JobRef,
	itemIndex: number,
): NodeOperationError {
	const reason = status.error || 'no reason given';
	const details = [
		job.generationId ? `Generation ID: ${job.generationId}` : '',
		job.requestId ? `Request ID: ${job.requestId}` : '',
		status.failureCode ? `Failure code: ${status.failureCode}` : '',
		`Credits: ${status.creditsStatus ?? 'refund status unknown'}`,
	].filter(Boolean);
	const advice =
		status.failureCode === 'content_policy_violation'
			? 'Rephrase the prompt or change the reference images, then run again.'
			: 'Failed jobs are refunded; run the workflow again, or try another model. (Retry On Fail resubmits with the same Request ID and gets this same failed job back.)';
	return new NodeOperationError(node, `MeiGen could not generate this: ${reason}`, {
		description: `${details.join('. ')}. ${advice}`,
		itemIndex,
	});
}

/** A generation's last status → its outcome; `extra` rides on every output item. */
export function generationOutcome(
	node: INode,
	itemIndex: number,
	status: StatusResponse,
	job: JobRef,
	extra: IDataObject = {},
): JobOutcome {
	if (status.status === 'failed') {
		return {
			state: 'failed',
			error: failedJobError(node, status, job, itemIndex),
			job: {
				status: 'failed',
				failureCode: status.failureCode ?? undefined,
				creditsStatus: status.creditsStatus,
			},
		};
	}
	const urls = mediaUrls(status);
	// Completed without media URLs: MeiGen's result is pending, the job is read again.
	if (status.status === 'processing' || !urls.length) {
		return { state: 'processing', json: jobJson(status, job, extra) };
	}
	const fileBase = job.generationId ?? 'meigen';
	return {
		state: 'completed',
		status: status.status,
		json: jobJson(status, job, extra),
		files: urls.map((url, fileIndex) => ({ url, fileBase, fileIndex })),
		mediaType: status.mediaType,
	};
}
