/**
 * Images for Skills on the fake (API reference, Part 2.3): what POST /api/skills/upload keeps,
 * which URLs a run takes, and how large a source image is (for upscale's size check).
 */
import { randomUUID } from 'node:crypto';

import { expectedMediaBytes } from './media';

export type UploadPurpose = 'reference' | 'upscale';

/** One prepared image: every upload gets a fresh URL, even for the same bytes. */
export interface FakeUpload {
	id: string;
	url: string;
	purpose: UploadPurpose;
	/** The request's `sourceUrl`, when the image came by URL */
	sourceUrl?: string;
	/** What the CDN serves at `url`: the decoded upload, or a stand-in for a fetched source */
	bytes: Buffer;
	mimeType: string;
	width: number;
	height: number;
}

/** MeiGen's limit on `imageBase64`: 3 MiB decoded. */
export const MAX_UPLOAD_BYTES = 3 * 1024 * 1024;

const MEIGEN_HOSTS = ['images.meigen.ai', 'images.meigen.art', 'pbs.twimg.com'];

/** Size assumed for a source image whose size the fake can't read. */
const DEFAULT_SIZE = { width: 1024, height: 1024 };

/** The image type from the first bytes: PNG, JPEG, WebP or GIF, else undefined. */
export function sniffImage(bytes: Buffer): string | undefined {
	if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
		return 'image/png';
	if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
	if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
		return 'image/webp';
	if (/^GIF8[79]a$/.test(bytes.toString('latin1', 0, 6))) return 'image/gif';
	return undefined;
}

/** Width and height from a PNG's IHDR or a GIF's screen descriptor; otherwise a default. */
function imageSize(bytes: Buffer, mimeType: string): { width: number; height: number } {
	if (mimeType === 'image/png' && bytes.length >= 24) {
		return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
	}
	if (mimeType === 'image/gif' && bytes.length >= 10) {
		return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
	}
	return DEFAULT_SIZE;
}

/** A source URL's size, from a `<width>x<height>` marker in it (e.g. `photo-6000x4000.jpg`). */
export function urlImageSize(url: string): { width: number; height: number } {
	const match = /(\d{2,5})x(\d{2,5})/.exec(url);
	return match ? { width: Number(match[1]), height: Number(match[2]) } : DEFAULT_SIZE;
}

export function uploadFromBytes(
	cdnUrl: string,
	bytes: Buffer,
	mimeType: string,
	purpose: UploadPurpose,
): FakeUpload {
	const id = randomUUID();
	const extension = mimeType.split('/')[1] ?? 'png';
	return {
		id,
		url: `${cdnUrl}/uploads/${id}.${extension}`,
		purpose,
		bytes,
		mimeType,
		...imageSize(bytes, mimeType),
	};
}

export function uploadFromUrl(
	cdnUrl: string,
	sourceUrl: string,
	purpose: UploadPurpose,
): FakeUpload {
	const id = randomUUID();
	return {
		id,
		url: `${cdnUrl}/uploads/${id}.png`,
		purpose,
		sourceUrl,
		// The fake fetches nothing: the prepared image is a PNG of its own.
		bytes: expectedMediaBytes(id, 0, 'png'),
		mimeType: 'image/png',
		...urlImageSize(sourceUrl),
	};
}

/** A public HTTPS URL without credentials or port, as MeiGen's upload and upscale require. */
export function isPublicHttps(text: string): boolean {
	try {
		const url = new URL(text);
		return url.protocol === 'https:' && !url.username && !url.password && !url.port;
	} catch {
		return false;
	}
}

/** An image URL every Skill takes as it is: on MeiGen's hosts over HTTPS, without a fragment. */
export function isMeiGenHosted(text: string): boolean {
	if (!isPublicHttps(text)) return false;
	const url = new URL(text);
	return MEIGEN_HOSTS.includes(url.hostname) && !url.hash;
}
