import type { ApiError } from '../transport/errors';
import { sentences } from '../util/text';

/**
 * The node's one voice: what each answer of MeiGen's means, and how to get past it, in one table
 * (generations and Skills alike), with one word for each situation: a request MeiGen "refused",
 * an execution "stopped", "not enough purchased credits", "nothing was charged".
 */

/** What happened, and how to get unstuck. */
export interface Words {
	message: string;
	description: string;
}

/** The item cost nothing: nothing reached MeiGen, or MeiGen refused it before charging. */
export const NOTHING_CHARGED = {
	notSubmitted: 'Nothing was submitted or charged for this item.',
	refused: 'MeiGen refused it: nothing was charged for this item.',
} as const;

/** Where an answer came, as far as the words depend on it. */
export interface Situation {
	/** A generation's call or a Skill run's */
	about: 'generation' | 'skill';
	/** Whether MeiGen had taken the job in: a refusal before that charged nothing */
	taken: boolean;
	/** Where the job is and how to fetch it without paying again (empty: no job to name) */
	resume: string;
	/** The request ID, named where no job exists to resume */
	requestId?: string;
	/** What a 404 means for this call, e.g. "No MeiGen generation with ID abc" */
	notFound?: string;
}

/** How to get past each 400 code MeiGen documents (its API reference, §1.7). */
const FIELD_FIXES: Record<string, string> = {
	invalid_model:
		'Pick a model from the Model list; Model → Get Many lists every model with its options.',
	invalid_input: 'Check the fields MeiGen names in its message.',
	unsupported_resolution:
		'Change Additional Fields → Resolution Name or ID to one the model supports.',
	unsupported_duration: 'Change Additional Fields → Duration Name or ID to one the model supports.',
	unsupported_tier: 'Change Additional Fields → Tier Name or ID to one the model supports.',
	unsupported_quality: 'Change Additional Fields → Quality Name or ID to one the model supports.',
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

/**
 * Codes whose words don't depend on the HTTP status they come with (MeiGen's docs for generations
 * and Skills, and its client for the daily limit).
 */
const BY_CODE: Record<string, (error: ApiError, situation: Situation) => Words> = {
	model_not_available: (error) => ({
		message: "This model is not available on MeiGen's API (model_not_available)",
		description: sentences(said(error), 'Pick another model from the Model list.'),
	}),
	request_id_collision: (_error, situation) => ({
		message:
			'This request ID belongs to another request, or another account (request_id_collision)',
		description: sentences(
			'No job was made with it. Set Options → Request ID to a new UUID, or clear it so the node derives one.',
			NOTHING_CHARGED.refused,
			requestIdLine(situation),
		),
	}),
	idempotency_conflict: (error, situation) => ({
		message:
			'This request ID was already used for a request with other inputs (idempotency_conflict)',
		description: sentences(
			`MeiGen keeps the first request made with it${error.body.generationId ? ` (generation ${error.body.generationId})` : ''}. Restore that request's inputs to continue it, or change Options → Request ID (or clear it, so the node derives one) to make a new one.`,
			situation.resume || requestIdLine(situation),
		),
	}),
	in_progress: (_error, situation) => ({
		message: 'MeiGen is still taking in this request (in_progress)',
		description: sentences(
			'Run again in a few minutes: the same request ID continues the same job.',
			situation.resume,
		),
	}),
	price_changed: (error, situation) => ({
		message: `The upscale price changed to ${String(error.body.quotedCredits ?? 'more')} credits (the node confirmed ${String(error.body.confirmedCredits ?? 'the catalog price')})`,
		description: sentences(
			'MeiGen refused to charge more than the price the node confirmed.',
			NOTHING_CHARGED.refused,
			'Run the workflow again to accept the current price.',
			requestIdLine(situation),
		),
	}),
	upscale_resize_required: (error, situation) => {
		const { sourceWidth, sourceHeight } = error.body;
		const size =
			sourceWidth && sourceHeight ? ` (${String(sourceWidth)}×${String(sourceHeight)} px)` : '';
		return {
			message: `The image${size} is too large to upscale as it is`,
			description: sentences(
				'Upscale takes at most 4096 px per edge and 16 megapixels. Turn on Allow Downscale to let MeiGen shrink it first, or send a smaller image.',
				NOTHING_CHARGED.refused,
				requestIdLine(situation),
			),
		};
	},
	generation_unavailable: (_error, situation) => ({
		message: 'MeiGen no longer has this job (generation_unavailable)',
		description: sentences(
			situation.resume,
			"MeiGen made no replacement, and this is not a refund: check the account's credits before running it again.",
		),
	}),
	DAILY_LIMIT_REACHED: (_error, situation) => ({
		message: "The daily limit of this Skill's runs is reached (DAILY_LIMIT_REACHED)",
		description: sentences(
			"MeiGen allows 1,000 runs per Skill per day; credits don't raise it. Run the workflow again after the daily reset.",
			NOTHING_CHARGED.refused,
			requestIdLine(situation),
		),
	}),
};

/** MeiGen's own text of an answer. */
function said(error: ApiError): string {
	return error.body.error ?? error.body.message ?? '';
}

function codeOf(error: ApiError): string {
	return error.body.code ? ` (${error.body.code})` : '';
}

function requestIdLine(situation: Situation): string {
	return situation.requestId ? `Request ID: ${situation.requestId}.` : '';
}

/** A refusal before MeiGen took the job in charged nothing; after, the job is what to resume. */
function resumeOrNothing(situation: Situation): string {
	return situation.taken
		? situation.resume
		: sentences(NOTHING_CHARGED.refused, requestIdLine(situation));
}

/** The words for a status, where the code says nothing more. */
function byStatus(error: ApiError, situation: Situation): Words {
	const { statusCode, body } = error;
	const text = said(error);
	const code = codeOf(error);
	switch (true) {
		case statusCode === 400: {
			const supported = Array.isArray(body.supportedRatios) ? body.supportedRatios : undefined;
			// An aspect ratio the model lacks comes without a code, with the ratios it takes.
			const fix =
				FIELD_FIXES[body.code ?? ''] ??
				(supported
					? 'Change Additional Fields → Aspect Ratio Name or ID to one the model supports.'
					: "Check the node's fields against the model's options (Model → Get Many).");
			return {
				message: `MeiGen refused the request: ${text || 'invalid parameters'}${code}`,
				description: sentences(
					fix,
					supported ? `Supported aspect ratios: ${supported.join(', ')}.` : '',
					body.received !== undefined ? `Received: ${JSON.stringify(body.received)}.` : '',
					resumeOrNothing(situation),
				),
			};
		}
		case statusCode === 401:
			return {
				message: 'MeiGen refused the API key (401)',
				description: sentences(
					'Open the MeiGen credential and paste a valid key (meigen_sk_…) from your MeiGen account settings; the key may be mistyped or revoked.',
					situation.about === 'skill'
						? 'Skills take an API key (meigen_sk_…), not a session token.'
						: '',
					resumeOrNothing(situation),
				),
			};
		case statusCode === 402: {
			const amounts =
				body.required !== undefined
					? `This needs ${body.required} credits; the account has ${body.available ?? 0}.`
					: text;
			const spends =
				situation.about === 'skill'
					? "Skills spend purchased credits only; daily free credits don't count. Buy credits in your MeiGen account, then run again."
					: "API keys spend purchased credits only; daily free credits don't count. Buy credits in your MeiGen account, or choose a cheaper model, resolution or duration, then run again.";
			return {
				message: `Not enough purchased MeiGen credits${code}`,
				description: sentences(amounts, spends, resumeOrNothing(situation)),
			};
		}
		case statusCode === 403:
			return {
				message: `MeiGen refused the request (403)${code}`,
				description: sentences(
					text,
					'Check that the credential may do this; managing API keys needs a session token.',
					resumeOrNothing(situation),
				),
			};
		case statusCode === 404:
			return {
				message: situation.notFound ?? `Not found: ${text || 'MeiGen has no such resource'}`,
				description: sentences(
					text && situation.notFound ? `MeiGen says: ${text}${code}.` : '',
					'Check the ID; it may be mistyped, or belong to another account.',
					situation.resume,
				),
			};
		case statusCode === 413:
			return {
				message: `MeiGen refused the request as too large (413)${code}`,
				description: sentences(
					text,
					'Send less in one request: fewer or smaller reference images (give large files as URLs).',
					resumeOrNothing(situation),
				),
			};
		case statusCode === 429:
			return {
				message: `MeiGen is rate limiting requests (429)${code}`,
				description: sentences(
					text,
					'The node already waited and retried. Lower Options → Concurrency, or run the workflow again later.',
					situation.resume,
				),
			};
		case statusCode < 500:
			// No 4xx is retried: the same request would be refused again.
			return {
				message: `MeiGen refused the request (HTTP ${statusCode})${code}`,
				description: sentences(
					text,
					"Check the node's fields; sending the same request again will not help.",
					resumeOrNothing(situation),
				),
			};
		default:
			return {
				message: `MeiGen had a problem answering (HTTP ${statusCode})${code}`,
				description: sentences(
					text,
					'The node retried what was safe to retry. Try again in a minute.',
					situation.resume,
				),
			};
	}
}

/** An answer of MeiGen's API (any status but 2xx) in the node's words. */
export function sayApiError(error: ApiError, situation: Situation): Words {
	const byCode = BY_CODE[error.body.code ?? ''];
	return byCode ? byCode(error, situation) : byStatus(error, situation);
}

/** The words of the node's own situations, where MeiGen said nothing. */
export const SAID = {
	stopped: 'The execution was stopped while waiting for MeiGen',
	noMediaUrl: 'MeiGen reported the job completed but sent no media URL',
	notStarted: "Not started: the workflow's execution timeout was too close",
	lookupUnavailable: (code: string) => `MeiGen's request lookup is not available (HTTP 404${code})`,
} as const;
