import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ApiError } from '../transport/errors';
import { sentences } from '../util/text';
import { resumeHint, type JobRef } from './jobRef';

/** An answer of MeiGen's API by its HTTP status: what happened, then how to get unstuck. */

export interface ErrorContext {
	itemIndex: number;
	job?: JobRef;
	/** What a 404 means for this call, e.g. "No generation with ID abc" */
	notFound?: string;
}

/**
 * How to get past each 400 code MeiGen documents (its API reference, §1.7). An aspect ratio the
 * model doesn't take comes without a code, with `supportedRatios`.
 */
const CODE_HINTS: Record<string, string> = {
	invalid_model:
		'Pick a model from the Model list; Model → Get Many lists every model with its options.',
	invalid_input: 'Check the fields MeiGen names in its message.',
	unsupported_resolution: 'Change Additional Fields → Resolution to one the model supports.',
	unsupported_duration: 'Change Additional Fields → Duration to one the model supports.',
	unsupported_tier: 'Change Additional Fields → Tier to one the model supports.',
	unsupported_quality: 'Change Additional Fields → Quality to one the model supports.',
	unsupported_model_variant:
		'Only GPT Image 2.5 takes Model Variant: remove it, or pick that model.',
	invalid_reference_url:
		'Reference image URLs must be public http(s) URLs. To send an image from an earlier node, use Additional Fields → Reference Image Binary Fields.',
	too_many_references: 'Send fewer reference images; Model → Get Many shows max_reference_images.',
	frame_reference_limit: 'Send at most two frames: a First Frame and a Last Frame.',
	first_frame_required:
		'This video model needs a first frame: set Additional Fields → First Frame.',
	reference_video_not_supported:
		'This model takes no reference videos: remove Reference Videos, or pick a model that takes them (Seedance).',
	invalid_reference_video:
		"Reference videos must be MP4 or MOV clips on MeiGen (an earlier job's videoUrl, or a file the node uploads), within the model's length limits.",
	too_many_reference_videos: 'Send fewer reference videos; Model → Get Many shows the limits.',
	reference_video_total_seconds_exceeded: 'Send fewer or shorter reference videos.',
	reference_audio_not_supported:
		'This model takes no reference audio: remove Reference Audio, or pick a model that takes it (Seedance).',
	invalid_reference_audio: 'Reference audio must be WAV or MP3, within the model’s length limits.',
	too_many_reference_audios: 'Send fewer reference audio files.',
	reference_audio_total_seconds_exceeded: 'Send fewer or shorter reference audio files.',
	reference_audio_requires_visual:
		'This model needs a reference image, a first frame or a reference video along with audio.',
	too_many_characters: 'Use at most three [character:…] tokens in the prompt.',
	character_not_found: 'A [character:…] token in the prompt names no character of this account.',
	characters_not_supported:
		'This model takes no characters: remove the [character:…] tokens, or pick another model.',
	character_tier_required:
		'Characters need a higher MeiGen plan: remove the [character:…] tokens, or upgrade the account.',
};

/** Turns an API answer into the node error a user sees: what happened, then how to get unstuck. */
export function apiErrorToNodeError(
	node: INode,
	error: ApiError,
	context: ErrorContext,
): NodeApiError {
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
			const ratioHint = supported
				? 'Change Additional Fields → Aspect Ratio to one the model supports.'
				: undefined;
			description = sentences(
				CODE_HINTS[body.code ?? ''] ??
					ratioHint ??
					"Check the node's fields against the model's options (Model → Get Many).",
				supported,
				received,
				resume,
			);
			break;
		}
		case statusCode === 401:
			message = 'MeiGen rejected the API key (401)';
			description = sentences(
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
			description = sentences(
				amounts,
				'API keys spend purchased credits only. Buy credits, or choose a cheaper model, resolution or duration.',
			);
			break;
		}
		case statusCode === 403:
			if (body.code === 'model_not_available') {
				message = `This model is not available on MeiGen's API${code}`;
				description = sentences(apiText, 'Pick another model from the Model list.');
			} else {
				message = `MeiGen refused the request (403)${code}`;
				description = sentences(
					apiText,
					'Check that the credential may do this; managing API keys needs a session token.',
					resume,
				);
			}
			break;
		case statusCode === 404:
			message = context.notFound ?? `Not found: ${apiText || 'MeiGen has no such resource'}`;
			description = sentences(
				apiText && context.notFound ? `MeiGen says: ${apiText}${code}.` : '',
				'Check the ID; it may be mistyped, or belong to another account.',
				resume,
			);
			break;
		case statusCode === 409 && body.code === 'request_id_collision':
			message = `This idempotency key belongs to another kind of request, or another account${code}`;
			description = sentences(
				'No job was made with it. Set Options → Idempotency Key to a new UUID, or clear it so the node derives one.',
			);
			break;
		case statusCode === 409:
			message = `This idempotency key was already used for a different request${code}`;
			description = sentences(
				`MeiGen keeps the first request made with a key${body.generationId ? ` (generation ${body.generationId})` : ''}. Restore that request's inputs to continue it, or change Options → Idempotency Key (or clear it, so the node derives one) to make a new one.`,
				resume,
			);
			break;
		case statusCode === 429:
			message = 'MeiGen is rate limiting requests (429)';
			description = sentences(
				apiText,
				'The node already waited and retried. Lower Options → Concurrency, or run the workflow again later.',
				resume,
			);
			break;
		case statusCode === 413:
			message = `MeiGen refused the request as too large (413)${code}`;
			description = sentences(
				apiText,
				'Send less in one request: fewer or smaller reference images (give large files as URLs).',
				resume,
			);
			break;
		case statusCode < 500:
			// No 4xx is retried: the same request would be refused again.
			message = `MeiGen refused the request (HTTP ${statusCode})${code}`;
			description = sentences(
				apiText,
				"Check the node's fields; sending the same request again will not help.",
				resume,
			);
			break;
		default:
			message = `MeiGen had a problem answering (HTTP ${statusCode})${code}`;
			description = sentences(
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
