/**
 * Tiny media files the way MeiGen reads reference clips: an MP4/MOV's length from its `mvhd` box
 * (timescale and duration), an audio file's format from its first bytes. Also builds such files,
 * for the fake's generated videos and for test fixtures.
 */
import { createHash } from 'node:crypto';

function box(type: string, payload: Buffer): Buffer {
	const header = Buffer.alloc(8);
	header.writeUInt32BE(8 + payload.length, 0);
	header.write(type, 4, 'ascii');
	return Buffer.concat([header, payload]);
}

const FTYP = box(
	'ftyp',
	Buffer.concat([
		Buffer.from('isom', 'ascii'),
		Buffer.from([0, 0, 2, 0]),
		Buffer.from('isomiso2avc1mp41', 'ascii'),
	]),
);

/** The identity matrix of a movie header, as every real file carries it. */
function matrix(): Buffer {
	const out = Buffer.alloc(36);
	out.writeUInt32BE(0x00010000, 0);
	out.writeUInt32BE(0x00010000, 16);
	out.writeUInt32BE(0x40000000, 32);
	return out;
}

/** An `mvhd` box: version 0 has 32-bit times and duration, version 1 64-bit ones. */
export function mvhdBox(seconds: number, timescale = 1000, version: 0 | 1 = 0): Buffer {
	const duration = Math.round(seconds * timescale);
	const times = Buffer.alloc(version === 1 ? 28 : 16);
	if (version === 1) {
		times.writeUInt32BE(timescale, 16);
		times.writeBigUInt64BE(BigInt(duration), 20);
	} else {
		times.writeUInt32BE(timescale, 8);
		times.writeUInt32BE(duration, 12);
	}
	const rest = Buffer.alloc(80);
	rest.writeUInt32BE(0x00010000, 0); // rate 1.0
	rest.writeUInt16BE(0x0100, 4); // volume 1.0
	matrix().copy(rest, 16);
	rest.writeUInt32BE(2, 76); // next track ID
	return box('mvhd', Buffer.concat([Buffer.from([version, 0, 0, 0]), times, rest]));
}

export interface Mp4Options {
	/** Bytes of media data after the headers; default 1024 */
	payloadBytes?: number;
	/** What the payload is made from, so two fixtures of the same length differ */
	seed?: string;
	timescale?: number;
	version?: 0 | 1;
	/** Put `moov` after the media data, as many encoders do */
	moovLast?: boolean;
}

/** Deterministic filler: a pattern from the seed's hash, stamped with the block number. */
export function patternBytes(length: number, seed: string): Buffer {
	const out = Buffer.alloc(length);
	const hash = createHash('sha256').update(seed).digest();
	for (let i = 0; i < length; i++) out[i] = hash[i % hash.length] ^ ((i >> 5) & 0xff);
	return out;
}

/** A structurally valid MP4 (ftyp, moov/mvhd, mdat) that plays `seconds` long to a parser. */
export function syntheticMp4(seconds: number, options: Mp4Options = {}): Buffer {
	const moov = box('moov', mvhdBox(seconds, options.timescale, options.version));
	const mdat = box(
		'mdat',
		patternBytes(options.payloadBytes ?? 1024, options.seed ?? `mp4 ${seconds}`),
	);
	return Buffer.concat(options.moovLast ? [FTYP, mdat, moov] : [FTYP, moov, mdat]);
}

/** The first bytes of an MP4 of `total` bytes whose media data follows: for streamed videos. */
export function mp4Header(total: number, seconds: number): Buffer {
	const moov = box('moov', mvhdBox(seconds));
	const mdat = Buffer.alloc(8);
	mdat.writeUInt32BE(Math.max(total - FTYP.length - moov.length, 8), 0);
	mdat.write('mdat', 4, 'ascii');
	return Buffer.concat([FTYP, moov, mdat]);
}

function readMvhd(bytes: Buffer, start: number, end: number): number | undefined {
	const version = bytes[start];
	const need = version === 1 ? 32 : 20;
	if (end - start < need) return undefined;
	const timescale = bytes.readUInt32BE(start + (version === 1 ? 20 : 12));
	const duration =
		version === 1 ? Number(bytes.readBigUInt64BE(start + 24)) : bytes.readUInt32BE(start + 16);
	return timescale > 0 ? duration / timescale : undefined;
}

/** Walks the boxes from `start` to `end`; into `moov` for its `mvhd`. */
function findSeconds(bytes: Buffer, start: number, end: number): number | undefined {
	let at = start;
	while (at + 8 <= end) {
		let size = bytes.readUInt32BE(at);
		const type = bytes.toString('ascii', at + 4, at + 8);
		let header = 8;
		if (size === 1) {
			if (at + 16 > end) return undefined;
			size = Number(bytes.readBigUInt64BE(at + 8));
			header = 16;
		} else if (size === 0) size = end - at;
		if (size < header || at + size > end) return undefined;
		if (type === 'moov') return findSeconds(bytes, at + header, at + size);
		if (type === 'mvhd') return readMvhd(bytes, at + header, at + size);
		at += size;
	}
	return undefined;
}

/** The length of an MP4/MOV in seconds, read from its boxes; undefined when it has none. */
export function mp4Seconds(bytes: Buffer): number | undefined {
	return findSeconds(bytes, 0, bytes.length);
}

/** A PCM WAV of `seconds` of a quiet tone (8 kHz, 8-bit, mono unless told otherwise). */
export function syntheticWav(seconds: number, sampleRate = 8000): Buffer {
	const data = Buffer.alloc(Math.round(seconds * sampleRate));
	for (let i = 0; i < data.length; i++) data[i] = 128 + Math.round(20 * Math.sin(i / 8));
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(36 + data.length, 4);
	header.write('WAVEfmt ', 8, 'ascii');
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20); // PCM
	header.writeUInt16LE(1, 22); // mono
	header.writeUInt32LE(sampleRate, 24);
	header.writeUInt32LE(sampleRate, 28); // bytes per second
	header.writeUInt16LE(1, 32);
	header.writeUInt16LE(8, 34);
	header.write('data', 36, 'ascii');
	header.writeUInt32LE(data.length, 40);
	return Buffer.concat([header, data]);
}

/** An MP3-looking file: an ID3v2 tag, then frames that start with MPEG frame sync. */
export function syntheticMp3(frames = 8): Buffer {
	const id3 = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]);
	const frame = Buffer.alloc(417);
	frame[0] = 0xff;
	frame[1] = 0xfb;
	frame[2] = 0x90;
	return Buffer.concat([id3, ...Array.from({ length: frames }, () => frame)]);
}

/** What MeiGen takes as reference audio, told from the bytes: wav, mp3, or neither. */
export function audioFormat(bytes: Buffer): 'wav' | 'mp3' | undefined {
	if (
		bytes.length >= 12 &&
		bytes.toString('ascii', 0, 4) === 'RIFF' &&
		bytes.toString('ascii', 8, 12) === 'WAVE'
	)
		return 'wav';
	if (bytes.length >= 3 && bytes.toString('ascii', 0, 3) === 'ID3') return 'mp3';
	if (bytes.length >= 2 && bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0) return 'mp3';
	return undefined;
}
