/**
 * POST /upload/reference-video (API reference Part 1 §1.3): presigns a PUT of a reference video
 * or audio file to the upload storage host. Free, but an API key needs purchased credits.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import { authenticate, unauthorized } from '../auth';
import { fail, isRecord, type Reply } from '../http';
import type { FakeState } from '../state';
import { UPLOAD_TYPES, type FakeUpload, type UploadKind } from '../uploads';
import type { ApiRequest, ApiRoute } from './route';

const MB = 1024 * 1024;
/** Without a model: audio is capped at 15 MB (documented); for video the fake takes the smallest cap. */
const FALLBACK_CAP: Record<UploadKind, number> = { video: 50 * MB, audio: 15 * MB };

/** The byte cap for `kind` on the named model, or the 400 refusing the model. */
function capFor(state: FakeState, modelId: unknown, kind: UploadKind): number | Reply {
	if (modelId === undefined || modelId === null || modelId === '') return FALLBACK_CAP[kind];
	const model = typeof modelId === 'string' ? state.findModel(modelId) : undefined;
	if (!model || !model.json.is_active)
		return fail(400, 'invalid_model', `Unknown or inactive model: ${String(modelId)}`);
	const video = model.json.capabilities.video;
	const limits = kind === 'video' ? video.referenceVideo : video.referenceAudio;
	if (!video.valid || !limits?.enabled) {
		return fail(
			400,
			kind === 'video' ? 'reference_video_not_supported' : 'reference_audio_not_supported',
			`${model.json.id} takes no reference ${kind}`,
		);
	}
	return limits.maxUploadBytes ?? FALLBACK_CAP[kind];
}

function presign(state: FakeState, { req, body }: ApiRequest): Reply {
	const auth = authenticate(state, req);
	if (!auth) return unauthorized();
	if (auth.kind === 'apiKey' && state.credits.purchased <= 0) {
		return fail(402, 'insufficient_credits', 'Uploading with an API key needs purchased credits');
	}
	if (!isRecord(body)) return fail(400, undefined, 'Request body must be a JSON object');
	const { filename, contentType, size, modelId } = body;
	const kind = body.kind ?? 'video';
	if (kind !== 'video' && kind !== 'audio')
		return fail(400, 'invalid_input', 'kind must be "video" or "audio"', { received: kind });
	if (typeof filename !== 'string' || filename.trim() === '')
		return fail(400, 'invalid_input', 'filename is required');
	const ext = typeof contentType === 'string' ? UPLOAD_TYPES[kind][contentType] : undefined;
	if (!ext) {
		return fail(400, undefined, `contentType does not fit kind "${kind}"`, {
			supported: Object.keys(UPLOAD_TYPES[kind]),
			received: contentType ?? null,
		});
	}
	if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0)
		return fail(400, 'invalid_input', 'size must be the exact byte length', { received: size });
	const cap = capFor(state, modelId, kind);
	if (typeof cap !== 'number') return cap;
	if (size > cap) {
		return fail(400, undefined, `The file is over ${cap} bytes`, {
			max: cap,
			received: size,
		});
	}

	const key = `ref-videos/${new Date().toISOString().slice(0, 10)}/${randomUUID()}.${ext}`;
	const signature = randomBytes(16).toString('hex');
	const upload: FakeUpload = {
		key,
		kind,
		filename,
		contentType: contentType as string,
		size,
		modelId: typeof modelId === 'string' ? modelId : undefined,
		presignedUrl: `${state.storageUrl}/${key}?X-Amz-Expires=900&X-Amz-Signature=${signature}`,
		publicUrl: `${state.cdnUrl}/${key}`,
		signature,
		createdAt: Date.now(),
	};
	state.uploads.set(key, upload);
	return {
		status: 200,
		body: { success: true, presignedUrl: upload.presignedUrl, publicUrl: upload.publicUrl, key },
	};
}

export const uploadRoutes: ApiRoute[] = [
	{ fault: 'upload', method: 'POST', path: 'upload/reference-video', handle: presign },
];
