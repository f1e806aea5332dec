/**
 * /generate/v2: submit (validation, idempotency, charging by pricing.ts), status polls and request
 * lookups.
 */
import { randomUUID } from 'node:crypto';

import { authenticate, unauthorized } from '../auth';
import { fail, isRecord, type Reply } from '../http';
import { finishJob, jobDuration, outcomeOf, statusFields } from '../jobs';
import type { ModelJson } from '../catalogue';
import { chargeFor } from '../pricing';
import type { FakeState } from '../state';
import type { FakeJob, ReferenceImage } from '../types';
import { checkReference } from '../uploads';
import type { ApiRequest, ApiRoute } from './route';

const DATA_URL = /^data:(image\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=\s]*)$/i;

/** Key-order independent serialisation: "same inputs" must not depend on property order. */
function stableStringify(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
	if (isRecord(value)) {
		return `{${Object.keys(value)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

function validateOption(
	value: unknown,
	allowed: ReadonlyArray<string | number> | undefined,
	code: string,
	label: string,
): Reply | undefined {
	if (value === undefined || value === null || allowed === undefined) return undefined;
	if (!allowed.includes(value as string | number)) {
		return fail(
			400,
			code,
			`Unsupported ${label} "${String(value)}" for this model. Supported: ${allowed.join(', ')}`,
			{
				supported: allowed,
				received: value,
			},
		);
	}
	return undefined;
}

/** The request's reference images, or the 400 that refuses them. */
function parseReferences(raw: unknown, modelId: string, max: number): ReferenceImage[] | Reply {
	const references: ReferenceImage[] = [];
	if (raw === undefined || raw === null) return references;
	if (!Array.isArray(raw))
		return fail(400, 'invalid_reference_url', 'referenceImages must be an array of URLs');
	if (raw.length > max) {
		return fail(400, 'too_many_references', `${modelId} accepts at most ${max} reference images`, {
			max,
			received: raw.length,
		});
	}
	for (const ref of raw) {
		const data = typeof ref === 'string' ? DATA_URL.exec(ref) : null;
		if (data) {
			references.push({
				kind: 'data',
				mime: data[1].toLowerCase(),
				bytes: Buffer.from(data[2], 'base64'),
			});
		} else if (typeof ref === 'string' && /^https?:\/\/[^\s/]+/i.test(ref)) {
			references.push({ kind: 'url', url: ref });
		} else {
			return fail(
				400,
				'invalid_reference_url',
				'Reference images must be public http(s) URLs or data:image/...;base64 data',
				{
					received: typeof ref === 'string' ? ref.slice(0, 100) : typeof ref,
				},
			);
		}
	}
	return references;
}

function urlList(raw: unknown, code: string, field: string): string[] | Reply {
	if (raw === undefined || raw === null) return [];
	if (!Array.isArray(raw) || !raw.every((url): url is string => typeof url === 'string'))
		return fail(400, code, `${field} must be an array of URLs`);
	if (new Set(raw).size !== raw.length)
		return fail(400, 'invalid_input', `${field} lists the same URL twice`);
	return raw;
}

/**
 * The seconds of each reference video clip, or the 400 refusing them: probed from an uploaded
 * object's bytes, an earlier job's video, or a hosted URL's `#seconds=N` marker (uploads.ts).
 */
function referenceVideoSeconds(
	state: FakeState,
	body: Record<string, unknown>,
	json: ModelJson,
): number[] | Reply {
	const listed = urlList(body.referenceVideos, 'invalid_reference_video', 'referenceVideos');
	if (!Array.isArray(listed)) return listed;
	// The legacy single `referenceVideo` means `[x]`, and must agree with the list when both are sent.
	const legacy = typeof body.referenceVideo === 'string' ? body.referenceVideo : undefined;
	if (legacy !== undefined && listed.length > 0 && listed[0] !== legacy)
		return fail(400, 'invalid_input', 'referenceVideo must equal referenceVideos[0]');
	const urls = listed.length > 0 ? listed : legacy !== undefined ? [legacy] : [];
	if (urls.length === 0) return [];

	const limits = json.capabilities.video.referenceVideo;
	if (!limits?.enabled)
		return fail(400, 'reference_video_not_supported', `${json.id} takes no reference videos`);
	const maxCount = limits.maxCount ?? 1;
	if (urls.length > maxCount) {
		return fail(
			400,
			'too_many_reference_videos',
			`${json.id} takes at most ${maxCount} reference videos`,
			{
				max: maxCount,
				received: urls.length,
			},
		);
	}
	const seconds: number[] = [];
	for (const url of urls) {
		const checked = checkReference(state, url, 'video');
		if ('refused' in checked || checked.seconds === undefined) {
			return fail(
				400,
				'invalid_reference_video',
				`Reference video ${'refused' in checked ? checked.refused : 'has no known length'}`,
				{ received: url.slice(0, 200) },
			);
		}
		const clip = checked.seconds;
		if (clip < (limits.minSeconds ?? 0) || clip > (limits.maxSeconds ?? Infinity)) {
			return fail(
				400,
				'invalid_reference_video',
				`A reference video of ${clip} s is out of range`,
				{
					minSeconds: limits.minSeconds,
					maxSeconds: limits.maxSeconds,
					received: clip,
				},
			);
		}
		seconds.push(clip);
	}
	const total = seconds.reduce((sum, clip) => sum + clip, 0);
	const maxTotal = limits.maxTotalSeconds ?? limits.maxSeconds ?? Infinity;
	if (total > maxTotal) {
		return fail(
			400,
			'reference_video_total_seconds_exceeded',
			`Reference videos total ${total} s, over ${maxTotal} s`,
			{
				max: maxTotal,
				received: total,
			},
		);
	}
	return seconds;
}

/** Reference audio is never billed: only whether the model takes it, and each file, are checked. */
function referenceAudioError(
	state: FakeState,
	body: Record<string, unknown>,
	json: ModelJson,
	hasVisual: boolean,
): Reply | undefined {
	const urls = urlList(body.referenceAudios, 'invalid_reference_audio', 'referenceAudios');
	if (!Array.isArray(urls)) return urls;
	if (urls.length === 0) return undefined;
	const limits = json.capabilities.video.referenceAudio;
	if (!limits?.enabled)
		return fail(400, 'reference_audio_not_supported', `${json.id} takes no reference audio`);
	if (urls.length > (limits.maxCount ?? 1))
		return fail(
			400,
			'too_many_reference_audios',
			`${json.id} takes at most ${limits.maxCount ?? 1} reference audios`,
		);
	for (const url of urls) {
		const checked = checkReference(state, url, 'audio');
		if ('refused' in checked) {
			return fail(400, 'invalid_reference_audio', `Reference audio ${checked.refused}`, {
				received: url.slice(0, 200),
			});
		}
	}
	if (limits.requiresVisualReference && !hasVisual) {
		return fail(
			400,
			'reference_audio_requires_visual',
			`${json.id} needs a reference image or video with audio`,
		);
	}
	return undefined;
}

function submitAnswer(state: FakeState, job: FakeJob, deduped: boolean): Record<string, unknown> {
	return {
		success: true,
		generationId: job.id,
		status: 'processing',
		creditsUsed: job.creditsUsed,
		modelId: job.modelId,
		aspectRatio: job.aspectRatio,
		...(deduped ? { deduped: true } : {}),
		credits: { daily: state.credits.daily, purchased: state.credits.purchased, unlimited: false },
	};
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function submit(state: FakeState, { req, body }: ApiRequest): Reply {
	const auth = authenticate(state, req);
	if (!auth) return unauthorized();
	if (!isRecord(body)) return fail(400, 'invalid_input', 'Request body must be a JSON object');
	const prompt = body.prompt;
	if (typeof prompt !== 'string' || prompt.trim() === '')
		return fail(400, 'invalid_input', 'prompt is required');

	const given = body.idempotencyKey;
	if (given !== undefined && (typeof given !== 'string' || !UUID.test(given)))
		return fail(400, 'invalid_input', 'idempotencyKey must be a UUID');
	// MeiGen keeps keys lowercased, per account.
	const key = typeof given === 'string' ? given.toLowerCase() : undefined;
	const { idempotencyKey: _ignored, ...inputs } = body;
	const fingerprint = stableStringify(inputs);
	const seen = key ? state.idempotency.get(key) : undefined;
	if (seen && seen.account !== auth.account) {
		return fail(409, 'request_id_collision', 'This idempotency key belongs to another request');
	}
	if (seen) {
		const job = state.jobs.get(seen.jobId);
		// MeiGen's 409 names no job: the key's job is found through /requests/{key}.
		if (seen.fingerprint !== fingerprint || !job) {
			return fail(
				409,
				'idempotency_conflict',
				'This idempotency key was already used with different inputs',
			);
		}
		job.dedupeCount++;
		return { status: 200, body: submitAnswer(state, job, true) };
	}

	const defaultModel =
		state.catalogue.find(
			// A prompt alone asks for an image; `is_default` is per media type.
			(m) => m.json.is_default && m.json.media_type === 'image',
		) ?? state.catalogue[0];
	const modelId =
		typeof body.modelId === 'string' && body.modelId !== '' ? body.modelId : defaultModel.json.id;
	const model = state.findModel(modelId);
	if (!model || !model.json.is_active)
		return fail(400, 'invalid_model', `Unknown or inactive model: ${modelId}`);
	if (model.restricted)
		return fail(403, 'model_not_available', 'This model is not available on this platform');
	const { json } = model;

	const aspectRatio =
		typeof body.aspectRatio === 'string' && body.aspectRatio !== '' ? body.aspectRatio : 'auto';
	// MeiGen sends no code for a ratio the model lacks: the list of ratios it has.
	if (aspectRatio !== 'auto' && !json.supported_ratios.includes(aspectRatio)) {
		return fail(400, undefined, `Aspect ratio ${aspectRatio} is not supported by ${json.name}`, {
			supportedRatios: json.supported_ratios,
		});
	}
	const cfg = json.extra_config;
	// The tier's resolutions win over `resolutions`, which may lag behind.
	const tier = typeof body.tier === 'string' ? body.tier : cfg.defaultTier;
	const resolutions = (tier && cfg.tierResolutions?.[tier]) || cfg.resolutions;
	const optionError =
		validateOption(body.resolution, resolutions, 'unsupported_resolution', 'resolution') ??
		// `auto` asks for the model's default quality.
		(body.quality === 'auto'
			? undefined
			: validateOption(body.quality, cfg.qualities, 'unsupported_quality', 'quality')) ??
		validateOption(body.modelVariant, cfg.variants, 'unsupported_model_variant', 'variant') ??
		validateOption(body.tier, cfg.tiers, 'unsupported_tier', 'tier') ??
		(json.media_type === 'video'
			? validateOption(body.duration, cfg.durations, 'unsupported_duration', 'duration')
			: undefined);
	if (optionError) return optionError;

	const references = parseReferences(body.referenceImages, modelId, json.max_reference_images);
	if (!Array.isArray(references)) return references;

	const videoSeconds = referenceVideoSeconds(state, body, json);
	if (!Array.isArray(videoSeconds)) return videoSeconds;
	const hasVisual =
		references.length > 0 ||
		videoSeconds.length > 0 ||
		[body.frameReferenceImages, body.contentReferenceImages].some(
			(list) => Array.isArray(list) && list.length > 0,
		);
	const audioError = referenceAudioError(state, body, json, hasVisual);
	if (audioError) return audioError;

	const charge = chargeFor(json, body, videoSeconds);
	if ('refusal' in charge) {
		const { code, message, supported, received } = charge.refusal;
		return fail(400, code, message, { supported, received });
	}
	const cost = charge.credits;
	const { credits } = state;
	const available = auth.kind === 'apiKey' ? credits.purchased : credits.daily + credits.purchased;
	if (cost > available) {
		return fail(402, 'insufficient_credits', 'Not enough credits for this generation', {
			required: cost,
			available,
		});
	}
	const fromDaily = auth.kind === 'session' ? Math.min(credits.daily, cost) : 0;
	credits.daily -= fromDaily;
	credits.purchased -= cost - fromDaily;

	const job: FakeJob = {
		id: randomUUID(),
		prompt,
		modelId,
		mediaType: json.media_type,
		aspectRatio,
		idempotencyKey: key,
		body,
		referenceImages: references,
		createdAt: Date.now(),
		durationMs: jobDuration(state, modelId, model.durationMs),
		outcome: outcomeOf(prompt),
		status: 'processing',
		creditsUsed: cost,
		charged: { daily: fromDaily, purchased: cost - fromDaily },
		creditsStatus: 'pending',
		mediaUrls: [],
		dedupeCount: 0,
		auth: auth.kind,
		tokenId: auth.kind === 'apiKey' ? auth.tokenId : undefined,
	};
	state.jobs.set(job.id, job);
	if (key) state.idempotency.set(key, { jobId: job.id, fingerprint, account: auth.account });
	if (job.outcome !== 'never') state.later(job.durationMs, () => finishJob(state, job));
	return { status: 200, body: submitAnswer(state, job, false) };
}

function status(state: FakeState, { req, params }: ApiRequest): Reply {
	if (!authenticate(state, req)) return unauthorized();
	const job = state.jobs.get(params.id ?? '');
	return job
		? { status: 200, body: statusFields(state, job) }
		: fail(404, undefined, 'Generation not found');
}

/** GET /generate/v2/requests/{key}: any key of the same account finds the request. */
function lookUpRequest(state: FakeState, { req, params }: ApiRequest): Reply {
	const auth = authenticate(state, req);
	if (!auth) return unauthorized();
	const key = (params.key ?? '').toLowerCase();
	const seen = state.idempotency.get(key);
	const job = seen && seen.account === auth.account ? state.jobs.get(seen.jobId) : undefined;
	if (!seen || !job)
		return fail(404, 'request_not_found', 'No request was submitted under this idempotency key');
	return {
		status: 200,
		body: {
			...statusFields(state, job),
			requestId: key,
			generationId: job.id,
			modelId: job.modelId,
			creditsUsed: job.creditsUsed,
			deduped: job.dedupeCount > 0,
		},
	};
}

export const generateRoutes: ApiRoute[] = [
	{ fault: 'submit', method: 'POST', path: 'generate/v2', handle: submit },
	{ fault: 'status', method: 'GET', path: 'generate/v2/status/:id', handle: status },
	{ fault: 'requests', method: 'GET', path: 'generate/v2/requests/:key', handle: lookUpRequest },
];
