import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	ApiError,
	CancelledError,
	DownloadTooLargeError,
	LookupUnavailableError,
	NetworkError,
	NotMediaError,
	SubmitDeadlineError,
} from '../transport/errors';
import { sentences } from '../util/text';
import { NOTHING_CHARGED, SAID, sayApiError, type Situation } from './voice';

/**
 * Failures → the node errors a user sees, in the node's one voice (voice.ts): each failure is
 * turned into a node error once, where its item's work ends.
 */

export type NodeError = NodeApiError | NodeOperationError;

/** Where a failure happened, as far as its words depend on it. */
export interface ErrorContext extends Partial<Situation> {
	itemIndex: number;
	/** A reference clip being uploaded when it failed: no job exists yet */
	uploading?: string;
}

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
		description: `${description} ${NOTHING_CHARGED.notSubmitted}`,
		itemIndex,
	});
}

/** Any failure of an item's work → the node error shown to the user. */
export function toNodeError(node: INode, error: unknown, context: ErrorContext): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const situation: Situation = {
		about: context.about ?? 'generation',
		taken: context.taken ?? true,
		resume: context.resume ?? '',
		requestId: context.requestId,
		notFound: context.notFound,
	};
	const { itemIndex } = context;
	const account = error instanceof ApiError && [401, 402, 403].includes(error.statusCode);
	if (context.uploading && !account && !(error instanceof CancelledError)) {
		const why = error instanceof Error ? error.message : String(error);
		return new NodeOperationError(
			node,
			`Uploading "${context.uploading}" to MeiGen's storage failed: ${why}`,
			{
				description: `The node tried again where that was safe. ${NOTHING_CHARGED.notSubmitted} Run it again, or pass the file as a URL on MeiGen.`,
				itemIndex,
			},
		);
	}
	if (error instanceof ApiError) {
		return new NodeApiError(node, error.body as JsonObject, {
			...sayApiError(error, situation),
			httpCode: String(error.statusCode),
			itemIndex,
		});
	}
	const { resume } = situation;
	const words = (message: string, description: string) =>
		new NodeOperationError(node, message, { description, itemIndex });
	if (error instanceof CancelledError) {
		return words(SAID.stopped, resume || NOTHING_CHARGED.notSubmitted);
	}
	if (error instanceof SubmitDeadlineError) {
		return words(
			error.message,
			`${NOTHING_CHARGED.notSubmitted} Lower Options → Concurrency, raise Options → Timeout, or run the workflow again later.`,
		);
	}
	if (error instanceof NotMediaError) {
		return words(
			error.message,
			sentences('The CDN may be having trouble; run again later.', resume),
		);
	}
	if (error instanceof DownloadTooLargeError) {
		return words(
			error.message,
			sentences(
				"Raise Options → Max Download Size (MB) if n8n stores binary data on disk or S3 (n8n's database storage, queue mode's default, refuses files over 512 MB anyway), or turn off Options → Download and use the URL in the output.",
				resume,
			),
		);
	}
	if (error instanceof LookupUnavailableError) {
		return words(
			error.message,
			sentences(
				'The answer did not say the request is unknown, so the node did not submit it again. Check the Base URL in the credential; if it is right, run again later.',
				resume || (situation.requestId ? `Request ID: ${situation.requestId}.` : ''),
			),
		);
	}
	if (error instanceof NetworkError) {
		return words(
			`Could not reach MeiGen: ${error.message}`,
			sentences('Check the Base URL in the credential and the network, then run again.', resume),
		);
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message, { description: resume || undefined, itemIndex });
}
