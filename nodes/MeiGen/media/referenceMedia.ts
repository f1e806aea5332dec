import { createHash } from 'crypto';
import type { IBinaryData, IExecuteFunctions, INode } from 'n8n-workflow';

import { inputError } from '../errors/nodeErrors';
import type { MediaStream } from '../transport/download';
import type { MeiGenModel } from '../types';
import { refName, type FileRef } from '../util/files';
import { isHostedFor } from './hosts';
import { fileBytes, inputBinary } from './inputBinary';
import { originUrl } from './origin';
import { Mp4DurationProbe } from './mp4Duration';

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
			/** The file as n8n keeps it: its bytes inline, or stored by ID */
			binary: IBinaryData;
			mimeType: string;
			fileName: string;
			size: number;
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

export const CONTENT_TYPES: Record<MediaKind, string[]> = {
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

function referenceLabel(kind: MediaKind): string {
	return kind === 'video' ? 'Reference Videos' : 'Reference Audio';
}

/** The entries of a Reference Videos / Reference Audio field: URLs or files. */
export async function readReferenceMedia(
	context: IExecuteFunctions,
	itemIndex: number,
	entries: FileRef[] = [],
	kind: MediaKind,
): Promise<ReferenceMedia[]> {
	const node = context.getNode();
	const media: ReferenceMedia[] = [];
	for (const entry of entries) {
		const name = refName(entry);
		if (typeof entry === 'string' && /^https?:\/\//i.test(name)) {
			const type = isHostedFor('referenceMedia', name) ? 'hosted' : 'url';
			media.push({ kind, name, source: { type, url: name }, identity: name });
			continue;
		}
		const binary = inputBinary(context, itemIndex, entry, {
			label: referenceLabel(kind),
			fix: `Change ${referenceLabel(kind)}, or give a URL.`,
			instead: `give a URL in ${referenceLabel(kind)}`,
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
			: (await fileBytes(context, itemIndex, binary)).length;
		media.push({
			kind,
			name,
			source: {
				type: 'binary',
				binary,
				mimeType,
				fileName: binary.fileName || `${name}.${FORMAT_OF[mimeType] ?? 'bin'}`,
				size,
			},
		});
	}
	return media;
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
	const digest = hash.digest('hex');
	entry.identity = `sha256:${digest}`;
	entry.seconds = probe?.seconds;
	// One of MeiGen's own results, unchanged: MeiGen takes its URL, no upload needed.
	const hosted = originUrl(source.binary, digest);
	if (hosted) entry.source = { type: 'hosted', url: hosted };
}

/** A binary field's bytes: a stream where n8n keeps files outside memory, else the buffer. */
export async function binaryBody(
	context: IExecuteFunctions,
	itemIndex: number,
	source: Extract<ReferenceSource, { type: 'binary' }>,
): Promise<Buffer | MediaStream> {
	const { binary } = source;
	return binary.id
		? ((await context.helpers.getBinaryStream(binary.id)) as MediaStream)
		: await fileBytes(context, itemIndex, binary);
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
				`Remove ${referenceLabel(kind)}, or pick a model that takes them (Seedance 2.5 or 2.0).`,
			);
		}
		const maxCount = limit.maxCount ?? 1;
		if (own.length > maxCount) {
			throw inputError(
				node,
				itemIndex,
				`${name} takes at most ${maxCount} reference ${kind === 'video' ? 'videos' : 'audio files'}, not ${own.length}`,
				`Send fewer in ${referenceLabel(kind)}.`,
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
