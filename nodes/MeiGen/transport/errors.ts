import type { ApiErrorBody } from '../types';

/** The API answered with a non-2xx status. */
export class ApiError extends Error {
	constructor(
		readonly statusCode: number,
		readonly body: ApiErrorBody,
		/** From `Retry-After` or `retryAfterSeconds`, when the server gave one */
		readonly retryAfterMs?: number,
	) {
		super(body.error ?? body.message ?? `MeiGen answered with HTTP ${statusCode}`);
		this.name = 'ApiError';
	}
}

/** No answer arrived (connection refused or reset, DNS, time-out): the request may or may not have been processed. */
export class NetworkError extends Error {
	constructor(
		message: string,
		readonly code?: string,
	) {
		super(message);
		this.name = 'NetworkError';
	}
}

/** The execution was stopped, or hit its timeout, while the node was working. */
export class CancelledError extends Error {
	constructor() {
		super('The execution was stopped');
		this.name = 'CancelledError';
	}
}

/** The media URL answered with something that is not an image or a video (an error page, JSON). */
export class NotMediaError extends Error {
	constructor(readonly mimeType: string) {
		super(`The media URL answered with ${mimeType}, not an image or a video`);
		this.name = 'NotMediaError';
	}
}

/** Rate limiting held a submission back past the wait's deadline: it was never sent. */
export class SubmitDeadlineError extends Error {
	constructor() {
		super("MeiGen was still rate limiting submissions when the wait's time ran out");
		this.name = 'SubmitDeadlineError';
	}
}

function formatMegabytes(bytes: number): string {
	return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** A media file is larger than the node may download. */
export class DownloadTooLargeError extends Error {
	constructor(
		readonly limitBytes: number,
		readonly sizeBytes?: number,
	) {
		super(
			sizeBytes === undefined
				? `The media file is larger than the ${formatMegabytes(limitBytes)} download limit`
				: `The media file is ${formatMegabytes(sizeBytes)}, over the ${formatMegabytes(limitBytes)} download limit`,
		);
		this.name = 'DownloadTooLargeError';
	}
}

/**
 * MeiGen answered 2xx with something that is not the answer the call expects (a submit without
 * `success: true` or a generation ID, a job status the node doesn't know). For a submit the job
 * may exist: it is looked up by its request ID before anything is sent again.
 */
export class InvalidAnswerError extends Error {
	constructor(
		message: string,
		/** When to ask again, where MeiGen's docs say (a lookup whose job has no ID yet) */
		readonly retryAfterMs?: number,
	) {
		super(message);
		this.name = 'InvalidAnswerError';
	}
}

/**
 * A request lookup answered 404 without MeiGen's own "no such request" (a proxy's page, a wrong
 * Base URL): it proves nothing, so nothing is submitted again on its word.
 */
export class LookupUnavailableError extends Error {
	constructor(readonly code?: string) {
		super(`MeiGen's request lookup is not available (HTTP 404${code ? `, ${code}` : ''})`);
		this.name = 'LookupUnavailableError';
	}
}
