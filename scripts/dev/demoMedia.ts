/**
 * Demo mode's media: pictures a person can look at instead of the tests' 8×8 swatches. Each
 * image is a landscape (sky, sun, hills) in colours drawn from its media ID, labelled
 * "MEIGEN DEMO", sized to the job's aspect ratio; each video is that landscape with the sun
 * rising, a real H.264 MP4 of GENERATED_VIDEO_SECONDS seconds. Made in code, cached per file.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

import { encodeMp4, type YuvFrame } from './demoVideo';
import { GENERATED_VIDEO_SECONDS, pngFile, type MediaKind } from '../../test/fake-server/media';

type Rgb = [number, number, number];

/** RGB pixels row by row, and 1 in `sky` where the sun may show. */
type Picture = { width: number; height: number; pixels: Uint8Array; sky: Uint8Array };
type Palette = { skyTop: Rgb; skyBottom: Rgb; sun: Rgb; hills: Rgb[] };

function hsl(h: number, s: number, l: number): Rgb {
	const k = (n: number) => (n + h / 30) % 12;
	const a = s * Math.min(l, 1 - l);
	const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
	return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

function paletteOf(seed: Buffer): Palette {
	const hue = (seed[0] / 255) * 360;
	const shift = 30 + (seed[1] / 255) * 60;
	return {
		skyTop: hsl(hue, 0.55, 0.35),
		skyBottom: hsl((hue + shift) % 360, 0.7, 0.75),
		sun: hsl((hue + 180) % 360, 0.9, 0.72),
		hills: [0, 1, 2].map((i) => hsl((hue + 150 + i * 20) % 360, 0.35 + i * 0.1, 0.42 - i * 0.1)),
	};
}

/** 5×7 glyphs of the label's letters; any other character (a space) draws nothing. */
const GLYPHS: Record<string, string[]> = {
	M: ['10001', '11011', '10101', '10101', '10001', '10001', '10001'],
	E: ['11111', '10000', '10000', '11110', '10000', '10000', '11111'],
	I: ['01110', '00100', '00100', '00100', '00100', '00100', '01110'],
	G: ['01110', '10001', '10000', '10111', '10001', '10001', '01111'],
	N: ['10001', '11001', '10101', '10011', '10001', '10001', '10001'],
	D: ['11110', '10001', '10001', '10001', '10001', '10001', '11110'],
	O: ['01110', '10001', '10001', '10001', '10001', '10001', '01110'],
};

function set(picture: Picture, x: number, y: number, color: Rgb): void {
	if (x >= 0 && y >= 0 && x < picture.width && y < picture.height)
		picture.pixels.set(color, (y * picture.width + x) * 3);
}

/** `text` in white over a dark shadow, bottom left. */
function label(picture: Picture, text: string): void {
	const scale = Math.max(2, Math.floor(picture.width / 200));
	const top = picture.height - 11 * scale;
	const draw = (offset: number, color: Rgb) =>
		[...text].forEach((char, index) =>
			(GLYPHS[char] ?? []).forEach((row, gy) => {
				for (let gx = 0; gx < 5; gx++) {
					if (row[gx] !== '1') continue;
					const [x, y] = [(4 + index * 6 + gx) * scale + offset, top + gy * scale + offset];
					for (let dy = 0; dy < scale; dy++)
						for (let dx = 0; dx < scale; dx++) set(picture, x + dx, y + dy, color);
				}
			}),
		);
	draw(Math.ceil(scale / 2), [20, 20, 30]);
	draw(0, [255, 255, 255]);
}

/** The landscape without the sun, and where the sky is. */
function landscape(seed: Buffer, width: number, height: number): Picture {
	const palette = paletteOf(seed);
	const [pixels, sky] = [new Uint8Array(width * height * 3), new Uint8Array(width * height)];
	const picture: Picture = { width, height, pixels, sky };
	const ridges = palette.hills.map((_, i) => ({
		base: 0.55 + i * 0.14,
		amplitude: 0.05 + (seed[2 + i] / 255) * 0.06,
		frequency: 1.5 + (seed[5 + i] / 255) * 3,
		phase: (seed[8 + i] / 255) * Math.PI * 2,
	}));
	for (let x = 0; x < width; x++) {
		const u = x / width;
		const heights = ridges.map(
			(r) => r.base + r.amplitude * Math.sin(u * r.frequency * Math.PI * 2 + r.phase),
		);
		for (let y = 0; y < height; y++) {
			const v = y / height;
			let color: Rgb | undefined;
			for (let i = ridges.length - 1; i >= 0; i--) if (v >= heights[i]) color ??= palette.hills[i];
			if (!color) {
				const t = Math.min(1, v / 0.6);
				color = [0, 1, 2].map((c) =>
					Math.round(palette.skyTop[c] * (1 - t) + palette.skyBottom[c] * t),
				) as Rgb;
				picture.sky[y * width + x] = 1;
			}
			set(picture, x, y, color);
		}
	}
	return picture;
}

/** Paints the sun (where the sky is) centred at (cx, cy) in [0, 1] coordinates. */
function sun(picture: Picture, seed: Buffer, cx: number, cy: number): void {
	const color = paletteOf(seed).sun;
	const radius = Math.round(Math.min(picture.width, picture.height) * 0.09);
	const x0 = Math.round(cx * picture.width);
	const y0 = Math.round(cy * picture.height);
	for (let y = y0 - radius; y <= y0 + radius; y++)
		for (let x = x0 - radius; x <= x0 + radius; x++)
			if ((x - x0) ** 2 + (y - y0) ** 2 <= radius * radius && picture.sky[y * picture.width + x])
				set(picture, x, y, color);
}

function seedOf(mediaId: string, n: number): Buffer {
	return createHash('sha256').update(`demo ${mediaId}/${n}`).digest();
}

/** Width and height for an aspect ratio like `16:9` (long side 1024); square when unknown. */
function demoImageSize(aspectRatio?: string): { width: number; height: number } {
	const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(aspectRatio ?? '');
	const ratio = match ? Number(match[1]) / Number(match[2]) : 1;
	const long = 1024;
	const even = (value: number) => Math.max(64, Math.round(value / 8) * 8);
	return ratio >= 1
		? { width: long, height: even(long / ratio) }
		: { width: even(long * ratio), height: long };
}

function pngOf(picture: Picture): Buffer {
	const rowLength = 1 + picture.width * 3;
	const raw = Buffer.alloc(rowLength * picture.height);
	for (let y = 0; y < picture.height; y++) {
		// Byte 0 of each row: filter "none" (Buffer.alloc zeroed it).
		const row = picture.pixels.subarray(y * picture.width * 3, (y + 1) * picture.width * 3);
		raw.set(row, y * rowLength + 1);
	}
	return pngFile(picture.width, picture.height, deflateSync(raw), 'meigen demo image');
}

function demoPng(mediaId: string, n: number, aspectRatio?: string): Buffer {
	const seed = seedOf(mediaId, n);
	const { width, height } = demoImageSize(aspectRatio);
	const picture = landscape(seed, width, height);
	sun(picture, seed, 0.25 + (seed[12] / 255) * 0.5, 0.2 + (seed[13] / 255) * 0.15);
	label(picture, 'MEIGEN DEMO');
	return pngOf(picture);
}

/** BT.601 limited range, as H.264 decoders expect by default; PCM samples kept within 1–254. */
function toYuv(picture: Picture, frame: YuvFrame, stride: { luma: number; chroma: number }): void {
	const { width, height, pixels } = picture;
	const clamp = (value: number) => Math.max(1, Math.min(254, Math.round(value)));
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const at = (y * width + x) * 3;
			const [r, g, b] = [pixels[at], pixels[at + 1], pixels[at + 2]];
			frame.y[y * stride.luma + x] = clamp(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
		}
	}
	for (let y = 0; y < height / 2; y++) {
		for (let x = 0; x < width / 2; x++) {
			const top = (y * 2 * width + x * 2) * 3;
			const bottom = top + width * 3;
			const mean = (c: number) =>
				(pixels[top + c] + pixels[top + 3 + c] + pixels[bottom + c] + pixels[bottom + 3 + c]) / 4;
			const [r, g, b] = [0, 1, 2].map(mean);
			frame.u[y * stride.chroma + x] = clamp(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
			frame.v[y * stride.chroma + x] = clamp(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
		}
	}
}

const DEMO_VIDEO = { width: 640, height: 360, fps: 12 };

function demoMp4(mediaId: string, n: number): Buffer {
	const seed = seedOf(mediaId, n);
	const { width, height, fps } = DEMO_VIDEO;
	const base = landscape(seed, width, height);
	label(base, 'MEIGEN DEMO');
	const frames = GENERATED_VIDEO_SECONDS * fps;
	const paint: Parameters<typeof encodeMp4>[0]['paint'] = (index, frame, stride) => {
		const picture: Picture = { ...base, pixels: Uint8Array.from(base.pixels) };
		const t = index / Math.max(1, frames - 1);
		sun(picture, seed, 0.2 + 0.6 * t, 0.75 - 0.5 * Math.sin(t * Math.PI * 0.5));
		toYuv(picture, frame, stride);
	};
	return encodeMp4({ width, height, fps, seconds: GENERATED_VIDEO_SECONDS, paint });
}

const cache = new Map<string, Buffer>();
const CACHE_ENTRIES = 64;

/** The demo file for (id, n), made once and then kept (the most recent 64). */
export function demoMedia(mediaId: string, n: number, kind: MediaKind, ratio?: string): Buffer {
	const key = `${kind} ${mediaId}/${n} ${ratio ?? ''}`;
	const cached = cache.get(key);
	if (cached) return cached;
	const bytes = kind === 'png' ? demoPng(mediaId, n, ratio) : demoMp4(mediaId, n);
	cache.set(key, bytes);
	if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value ?? key);
	return bytes;
}
