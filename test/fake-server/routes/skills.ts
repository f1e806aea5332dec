/**
 * /skills: the catalog (public), image upload, paid runs and their receipts (API reference,
 * Part 2). Runs charge purchased credits only, replay for the same request ID and inputs, and
 * refuse other inputs under a used request ID.
 */
import { authenticate, unauthorized, type Auth } from '../auth';
import { fail, isRecord, type Reply } from '../http';
import { catalogEntry, type SkillSpec } from '../skillCatalogue';
import {
	checkRunBody,
	imageUrls,
	isUuid,
	moduleCount,
	normalize,
	stableStringify,
} from '../skillInputs';
import { interruptRun, receiptFields, refuseRun, startRun, unitPrice } from '../skills';
import {
	isMeiGenHosted,
	isPublicHttps,
	MAX_UPLOAD_BYTES,
	sniffImage,
	uploadFromBytes,
	uploadFromUrl,
	urlImageSize,
	type FakeUpload,
	type UploadPurpose,
} from '../skillUploads';
import type { FakeState } from '../state';
import type { ApiRequest, ApiRoute } from './route';

/** Run bodies over 32 KiB are refused. */
const MAX_RUN_BODY = 32 * 1024;
/** Upscale's limits on a source it does not shrink. */
const MAX_UPSCALE_EDGE = 4096;
const MAX_UPSCALE_PIXELS = 4096 * 4096;
/** A prepared reference image is at most 4096 px on its longer edge. */
const MAX_REFERENCE_EDGE = 4096;

const tokenOf = (auth: Auth): string | undefined =>
	auth.kind === 'apiKey' ? auth.tokenId : undefined;

/** Skills take API keys only: every page of MeiGen's Skills docs says so. */
function apiKeyOnly(state: FakeState, req: ApiRequest['req']): Auth | Reply {
	const auth = authenticate(state, req);
	if (!auth) return unauthorized();
	if (auth.kind !== 'apiKey') return fail(401, undefined, 'Skills need an API key');
	return auth;
}

const isReply = (value: Auth | Reply): value is Reply => 'status' in value;

function catalog(state: FakeState, { url }: ApiRequest): Reply {
	const wanted = url.searchParams.get('skill');
	const specs = wanted ? state.skills.specs.filter((s) => s.id === wanted) : state.skills.specs;
	if (wanted && !specs.length) return fail(404, undefined, `Unknown skill: ${wanted}`);
	const skills = specs.map((spec) => catalogEntry(spec, state.skills.catalogPricing[spec.id]));
	return { status: 200, body: { success: true, skills, cachedAt: new Date().toISOString() } };
}

function uploadAnswer(upload: FakeUpload): Reply {
	return {
		status: 200,
		body: {
			success: true,
			imageUrl: upload.url,
			width: upload.width,
			height: upload.height,
			firstFrameOnly: upload.mimeType === 'image/gif',
		},
	};
}

function upload(state: FakeState, { req, body }: ApiRequest): Reply {
	const auth = apiKeyOnly(state, req);
	if (isReply(auth)) return auth;
	if (!isRecord(body)) return fail(400, undefined, 'Request body must be a JSON object');
	const purpose = (body.purpose ?? 'reference') as UploadPurpose;
	if (purpose !== 'reference' && purpose !== 'upscale') {
		return fail(400, undefined, 'purpose must be reference or upscale');
	}
	const { sourceUrl, imageBase64 } = body;
	if ((sourceUrl === undefined) === (imageBase64 === undefined)) {
		return fail(400, undefined, 'Send exactly one of sourceUrl and imageBase64');
	}
	if (state.credits.purchased <= 0) {
		return fail(402, 'insufficient_credits', 'Uploads need a purchased credit balance', {
			available: 0,
		});
	}
	let prepared: FakeUpload;
	if (typeof sourceUrl === 'string') {
		if (!isPublicHttps(sourceUrl)) {
			return fail(400, undefined, 'sourceUrl must be a public HTTPS URL');
		}
		prepared = uploadFromUrl(state.cdnUrl, sourceUrl, purpose);
	} else {
		if (typeof imageBase64 !== 'string' || imageBase64.startsWith('data:')) {
			return fail(400, undefined, 'imageBase64 must be raw base64, without a data: prefix');
		}
		const bytes = Buffer.from(imageBase64, 'base64');
		if (bytes.length > MAX_UPLOAD_BYTES) {
			return fail(413, undefined, 'imageBase64 is over 3 MiB decoded', {
				max: MAX_UPLOAD_BYTES,
				received: bytes.length,
			});
		}
		const mimeType = sniffImage(bytes);
		if (!mimeType || (purpose === 'upscale' && mimeType === 'image/gif')) {
			return fail(400, undefined, 'The image is not a supported PNG, JPEG, WebP or GIF');
		}
		prepared = uploadFromBytes(state.cdnUrl, bytes, mimeType, purpose);
	}
	if (purpose === 'reference') {
		// A reference image is prepared at most 4096 px on its longer edge.
		const scale = Math.min(1, MAX_REFERENCE_EDGE / Math.max(prepared.width, prepared.height));
		prepared.width = Math.round(prepared.width * scale);
		prepared.height = Math.round(prepared.height * scale);
	}
	state.skills.uploads.set(prepared.id, prepared);
	return uploadAnswer(prepared);
}

/** The 400 for an image the Skill does not take from where it is. */
function checkImageHosts(
	state: FakeState,
	spec: SkillSpec,
	body: Record<string, unknown>,
): Reply | undefined {
	for (const { field, url } of imageUrls(spec, body)) {
		const ours =
			state.skills.upload(url, state.cdnUrl) !== undefined ||
			url.startsWith(`${state.cdnUrl}/media/`);
		const anyHost = spec.id === 'upscale' && isPublicHttps(url);
		if (!ours && !anyHost && !isMeiGenHosted(url)) {
			return fail(
				400,
				undefined,
				`${field} must be an https image on images.meigen.ai, images.meigen.art or pbs.twimg.com; upload other images first`,
				{ field, received: url.slice(0, 200) },
			);
		}
	}
	return undefined;
}

/** Upscale's refusals before anything is charged: a quote above the confirmed price, a source too large. */
function upscaleRefusal(
	state: FakeState,
	inputs: Record<string, unknown>,
	price: number,
): Reply | undefined {
	const confirmed = inputs.confirmedCredits;
	if (typeof confirmed === 'number' && confirmed < price) {
		return fail(409, 'price_changed', 'The price is above the confirmed credits', {
			quotedCredits: price,
			confirmedCredits: confirmed,
		});
	}
	const url = String(inputs.imageUrl);
	const size = state.skills.upload(url, state.cdnUrl) ?? urlImageSize(url);
	const tooLarge =
		Math.max(size.width, size.height) > MAX_UPSCALE_EDGE ||
		size.width * size.height > MAX_UPSCALE_PIXELS;
	if (tooLarge && inputs.allowDownscale !== true) {
		return fail(409, 'upscale_resize_required', 'The source image must be downscaled first', {
			sourceWidth: size.width,
			sourceHeight: size.height,
		});
	}
	return undefined;
}

function run(state: FakeState, { req, params, body }: ApiRequest): Reply {
	const auth = apiKeyOnly(state, req);
	if (isReply(auth)) return auth;
	const spec = state.skills.spec(params.skill);
	if (!spec) return fail(404, undefined, `Unknown skill: ${params.skill ?? ''}`);
	if (!isRecord(body)) return fail(400, undefined, 'Request body must be a JSON object');
	if (Buffer.byteLength(JSON.stringify(body)) > MAX_RUN_BODY) {
		return fail(413, undefined, 'The request body is over 32 KiB');
	}
	const refused = checkRunBody(spec, body) ?? checkImageHosts(state, spec, body);
	if (refused) return refused;

	const requestId = String(body.requestId);
	const inputs = normalize(spec, body);
	const fingerprint = stableStringify(inputs);
	const cutOff = state.skills.runs.get(requestId);
	// An interrupted run's receipt invites the same request again: this time it runs.
	if (cutOff?.interrupted && cutOff.fingerprint === fingerprint && cutOff.tokenId === tokenOf(auth))
		state.skills.runs.delete(requestId);
	const seen = state.skills.runs.get(requestId);
	if (seen) {
		if (seen.skill !== spec.id || seen.tokenId !== tokenOf(auth)) {
			return fail(409, 'request_id_collision', 'This requestId belongs to another request', {
				requestId,
			});
		}
		if (seen.fingerprint !== fingerprint) {
			return fail(409, 'idempotency_conflict', 'This requestId was used with other inputs', {
				requestId,
			});
		}
		seen.replays++;
		return { status: seen.answer.status, body: { ...seen.answer.body, replayed: true } };
	}

	const record = {
		skill: spec.id,
		requestId,
		body,
		fingerprint,
		inputs,
		tokenId: tokenOf(auth),
		createdAt: Date.now(),
	};
	const price = unitPrice(state.skills, spec, inputs);
	const keep = (reply: Reply): Reply => {
		refuseRun(state, record, reply.status, reply.body as Record<string, unknown>);
		return reply;
	};
	if (spec.id === 'upscale') {
		const refusal = upscaleRefusal(state, inputs, price);
		if (refusal) return keep(refusal);
	}
	const images = spec.id === 'product-detail' ? moduleCount(inputs) : 1;
	const required = price * images;
	// Skills spend purchased credits only, whatever the token.
	if (required > state.credits.purchased) {
		return keep(
			fail(402, 'insufficient_credits', 'Not enough purchased credits for this Skill', {
				required,
				available: state.credits.purchased,
			}),
		);
	}
	if (state.skills.interruptions > 0) {
		state.skills.interruptions--;
		return interruptRun(state, record);
	}
	const started = startRun(state, spec, record, price);
	return { status: started.answer.status, body: started.answer.body };
}

function status(state: FakeState, { req, url }: ApiRequest): Reply {
	const auth = apiKeyOnly(state, req);
	if (isReply(auth)) return auth;
	const skill = url.searchParams.get('skill');
	const requestId = url.searchParams.get('requestId');
	if (!skill || !isUuid(requestId)) {
		return fail(400, undefined, 'skill and requestId (a UUID) are required');
	}
	const found = state.skills.runs.get(requestId);
	// Another key, even on the same account, cannot read a receipt.
	if (!found || found.skill !== skill || found.tokenId !== tokenOf(auth)) {
		return fail(404, undefined, 'No receipt for this skill and requestId');
	}
	if (found.gone) {
		return fail(410, 'generation_unavailable', 'This generation is no longer available', {
			requestId,
		});
	}
	return { status: 200, body: receiptFields(found) };
}

export const skillRoutes: ApiRoute[] = [
	{ fault: 'skills', method: 'GET', path: 'skills', handle: catalog },
	{ fault: 'skillUpload', method: 'POST', path: 'skills/upload', handle: upload },
	{ fault: 'skillStatus', method: 'GET', path: 'skills/status', handle: status },
	{ fault: 'skillRun', method: 'POST', path: 'skills/:skill/run', handle: run },
];
