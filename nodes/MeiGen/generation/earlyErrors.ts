import type { INode, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { nothingCharged } from '../errors/charges';
import { toNodeError } from '../errors/nodeErrors';
import { ApiError, CancelledError } from '../transport/errors';

/** How far a generation item got: an error before the submit was sent created no job. */
export type GenerationPhase = 'upload' | 'submit' | 'job';

/**
 * Errors before a job exists: an upload that failed, or a submit MeiGen refused. Neither created
 * a job, so they say so instead of pointing at one to resume.
 */
export function describeEarly(
	node: INode,
	error: unknown,
	itemIndex: number,
	phase: GenerationPhase,
	uploading: string,
): NodeApiError | NodeOperationError | undefined {
	if (error instanceof CancelledError || error instanceof NodeOperationError) return undefined;
	const account = error instanceof ApiError && [401, 402, 403].includes(error.statusCode);
	// The key or the account's credits: the usual explanation, without a job to resume.
	if (phase === 'upload' && account) return toNodeError(node, error, { itemIndex });
	if (phase === 'upload' && uploading) {
		const why = error instanceof Error ? error.message : String(error);
		return new NodeOperationError(
			node,
			`Uploading "${uploading}" to MeiGen's storage failed: ${why}`,
			{
				description: `The node tried again where that was safe. ${nothingCharged('notSubmitted')} Run it again, or pass the file as a URL on MeiGen.`,
				itemIndex,
			},
		);
	}
	const refused =
		error instanceof ApiError &&
		error.statusCode >= 400 &&
		error.statusCode < 500 &&
		![409, 429].includes(error.statusCode);
	// No job was created: no resume hint; the request ID is still attached to the error.
	return phase === 'submit' && refused ? toNodeError(node, error, { itemIndex }) : undefined;
}
