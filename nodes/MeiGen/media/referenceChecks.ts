import type { INode } from 'n8n-workflow';

import { inputError } from '../errors/nodeErrors';
import type { MeiGenModel } from '../types';
import { FORMAT_OF, referenceLabel, type MediaKind, type ReferenceMedia } from './referenceMedia';

/**
 * Reference videos and audio against what the model takes (`capabilities.video`), checked before
 * anything is uploaded: MeiGen would refuse them after the upload.
 */

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
