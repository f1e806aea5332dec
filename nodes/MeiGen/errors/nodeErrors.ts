import type { INode, JsonObject } from 'n8n-workflow';
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
import { attachJob, type JobRef } from './jobRef';

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

export interface ErrorContext {
	itemIndex: number;
	job?: JobRef;
	/** What a 404 means for this call, e.g. "No generation with ID abc" */
	notFound?: string;
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
	const how = job.skill
		? `use Skill → Get Status with skill ${job.skill} and request ID ${job.requestId}`
		: job.generationId
			? `use Generation → Get Status with generation ID ${job.generationId}`
			: `use Generation → Get Status with "Look Up By" Request ID ${job.requestId}`;
	if (job.status === 'completed') {
		return `${ids}. The job completed and is paid for: to fetch its media again without paying, ${how}, or turn Options → Download off and use the URLs.`;
	}
	return `${ids}. The job exists and may still finish: to fetch its result without paying again, ${how}.`;
}

/** Sentences in a row; MeiGen's own text may lack its full stop. */
function join(...parts: Array<string | undefined>): string {
	return parts
		.map((part) => part?.trim())
		.filter((part) => part)
		.map((part) => (/[.!?:)]$/.test(part as string) ? part : `${part}.`))
		.join(' ');
}

const FIELD_HINTS: Record<string, string> = {
	invalid_model:
		'Pick a model from the Model list; Model → Get Many lists every model with its options.',
	missing_prompt:
		'Fill in Prompt; an expression that resolves to an empty text sends nothing useful.',
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
function apiErrorToNodeError(node: INode, error: ApiError, context: ErrorContext): NodeApiError {
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
			const received =
				body.received !== undefined ? `Received: ${JSON.stringify(body.received)}.` : '';
			description = join(
				FIELD_HINTS[body.code ?? ''] ??
					"Check the node's fields against the model's options (Model → Get Many).",
				supported,
				received,
				resume,
			);
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
				description = join(
					apiText,
					'Check that the credential may do this; managing API keys needs a session token.',
					resume,
				);
			}
			break;
		case statusCode === 404:
			message = context.notFound ?? `Not found: ${apiText || 'MeiGen has no such resource'}`;
			description = join(
				apiText && context.notFound ? `MeiGen says: ${apiText}${code}.` : '',
				'Check the ID; it may be mistyped, or belong to another account.',
				resume,
			);
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
		case statusCode === 413:
			message = `MeiGen refused the request as too large (413)${code}`;
			description = join(
				apiText,
				'Send less in one request: fewer or smaller reference images (give large files as URLs).',
				resume,
			);
			break;
		case statusCode < 500:
			// No 4xx is retried: the same request would be refused again.
			message = `MeiGen refused the request (HTTP ${statusCode})${code}`;
			description = join(
				apiText,
				"Check the node's fields; sending the same request again will not help.",
				resume,
			);
			break;
		default:
			message = `MeiGen had a problem answering (HTTP ${statusCode})${code}`;
			description = join(
				apiText,
				'The node retried what was safe to retry. Try again in a minute.',
				resume,
			);
	}

	return new NodeApiError(node, body as JsonObject, {
		message,
		description,
		httpCode: String(statusCode),
		itemIndex: context.itemIndex,
	});
}

/** Any failure inside an item's work → the node error shown to the user, with the job attached. */
export function toNodeError(
	node: INode,
	error: unknown,
	context: ErrorContext,
): NodeApiError | NodeOperationError {
	// A 409 names the job the key already belongs to: that job is the one to resume.
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
			description: join('The CDN may be having trouble; run again later.', resume),
			itemIndex,
		});
	}
	if (error instanceof DownloadTooLargeError) {
		return new NodeOperationError(node, error.message, {
			description: join(
				"Raise Options → Max Download Size (MB) if n8n stores binary data on disk or S3 (n8n's database storage, queue mode's default, refuses files over 512 MB anyway), or turn off Options → Download and use the URL in the output.",
				resume,
			),
			itemIndex,
		});
	}
	if (error instanceof NetworkError) {
		return new NodeOperationError(node, `Could not reach MeiGen: ${error.message}`, {
			description: join(
				'Check the Base URL in the credential and the network, then run again.',
				resume,
			),
			itemIndex,
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message, { description: resume || undefined, itemIndex });
}
