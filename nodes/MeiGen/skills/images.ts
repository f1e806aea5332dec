import { createHash } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

import type { SkillUploadResponse } from '../types';
import { isHostedFor } from '../media/hosts';
import { fileBytes, inputBinary, sha256 } from '../media/inputBinary';
import { refName, type FileRef } from '../util/files';
import { originUrl } from '../media/origin';
import { inputError } from '../errors/nodeErrors';
import { type CallOptions, uploadPolicy } from '../transport/retry';
import { safeRequest } from '../transport/read';

/**
 * Images for Skills: read from the item (binary field) or given as URLs, checked before anything
 * is sent, and prepared as MeiGen wants them: URLs on MeiGen's hosts go as they are, anything else
 * goes through the free POST /api/skills/upload first.
 */

/** An image a Skill field takes: a URL, or an input binary field already read and checked. */
export type SkillImage =
	/** `hosted`: one of MeiGen's own results, sent as its URL whatever the host */
	| { kind: 'url'; url: string; label: string; hosted?: boolean }
	| { kind: 'binary'; field: string; bytes: Buffer; mimeType: string; label: string };

/** MeiGen's upload takes at most 3 MiB of decoded image data. */
export const MAX_UPLOAD_BYTES = 3 * 1024 * 1024;

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/jpg', 'image/webp', 'image/gif'];

/** Upscale keeps the source's format: MeiGen takes still JPEG, PNG and WebP only. */
export const UPSCALE_TYPES = ['image/png', 'image/jpeg', 'image/jpg', 'image/webp'];

/**
 * Reads one image input: a URL (http or https), or the name of the item's binary field. Fails,
 * before anything is sent, on a missing field, a file that is not an image, or one over the
 * upload limit.
 */
export async function readSkillImage(
	context: IExecuteFunctions,
	itemIndex: number,
	value: FileRef,
	label: string,
	types: string[] = IMAGE_TYPES,
): Promise<SkillImage> {
	const node = context.getNode();
	const text = typeof value === 'string' ? value.trim() : '';
	if (/^http:\/\//i.test(text)) {
		throw inputError(
			node,
			itemIndex,
			`${label} is an http:// URL: ${text.slice(0, 200)}`,
			"MeiGen's Skills fetch images over https:// only. Use the https:// address of the image, or fetch it with an HTTP Request node and pass its binary field.",
		);
	}
	if (/^https:\/\//i.test(text)) {
		try {
			new URL(text);
		} catch {
			throw inputError(
				node,
				itemIndex,
				`${label} is not a valid URL: ${text.slice(0, 200)}`,
				'Enter a public https:// URL.',
			);
		}
		return { kind: 'url', url: text, label };
	}
	const binary = inputBinary(context, itemIndex, typeof value === 'string' ? text : value, {
		label,
		fix: `Change ${label}, or give a public URL.`,
		instead: 'give a public URL',
	});
	const name = refName(value);
	const mimeType = (binary.mimeType ?? '').toLowerCase();
	if (!types.includes(mimeType)) {
		const taken = types === IMAGE_TYPES ? 'PNG, JPEG, WebP or GIF' : 'PNG, JPEG or WebP';
		throw inputError(
			node,
			itemIndex,
			`Binary field "${name}" is not a ${taken} image (${binary.mimeType || 'no type'})`,
			`This Skill takes ${taken} images. Convert it first, or change ${label}.`,
		);
	}
	const bytes = await fileBytes(context, itemIndex, binary);
	// One of MeiGen's own results, unchanged: sent as its URL, with no upload (and no size limit).
	const hosted = originUrl(binary, sha256(bytes));
	if (hosted) return { kind: 'url', url: hosted, label, hosted: true };
	if (bytes.length > MAX_UPLOAD_BYTES) {
		throw inputError(
			node,
			itemIndex,
			`The image in binary field "${name}" is ${(bytes.length / 1024 / 1024).toFixed(1)} MB, over MeiGen's 3 MB upload limit`,
			'Pass a public URL of the image instead (Image Source → URL): MeiGen fetches larger images itself.',
		);
	}
	return { kind: 'binary', field: name, bytes, mimeType, label };
}

/** What identifies an image in the request ID: the URL as given, or the bytes' hash — never an upload's URL. */
export function imageIdentity(image: SkillImage): string {
	return image.kind === 'url'
		? image.url
		: `sha256:${createHash('sha256').update(image.bytes).digest('hex')}`;
}

export type UploadPurpose = 'reference' | 'upscale';

/**
 * POST /api/skills/upload: free, but MeiGen counts uploads (1,000 a day, failed ones too), so a
 * failed upload is tried again once.
 */
async function upload(
	context: IExecuteFunctions,
	body: { sourceUrl?: string; imageBase64?: string; purpose?: UploadPurpose },
	call: CallOptions,
): Promise<string> {
	const answer = await safeRequest<SkillUploadResponse>(context, 'POST', '/skills/upload', {
		...call,
		body,
		limit: 'skillUpload',
		policy: uploadPolicy,
	});
	if (typeof answer?.imageUrl !== 'string' || !answer.imageUrl) {
		throw new Error('MeiGen accepted the image upload but sent no image URL');
	}
	return answer.imageUrl;
}

/**
 * The URL a Skill is sent for an image. Upscale takes any public URL as given and uploads only
 * raw bytes; the other Skills take MeiGen's hosts as they are and everything else uploaded.
 */
export async function prepareSkillImage(
	context: IExecuteFunctions,
	image: SkillImage,
	purpose: UploadPurpose,
	call: CallOptions,
): Promise<string> {
	if (image.kind === 'url') {
		if (image.hosted || purpose === 'upscale' || isHostedFor('skillImage', image.url)) {
			return image.url;
		}
		return await upload(context, { sourceUrl: image.url }, call);
	}
	return await upload(
		context,
		{
			imageBase64: image.bytes.toString('base64'),
			...(purpose === 'upscale' ? { purpose } : {}),
		},
		call,
	);
}
