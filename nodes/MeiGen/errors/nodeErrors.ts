import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	ApiError,
	CancelledError,
	DownloadTooLargeError,
	NetworkError,
	NotMediaError,
	SubmitDeadlineError,
} from '../transport/errors';
import { nothingCharged } from './charges';
import { apiErrorToNodeError, type ErrorContext } from './apiErrors';
import { attachJob, resumeHint } from './jobRef';
import { sentences } from '../util/text';

const NOTHING_CHARGED = nothingCharged('notSubmitted');

/**
 * Bad input found before anything was sent: says what is wrong, how to fix it, and that the
 * item cost nothing.
 */
export function inputError(
	node: INode,
	itemIndex: number,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(node, message, {
		description: `${description} ${NOTHING_CHARGED}`,
		itemIndex,
	});
}

/** Any failure inside an item's work → the node error shown to the user, with the job attached. */
export function toNodeError(
	node: INode,
	error: unknown,
	context: ErrorContext,
): NodeApiError | NodeOperationError {
	// A 409 names the job its key already belongs to (found by a look-up): the one to resume.
	if (
		error instanceof ApiError &&
		error.statusCode === 409 &&
		error.body.generationId &&
		!context.job?.generationId
	) {
		context = { ...context, job: { ...context.job, generationId: error.body.generationId } };
	}
	return attachJob(describeError(node, error, context), context.job ?? {});
}

function describeError(
	node: INode,
	error: unknown,
	context: ErrorContext,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ApiError) return apiErrorToNodeError(node, error, context);
	const resume = resumeHint(context.job);
	const { itemIndex } = context;
	if (error instanceof CancelledError) {
		return new NodeOperationError(node, 'The execution was stopped while waiting for MeiGen', {
			description: resume || NOTHING_CHARGED,
			itemIndex,
		});
	}
	if (error instanceof SubmitDeadlineError) {
		return new NodeOperationError(node, error.message, {
			description: `${NOTHING_CHARGED} Lower Options → Concurrency, raise Options → Timeout, or run the workflow again later.`,
			itemIndex,
		});
	}
	if (error instanceof NotMediaError) {
		return new NodeOperationError(node, error.message, {
			description: sentences('The CDN may be having trouble; run again later.', resume),
			itemIndex,
		});
	}
	if (error instanceof DownloadTooLargeError) {
		return new NodeOperationError(node, error.message, {
			description: sentences(
				"Raise Options → Max Download Size (MB) if n8n stores binary data on disk or S3 (n8n's database storage, queue mode's default, refuses files over 512 MB anyway), or turn off Options → Download and use the URL in the output.",
				resume,
			),
			itemIndex,
		});
	}
	if (error instanceof NetworkError) {
		return new NodeOperationError(node, `Could not reach MeiGen: ${error.message}`, {
			description: sentences(
				'Check the Base URL in the credential and the network, then run again.',
				resume,
			),
			itemIndex,
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message, { description: resume || undefined, itemIndex });
}
