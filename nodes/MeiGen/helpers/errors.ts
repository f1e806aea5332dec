import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ApiErrorBody } from './interfaces';

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
		super('The execution was cancelled');
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
		super('MeiGen was still rate limiting submissions when the wait\'s time ran out');
		this.name = 'SubmitDeadlineError';
	}
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

/** What is known of the job an error belongs to; every error about an existing job names it. */
export interface JobRef {
	generationId?: string;
	requestId?: string;
	modelId?: string;
	/** The job's last known status */
	status?: string;
}

export interface ErrorContext {
	itemIndex: number;
	job?: JobRef;
	/** What a 404 means for this call, e.g. "No generation with ID abc" */
	notFound?: string;
}

export function formatMegabytes(bytes: number): string {
	return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** A description line that tells where the job is and how to pick it up again. */
export function resumeHint(job?: JobRef): string {
	if (!job?.generationId && !job?.requestId) return '';
	const ids = [
		job.generationId ? `Generation ID: ${job.generationId}` : '',
		job.requestId ? `Request ID: ${job.requestId}` : '',
	]
		.filter(Boolean)
		.join(', ');
	const how = job.generationId
		? `use Generation → Get Status with generation ID ${job.generationId}`
		: `use Generation → Get Status with "Look Up By" Request ID ${job.requestId}`;
	if (job.status === 'completed') {
		return `${ids}. The job completed and is paid for: to fetch its media again without paying, ${how}, or turn Options → Download off and use the URLs.`;
	}
	return `${ids}. The job exists and may still finish: to fetch its result without paying again, ${how}.`;
}

function join(...parts: Array<string | undefined>): string {
	return parts.filter((part) => part).join(' ');
}

const FIELD_HINTS: Record<string, string> = {
	invalid_model: 'Pick a model from the Model list; Model → Get Many lists every model with its options.',
	missing_prompt: 'Fill in Prompt; an expression that resolves to an empty text sends nothing useful.',
	unsupported_aspect_ratio: 'Change Additional Fields → Aspect Ratio to one the model supports.',
	unsupported_resolution: 'Change Additional Fields → Resolution to one the model supports.',
	unsupported_duration: 'Change Additional Fields → Duration to one the model supports.',
	unsupported_tier: 'Change Additional Fields → Tier to one the model supports.',
	unsupported_quality: 'Change Additional Fields → Quality to one the model supports.',
	invalid_reference_url:
		'Reference image URLs must be public http(s) URLs. To send an image from an earlier node, use Additional Fields → Reference Image Binary Fields.',
	too_many_references: 'Send fewer reference images; Model → Get Many shows max_reference_images.',
	first_frame_required: 'This video model needs a first frame: add a reference image.',
};

/** Turns an API answer into the node error a user sees: what happened, then how to get unstuck. */
export function apiErrorToNodeError(node: INode, error: ApiError, context: ErrorContext): NodeApiError {
	const { statusCode, body } = error;
	const apiText = body.error ?? body.message ?? '';
	const code = body.code ? ` (${body.code})` : '';
	const resume = resumeHint(context.job);
	let message: string;
	let description: string;

	switch (true) {
		case statusCode === 400: {
			message = `MeiGen rejected the request: ${apiText || 'invalid parameters'}${code}`;
			const supported = Array.isArray(body.supportedRatios)
				? `Supported aspect ratios: ${body.supportedRatios.join(', ')}.`
				: '';
			const received = body.received !== undefined ? `Received: ${JSON.stringify(body.received)}.` : '';
			description = join(FIELD_HINTS[body.code ?? ''] ?? 'Check the node\'s fields against the model\'s options (Model → Get Many).', supported, received, resume);
			break;
		}
		case statusCode === 401:
			message = 'MeiGen rejected the API key (401)';
			description = join(
				'Open the MeiGen credential and paste a valid key (meigen_sk_…) from your MeiGen account settings; the key may be mistyped or revoked.',
				resume,
			);
			break;
		case statusCode === 402: {
			message = `Not enough MeiGen credits${code}`;
			const amounts =
				body.required !== undefined
					? `This generation needs ${body.required} credits; the account has ${body.available ?? 0}.`
					: apiText;
			description = join(
				amounts,
				'API keys spend purchased credits only. Buy credits, or choose a cheaper model, resolution or duration.',
			);
			break;
		}
		case statusCode === 403:
			if (body.code === 'model_not_available') {
				message = `This model is not available on MeiGen's API${code}`;
				description = join(apiText, 'Pick another model from the Model list.');
			} else {
				message = `MeiGen refused the request (403)${code}`;
				description = join(apiText, 'Check that the credential may do this; managing API keys needs a session token.', resume);
			}
			break;
		case statusCode === 404:
			message = context.notFound ?? `Not found: ${apiText || 'MeiGen has no such resource'}`;
			description = join(apiText && context.notFound ? `MeiGen says: ${apiText}${code}.` : '', 'Check the ID; it may be mistyped, or belong to another account.', resume);
			break;
		case statusCode === 409:
			message = `This idempotency key was already used for a different request${code}`;
			description = join(
				`The earlier request with this key${body.generationId ? ` is generation ${body.generationId}` : ''}. Change the Idempotency Key option, or leave it empty to let the node derive one.`,
				resume,
			);
			break;
		case statusCode === 429:
			message = 'MeiGen is rate limiting requests (429)';
			description = join(
				apiText,
				'The node already waited and retried. Lower Options → Concurrency, or run the workflow again later.',
				resume,
			);
			break;
		default:
			message = `MeiGen had a problem answering (HTTP ${statusCode})${code}`;
			description = join(apiText, 'The node retried what was safe to retry. Try again in a minute.', resume);
	}

	return new NodeApiError(node, body as JsonObject, {
		message,
		description,
		httpCode: String(statusCode),
		itemIndex: context.itemIndex,
	});
}

/** Any failure inside an item's work → the node error shown to the user, with the job's IDs in its context. */
export function toNodeError(node: INode, error: unknown, context: ErrorContext): NodeApiError | NodeOperationError {
	// A 409 names the job the key already belongs to: that job is the one to resume.
	if (error instanceof ApiError && error.statusCode === 409 && error.body.generationId && !context.job?.generationId) {
		context = { ...context, job: { ...context.job, generationId: error.body.generationId } };
	}
	const nodeError = describeError(node, error, context);
	for (const [key, value] of Object.entries(context.job ?? {})) {
		if (value !== undefined && nodeError.context[key] === undefined) nodeError.context[key] = value;
	}
	return nodeError;
}

function describeError(node: INode, error: unknown, context: ErrorContext): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ApiError) return apiErrorToNodeError(node, error, context);
	const resume = resumeHint(context.job);
	if (error instanceof CancelledError) {
		return new NodeOperationError(node, 'The execution was stopped while waiting for MeiGen', {
			description: resume || 'Nothing was submitted for this item.',
			itemIndex: context.itemIndex,
		});
	}
	if (error instanceof SubmitDeadlineError) {
		return new NodeOperationError(node, error.message, {
			description: 'This item was not submitted and nothing was charged for it. Lower Options → Concurrency, raise Options → Timeout, or run the workflow again later.',
			itemIndex: context.itemIndex,
		});
	}
	if (error instanceof NotMediaError) {
		return new NodeOperationError(node, error.message, {
			description: join('The CDN may be having trouble; run again later.', resume),
			itemIndex: context.itemIndex,
		});
	}
	if (error instanceof DownloadTooLargeError) {
		return new NodeOperationError(node, error.message, {
			description: join(
				'Raise Options → Max Download Size (MB), or turn off Options → Download and use the URL in the output.',
				resume,
			),
			itemIndex: context.itemIndex,
		});
	}
	if (error instanceof NetworkError) {
		return new NodeOperationError(node, `Could not reach MeiGen: ${error.message}`, {
			description: join('Check the Base URL in the credential and the network, then run again.', resume),
			itemIndex: context.itemIndex,
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message, { description: resume || undefined, itemIndex: context.itemIndex });
}
