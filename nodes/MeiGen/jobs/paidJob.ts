import type { IExecuteFunctions, NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Reservation } from '../pricing/budget';
import { ApiError, CancelledError, SubmitDeadlineError } from '../transport/errors';
import { jobOf, logJob, type JobRef } from '../errors/jobRef';
import { toNodeError } from '../errors/nodeErrors';

/** Errors of a paid job (a generation, a Skill run): each names the job as far as it is known. */

export interface JobErrorOptions {
	signal?: AbortSignal;
	/** What a 404 means here (e.g. "No MeiGen generation with ID …") */
	notFound?: string;
	/** This kind of job's own reading of an error, before the generic one */
	describe?: (error: unknown) => NodeApiError | NodeOperationError | undefined;
	/** The item's share of Max Credits: given back when the error means nothing was charged */
	reservation?: Reservation;
	/** A line every error ends with (e.g. what was uploaded before it) */
	note?: () => string | undefined;
}

/**
 * Runs an item's work on a paid job. Any failure becomes a node error naming the job as far as
 * it is known by then; a stop while the job exists is logged with its IDs in the text.
 */
export async function withJobErrors<T>(
	context: IExecuteFunctions,
	itemIndex: number,
	job: JobRef,
	work: () => Promise<T>,
	options: JobErrorOptions = {},
): Promise<T> {
	const { signal, notFound, describe, reservation, note } = options;
	try {
		return await work();
	} catch (error) {
		const stopped = error instanceof CancelledError || signal?.aborted === true;
		if (stopped && job.generationId) {
			// n8n may drop a cancelled node's error: the log keeps the paid job findable.
			logJob(context, 'warn', 'the execution stopped while a paid job was running', job);
		}
		const described = describe?.(error) ?? error;
		const nodeError = toNodeError(context.getNode(), described, { itemIndex, job, notFound });
		const line = note?.();
		if (line) nodeError.description = `${nodeError.description ?? ''} ${line}`.trim();
		if (jobOf(nodeError).creditsStatus === 'refunded') reservation?.refund();
		else if (chargedNothing(error)) reservation?.release();
		throw nodeError;
	}
}

/**
 * Whether a failed submit charged nothing: it was never sent, or MeiGen refused it. A lost
 * answer or a 5xx may still have created the job: not these. (After the submit, ignored.)
 */
function chargedNothing(error: unknown): boolean {
	if (error instanceof SubmitDeadlineError) return true;
	return error instanceof ApiError && error.statusCode >= 400 && error.statusCode < 500;
}
