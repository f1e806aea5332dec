/**
 * Reference media uploads (API reference Part 1 §1.3): what a presign creates, what the storage
 * host received, and what MeiGen knows of a reference URL when a submit names it — an uploaded
 * object (its length probed from the bytes), an earlier job's video, or a marked
 * `https://images.meigen.ai/…#seconds=N` URL.
 */
import { audioFormat, mp4Seconds } from './clips';
import { clipSeconds } from './pricing';
import type { FakeState } from './state';
import { GENERATED_VIDEO_SECONDS } from './media';
import type { RecordedRequest } from './types';

export type UploadKind = 'video' | 'audio';

/** The content types MeiGen takes, and the extension each one gives the object. */
export const UPLOAD_TYPES: Record<UploadKind, Record<string, string>> = {
	video: { 'video/mp4': 'mp4', 'video/quicktime': 'mov' },
	audio: {
		'audio/wav': 'wav',
		'audio/x-wav': 'wav',
		'audio/wave': 'wav',
		'audio/vnd.wave': 'wav',
		'audio/mpeg': 'mp3',
		'audio/mp3': 'mp3',
	},
};

/** One presigned upload: created by POST /upload/reference-video, filled by a PUT. */
export interface FakeUpload {
	/** `ref-videos/YYYY-MM-DD/{id}.{ext}` */
	key: string;
	kind: UploadKind;
	filename: string;
	contentType: string;
	/** The exact byte length the PUT must carry */
	size: number;
	modelId?: string;
	presignedUrl: string;
	publicUrl: string;
	/** The signature the presigned URL carries */
	signature: string;
	createdAt: number;
	/** The stored bytes, once a PUT of the right type and size came in */
	bytes?: Buffer;
}

/** One PUT to the storage host, whatever its fate. */
export interface StoragePut extends RecordedRequest {
	/** The object key the path names */
	key: string;
	/** Whether an Authorization header came with it (it must not: the storage is not the API) */
	authorization: boolean;
	contentType?: string;
	/** The Content-Length header, when one was sent */
	contentLength?: number;
	bytesReceived: number;
	sha256: string;
	/** What arrived (the fake keeps it to compare with what was sent) */
	bytes: Buffer;
	/** The whole body came in: the client did not go away mid-way */
	complete: boolean;
}

/** A file another host serves (the fake CDN at /files/<name>), e.g. a clip to download. */
export interface ServedFile {
	bytes: Buffer;
	contentType: string;
}

/** The upload a URL on the fake CDN points at (query and fragment ignored). */
export function uploadAt(state: FakeState, url: string): FakeUpload | undefined {
	if (!state.cdnUrl || !url.startsWith(`${state.cdnUrl}/`)) return undefined;
	const path = new URL(url).pathname.slice(1);
	return state.uploads.get(decodeURIComponent(path));
}

/** A completed video job of this fake, from its media URL. */
function jobVideoAt(state: FakeState, url: string): boolean {
	if (!state.cdnUrl || !url.startsWith(`${state.cdnUrl}/media/`)) return false;
	const match = /^\/media\/([^/]+)\/0\.mp4$/.exec(new URL(url).pathname);
	const job = match ? state.jobs.get(match[1]) : undefined;
	return job?.mediaType === 'video' && job.status === 'completed';
}

export type ReferenceCheck = { seconds?: number; format?: 'wav' | 'mp3' } | { refused: string };

/**
 * What MeiGen would make of `url` as a reference of `kind`: accepted (a video with its seconds,
 * an audio file with its format when the bytes are known), or why not. A `#seconds=N` marker on
 * a hosted URL gives a clip's length outright.
 */
export function checkReference(state: FakeState, url: string, kind: UploadKind): ReferenceCheck {
	const hosted = url.startsWith('https://images.meigen.ai/') || url.startsWith(`${state.cdnUrl}/`);
	if (!hosted) return { refused: 'is not a MeiGen-hosted URL' };
	const marked = clipSeconds(url);
	if (kind === 'video' && marked !== undefined) return { seconds: marked };
	if (url.startsWith('https://images.meigen.ai/')) {
		// The fake cannot probe MeiGen's real media: a clip's length has to be marked.
		return kind === 'video' ? { refused: 'needs a #seconds=N marker in this fake' } : {};
	}
	const upload = uploadAt(state, url);
	if (upload) {
		if (!upload.bytes) return { refused: 'was never uploaded (or has expired)' };
		if (upload.kind !== kind) return { refused: `was uploaded as ${upload.kind}` };
		if (kind === 'audio') {
			const format = audioFormat(upload.bytes);
			return format ? { format } : { refused: 'is not wav or mp3 audio' };
		}
		const seconds = mp4Seconds(upload.bytes);
		return seconds === undefined ? { refused: 'is not a readable video' } : { seconds };
	}
	if (kind === 'video' && jobVideoAt(state, url)) return { seconds: GENERATED_VIDEO_SECONDS };
	return { refused: 'is not a file MeiGen holds' };
}
