import { createHash } from 'crypto';
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { openDownload, type MediaStream } from '../transport/download';
import { safeRequest } from '../transport/read';
import { putToStorage } from '../transport/storage';
import type { MeiGenModel } from '../types';
import { inputBinary } from './inputBinary';
import { Mp4DurationProbe } from './mp4Duration';
import { inputError } from '../errors/nodeErrors';
import {
	type CallOptions,
	classifyReadError,
	downloadPolicy,
	withRetries,
} from '../transport/retry';
import { splitList } from '../util/lists';

/**
 * Reference videos and audio for video models: read from binary fields or URLs, checked against
 * what the model takes before anything is uploaded, then uploaded through MeiGen's presigned
 * storage (MeiGen-hosted URLs, e.g. an earlier job's videoUrl, go as they are).
 */

export type MediaKind = 'video' | 'audio';

export type ReferenceSource =
	| { type: 'hosted'; url: string }
	| { type: 'url'; url: string }
	| {
			type: 'binary';
			field: string;
			mimeType: string;
			fileName: string;
			size: number;
			id?: string;
	  };

export interface ReferenceMedia {
	kind: MediaKind;
	/** How the user named it: a URL or a binary field */
	name: string;
	source: ReferenceSource;
	/** What identifies it in the request ID: its URL, or its bytes' hash */
	identity?: string;
	/** Seconds of a video clip, when its bytes could be read */
	seconds?: number;
}

/** Where MeiGen keeps media it accepts as references as they are. */
const MEIGEN_MEDIA_HOST = 'images.meigen.ai';

const CONTENT_TYPES: Record<MediaKind, string[]> = {
	video: ['video/mp4', 'video/quicktime'],
	audio: ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave', 'audio/mpeg', 'audio/mp3'],
};

const FORMAT_OF: Record<string, string> = {
	'video/mp4': 'mp4',
	'video/quicktime': 'mov',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/wave': 'wav',
	'audio/vnd.wave': 'wav',
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
};

function isMeiGenMedia(url: string): boolean {
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'https:' && parsed.hostname === MEIGEN_MEDIA_HOST;
	} catch {
		return false;
	}
}

function label(kind: MediaKind): string {
	return kind === 'video' ? 'Reference Videos' : 'Reference Audio';
}

/** The comma-separated entries of a Reference Videos / Reference Audio field. */
export async function readReferenceMedia(
	context: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	kind: MediaKind,
): Promise<ReferenceMedia[]> {
	const node = context.getNode();
	const entries = splitList(value);
	const media: ReferenceMedia[] = [];
	for (const name of entries) {
		if (/^https?:\/\//i.test(name)) {
			const type = isMeiGenMedia(name) ? 'hosted' : 'url';
			media.push({ kind, name, source: { type, url: name }, identity: name });
			continue;
		}
		const binary = inputBinary(context, itemIndex, name, {
			label: label(kind),
			fix: `Change ${label(kind)}, or give a URL.`,
			instead: `give a URL in ${label(kind)}`,
		});
		const mimeType = (binary.mimeType ?? '').toLowerCase();
		if (!CONTENT_TYPES[kind].includes(mimeType)) {
			throw inputError(
				node,
				itemIndex,
				`Binary field "${name}" is not ${kind === 'video' ? 'an MP4 or MOV video' : 'a WAV or MP3 file'} (${binary.mimeType || 'no type'})`,
				`MeiGen takes ${kind === 'video' ? 'MP4 and MOV videos' : 'WAV and MP3 audio'} as references.`,
			);
		}
		const size = binary.id
			? (await context.helpers.getBinaryMetadata(binary.id)).fileSize
			: (await context.helpers.getBinaryDataBuffer(itemIndex, name)).length;
		media.push({
			kind,
			name,
			source: {
				type: 'binary',
				field: name,
				mimeType,
				fileName: binary.fileName || `${name}.${FORMAT_OF[mimeType] ?? 'bin'}`,
				size,
				id: binary.id,
			},
		});
	}
	return media;
}

/** The model's limits for a kind of reference; absent (bodies cached before 2026-09) = not taken. */
function limits(model: MeiGenModel, kind: MediaKind) {
	const video = model.capabilities?.video;
	const entry = (kind === 'video' ? video?.referenceVideo : video?.referenceAudio) as
		| {
				enabled?: boolean;
				maxCount?: number;
				minSeconds?: number;
				maxSeconds?: number;
				maxTotalSeconds?: number;
				maxUploadBytes?: number;
				formats?: string[];
				requiresVisualReference?: boolean;
		  }
		| undefined;
	return entry ?? { enabled: false };
}

/**
 * Checks references against the model's `capabilities.video` before anything is uploaded:
 * taken at all, how many, file size and format, audio that needs a visual reference.
 */
export function checkReferenceMedia(
	node: INode,
	itemIndex: number,
	model: MeiGenModel,
	media: ReferenceMedia[],
	hasImages: boolean,
): void {
	const name = model.name ?? model.id;
	for (const kind of ['video', 'audio'] as MediaKind[]) {
		const own = media.filter((entry) => entry.kind === kind);
		if (!own.length) continue;
		const limit = limits(model, kind);
		if (!limit.enabled || model.capabilities?.video?.valid === false) {
			throw inputError(
				node,
				itemIndex,
				`${name} does not take reference ${kind === 'video' ? 'videos' : 'audio'}`,
				`Remove ${label(kind)}, or pick a model that takes them (Seedance 2.5 or 2.0).`,
			);
		}
		const maxCount = limit.maxCount ?? 1;
		if (own.length > maxCount) {
			throw inputError(
				node,
				itemIndex,
				`${name} takes at most ${maxCount} reference ${kind === 'video' ? 'videos' : 'audio files'}, not ${own.length}`,
				`Send fewer in ${label(kind)}.`,
			);
		}
		for (const entry of own) {
			const { source } = entry;
			if (source.type !== 'binary') continue;
			if (limit.maxUploadBytes && source.size > limit.maxUploadBytes) {
				throw inputError(
					node,
					itemIndex,
					`"${entry.name}" is ${(source.size / 1e6).toFixed(1)} MB; ${name} takes at most ${(limit.maxUploadBytes / 1e6).toFixed(0)} MB per ${kind === 'video' ? 'video' : 'audio file'}`,
					'Send a shorter or smaller file.',
				);
			}
			const format = FORMAT_OF[source.mimeType];
			if (kind === 'audio' && limit.formats?.length && !limit.formats.includes(format)) {
				throw inputError(
					node,
					itemIndex,
					`"${entry.name}" is ${format}; ${name} takes ${limit.formats.join(' or ')} audio`,
					'Convert the audio first.',
				);
			}
		}
		const hasVideo = media.some((entry) => entry.kind === 'video');
		if (kind === 'audio' && limit.requiresVisualReference && !hasVideo && !hasImages) {
			throw inputError(
				node,
				itemIndex,
				`${name} needs a reference image or video along with reference audio`,
				'Add a reference image, a first frame or a reference video.',
			);
		}
	}
}

/**
 * Checks the clips whose length the node could read against the model's limits (per clip and in
 * all), before anything is uploaded: MeiGen would refuse them after the upload.
 */
export function checkClipLengths(
	node: INode,
	itemIndex: number,
	model: MeiGenModel,
	media: ReferenceMedia[],
): void {
	const name = model.name ?? model.id;
	const clips = media.filter((entry) => entry.kind === 'video' && entry.seconds !== undefined);
	if (!clips.length) return;
	const limit = limits(model, 'video');
	const seconds = (value: number) => `${Math.round(value * 10) / 10} s`;
	for (const clip of clips) {
		const length = clip.seconds as number;
		const tooShort = limit.minSeconds !== undefined && length < limit.minSeconds;
		const tooLong = limit.maxSeconds !== undefined && length > limit.maxSeconds;
		if (tooShort || tooLong) {
			throw inputError(
				node,
				itemIndex,
				`"${clip.name}" lasts ${seconds(length)}; ${name} takes reference videos of ${limit.minSeconds ?? 0}–${limit.maxSeconds ?? '∞'} s`,
				'Trim or replace the clip.',
			);
		}
	}
	const total = clips.reduce((sum, clip) => sum + (clip.seconds as number), 0);
	const maxTotal = limit.maxTotalSeconds ?? limit.maxSeconds;
	if (maxTotal !== undefined && total > maxTotal) {
		throw inputError(
			node,
			itemIndex,
			`The reference videos last ${seconds(total)} in all; ${name} takes at most ${maxTotal} s`,
			'Send fewer or shorter clips.',
		);
	}
}

/** Reads a binary reference once as a stream: its hash (for the request ID) and a video's length. */
export async function inspectReferenceMedia(
	context: IExecuteFunctions,
	itemIndex: number,
	entry: ReferenceMedia,
): Promise<void> {
	const { source } = entry;
	if (source.type !== 'binary') return;
	const hash = createHash('sha256');
	const probe = entry.kind === 'video' ? new Mp4DurationProbe() : undefined;
	const body = await binaryBody(context, itemIndex, source);
	if (Buffer.isBuffer(body)) {
		hash.update(body);
		probe?.push(body);
	} else {
		for await (const chunk of body) {
			const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
			hash.update(buffer);
			probe?.push(buffer);
		}
	}
	entry.identity = `sha256:${hash.digest('hex')}`;
	entry.seconds = probe?.seconds;
}

/** A binary field's bytes: a stream where n8n keeps files outside memory, else the buffer. */
async function binaryBody(
	context: IExecuteFunctions,
	itemIndex: number,
	source: Extract<ReferenceSource, { type: 'binary' }>,
): Promise<Buffer | MediaStream> {
	return source.id
		? ((await context.helpers.getBinaryStream(source.id)) as MediaStream)
		: await context.helpers.getBinaryDataBuffer(itemIndex, source.field);
}

interface PresignResponse {
	success?: boolean;
	presignedUrl?: string;
	publicUrl?: string;
	key?: string;
}

/** POST /upload/reference-video: where to PUT the bytes, and the URL MeiGen will then accept. */
async function presign(
	context: IExecuteFunctions,
	body: { filename: string; contentType: string; size: number; modelId: string; kind: MediaKind },
	call: CallOptions,
): Promise<{ presignedUrl: string; publicUrl: string }> {
	const answer = await safeRequest<PresignResponse>(context, 'POST', '/upload/reference-video', {
		...call,
		body,
	});
	if (answer?.success === false || !answer?.presignedUrl || !answer.publicUrl) {
		throw new Error('MeiGen accepted the upload request but sent no upload URL');
	}
	return { presignedUrl: answer.presignedUrl, publicUrl: answer.publicUrl };
}

/** The URL MeiGen is sent for a reference: hosted ones as they are, the rest uploaded first. */
export async function uploadReferenceMedia(
	context: IExecuteFunctions,
	itemIndex: number,
	entry: ReferenceMedia,
	modelId: string,
	maxBytes: number,
	call: CallOptions,
): Promise<string> {
	const { source } = entry;
	if (source.type === 'hosted') return source.url;
	// Uploads are free: a lost answer or storage trouble is tried again, each time afresh.
	return await withRetries(
		async () => await uploadOnce(context, itemIndex, entry, modelId, maxBytes, call),
		classifyReadError,
		downloadPolicy(call),
	);
}

async function uploadOnce(
	context: IExecuteFunctions,
	itemIndex: number,
	entry: ReferenceMedia,
	modelId: string,
	maxBytes: number,
	call: CallOptions,
): Promise<string> {
	const { source } = entry;
	if (source.type === 'hosted') return source.url;
	if (source.type === 'binary') {
		const target = await presign(
			context,
			{
				filename: source.fileName,
				contentType: source.mimeType,
				size: source.size,
				modelId,
				kind: entry.kind,
			},
			call,
		);
		const body = await binaryBody(context, itemIndex, source);
		await putToStorage(
			context,
			target.presignedUrl,
			body,
			source.mimeType,
			source.size,
			call.signal,
		);
		return target.publicUrl;
	}
	// Another host: its file is streamed from there straight into MeiGen's storage.
	const download = await openDownload(context, source.url, maxBytes, call.signal);
	const contentType = (download.mimeType ?? '').toLowerCase();
	if (download.size === undefined || !CONTENT_TYPES[entry.kind].includes(contentType)) {
		download.stream.destroy();
		throw inputError(
			context.getNode(),
			itemIndex,
			download.size === undefined
				? `${source.url} answered without a Content-Length`
				: `${source.url} is not ${entry.kind === 'video' ? 'an MP4 or MOV video' : 'WAV or MP3 audio'} (${contentType || 'no type'})`,
			'Fetch the file with an HTTP Request node first and pass its binary field instead.',
		);
	}
	const size = download.size;
	const fileName = decodeURIComponent(
		new URL(download.url).pathname.split('/').pop() || 'reference',
	);
	const target = await presign(
		context,
		{ filename: fileName, contentType, size, modelId, kind: entry.kind },
		call,
	).then(
		(answer) => answer,
		(error: unknown) => {
			download.stream.destroy();
			return Promise.reject(error);
		},
	);
	await putToStorage(context, target.presignedUrl, download.stream, contentType, size, call.signal);
	return target.publicUrl;
}
