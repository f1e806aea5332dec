/**
 * The sample product photo examples 07 and 08 carry (base64 in their "Sample Product Photo
 * (Base64)" node), and what the demo's Skills give back for it. The photo is made here, so the
 * bytes in the examples can be checked against this file (test/unit/examples).
 */
import { crc32, deflateSync } from 'node:zlib';

import { pngFile } from '../../test/fake-server/media';

type Rgb = [number, number, number];
const [WIDTH, HEIGHT] = [640, 480];
const MUG = { cx: 300, top: 170, bottom: 380, half: 85, rim: 18 };

const mix = (a: Rgb, b: Rgb, t: number): Rgb => a.map((v, i) => v + (b[i] - v) * t) as Rgb;
const shade = (c: Rgb, k: number): Rgb => c.map((v) => Math.max(0, Math.min(255, v * k))) as Rgb;

/** A stoneware mug's pixel at (x, y), or undefined where the backdrop shows. */
function mugPixel(x: number, y: number): Rgb | undefined {
	const { cx, top, bottom, half, rim } = MUG;
	const u = (x - cx) / half;
	const glaze: Rgb = [178, 92, 58];
	if (u * u + ((y - top) / rim) ** 2 <= 1)
		return ((x - cx) / (half - 9)) ** 2 + ((y - top) / (rim - 5)) ** 2 <= 1
			? [74, 42, 30]
			: [214, 140, 104];
	if (Math.abs(u) <= 1 && y >= top && y <= bottom + rim * Math.sqrt(1 - u * u))
		return shade(glaze, 0.5 + 0.6 * Math.cos(((u + 0.4) * Math.PI) / 2.9));
	const r = Math.hypot(x - (cx + half), y - (top + bottom) / 2 + 10);
	if (x > cx + half && r >= 44 && r <= 64) return shade(glaze, 0.7 + (64 - r) / 70);
	return undefined;
}

/** The backdrop: a sage wall, lighter towards the table, over an oak table with the mug's shadow. */
function backdropPixel(x: number, y: number): Rgb {
	if (y < 330) return mix([150, 178, 160], [206, 220, 204], y / 330);
	const shadow = ((x - MUG.cx - 30) / 150) ** 2 + ((y - MUG.bottom - 8) / 22) ** 2;
	return shade([166, 116, 72], shadow < 1 ? 0.6 + 0.4 * shadow : 1);
}

/**
 * The mug over `backdrop` as a PNG; without one, the mug alone on transparency (a cut-out). Each
 * row has PNG filter 1 (Sub: each byte minus the one a pixel to its left), which suits smooth
 * gradients: the photo is about 8.9 KB.
 */
function mugPng(backdrop?: (x: number, y: number) => Rgb): Buffer {
	const channels = backdrop ? 3 : 4;
	const stride = WIDTH * channels + 1;
	const raw = Buffer.alloc(stride * HEIGHT);
	const row = Buffer.alloc(WIDTH * channels);
	for (let y = 0; y < HEIGHT; y++) {
		for (let x = 0; x < WIDTH; x++) {
			const mug = mugPixel(x, y);
			const rgb = (mug ?? backdrop?.(x, y) ?? [0, 0, 0]).map(Math.round);
			row.set(backdrop ? rgb : [...rgb, mug ? 255 : 0], x * channels);
		}
		raw[y * stride] = 1;
		for (let i = 0; i < row.length; i++)
			raw[y * stride + 1 + i] = (row[i] - (i >= channels ? row[i - channels] : 0)) & 0xff;
	}
	const idat = deflateSync(raw, { level: 9 });
	const png = pngFile(WIDTH, HEIGHT, idat, 'meigen sample product photo');
	if (backdrop) return png;
	png[25] = 6; // IHDR colour type RGBA, and the chunk's CRC again
	png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
	return png;
}

const once = (make: () => Buffer) => {
	let made: Buffer | undefined;
	return () => (made ??= make());
};

/** The sample product photo: a mug on a table against a wall (an opaque RGB PNG, 640×480). */
export const productPhotoBytes = once(() => mugPng(backdropPixel));
/** The demo's Remove Background result: the mug, its background transparent. */
export const cutOutBytes = once(() => mugPng());
/** The demo's AI Background result: the mug in a bright studio. */
export const newBackgroundBytes = once(() =>
	mugPng((x, y) =>
		shade(mix([255, 250, 240], [225, 218, 205], y / HEIGHT), 1 - Math.abs(x - 320) / 2000),
	),
);
