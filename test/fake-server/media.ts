import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

import { mp4Header } from './clips';

/** Media kinds the fake CDN serves. */
export type MediaKind = 'png' | 'mp4';

export const DEFAULT_VIDEO_BYTES = 4096;
/** Every generated video's length, in its `mvhd` box: an earlier job's video can be a reference clip. */
export const GENERATED_VIDEO_SECONDS = 5;
const CHUNK = 64 * 1024;

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

// zlib.crc32 only exists from Node 20.15/22.2; a table keeps this independent of the runtime.
function crc32(buf: Buffer): number {
	let c = 0xffffffff;
	for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typeAndData));
	return Buffer.concat([len, typeAndData, crc]);
}

function seed(mediaId: string, n: number): Buffer {
	return createHash('sha256').update(`${mediaId}/${n}`).digest();
}

/** An 8-bit RGB PNG file: IHDR, a tEXt comment, the compressed scanlines, IEND. */
export function pngFile(width: number, height: number, idat: Buffer, comment: string): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // colour type RGB
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('tEXt', Buffer.from(`Comment\0${comment}`, 'latin1')),
		pngChunk('IDAT', idat),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/** A valid 8x8 RGB PNG: colour from a hash of (id, n) and a tEXt chunk naming it, so every image differs. */
function pngBytes(mediaId: string, n: number): Buffer {
	const [r, g, b] = seed(mediaId, n);
	const size = 8;
	const row = Buffer.alloc(1 + size * 3); // filter byte 0, then pixels
	for (let x = 0; x < size; x++) row.set([r, g, b], 1 + x * 3);
	const raw = Buffer.concat(Array.from({ length: size }, () => row));
	return pngFile(size, size, deflateSync(raw), `meigen ${mediaId}/${n}`);
}

/**
 * Yields the media bytes in chunks of at most 64 KiB without holding the whole file, so a
 * 400 MB video can be streamed. Video payload = one 64 KiB pattern (derived from id/n), each
 * block stamped with its index so blocks differ.
 */
export function* mediaChunks(
	mediaId: string,
	n: number,
	kind: MediaKind,
	size = DEFAULT_VIDEO_BYTES,
): Generator<Buffer> {
	if (kind === 'png') {
		yield pngBytes(mediaId, n);
		return;
	}
	const header = mp4Header(size, GENERATED_VIDEO_SECONDS);
	if (size <= header.length) {
		yield header.subarray(0, size);
		return;
	}
	yield header;
	const pattern = Buffer.alloc(CHUNK);
	const s = seed(mediaId, n);
	for (let i = 0; i < CHUNK; i++) pattern[i] = s[i % s.length] ^ (i & 0xff);
	let remaining = size - header.length;
	for (let block = 0; remaining > 0; block++) {
		const len = Math.min(CHUNK, remaining);
		const chunk = Buffer.from(pattern.subarray(0, len));
		if (len >= 4) chunk.writeUInt32BE(block, 0);
		yield chunk;
		remaining -= len;
	}
}

/** Byte length of a media file without generating it. */
export function mediaSize(
	mediaId: string,
	n: number,
	kind: MediaKind,
	size = DEFAULT_VIDEO_BYTES,
): number {
	return kind === 'png' ? pngBytes(mediaId, n).length : size;
}

/**
 * The exact bytes the CDN serves for (id, n): recompute them in tests. `size` applies to video
 * only (default DEFAULT_VIDEO_BYTES); refuses sizes over 64 MiB, use a hash of the stream instead.
 */
export function expectedMediaBytes(
	mediaId: string,
	n: number,
	kind: MediaKind,
	size = DEFAULT_VIDEO_BYTES,
): Buffer {
	if (kind === 'mp4' && size > 64 * 1024 * 1024)
		throw new Error('expectedMediaBytes: size too large to buffer');
	return Buffer.concat([...mediaChunks(mediaId, n, kind, size)]);
}

/** sha256 of the media, computed by streaming: usable for large videos. */
export function expectedMediaSha256(
	mediaId: string,
	n: number,
	kind: MediaKind,
	size = DEFAULT_VIDEO_BYTES,
): string {
	const hash = createHash('sha256');
	for (const chunk of mediaChunks(mediaId, n, kind, size)) hash.update(chunk);
	return hash.digest('hex');
}

export const MIME: Record<MediaKind, string> = { png: 'image/png', mp4: 'video/mp4' };
