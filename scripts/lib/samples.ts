/**
 * Sample inputs the examples fetch from the internet, and what the tests and the demo serve in
 * their place: nothing leaves the machine, so each sample URL is pointed at a file on the fake's CDN.
 */
import { crc32, deflateSync } from 'node:zlib';

import type { FakeMeiGen } from '../../test/fake-server';
import { pngFile } from '../../test/fake-server/media';

/** The product photo examples 07 and 08 download (a public Wikimedia Commons PNG). */
export const PRODUCT_PHOTO_URL =
	'https://upload.wikimedia.org/wikipedia/commons/4/47/PNG_transparency_demonstration_1.png';

/** Its stand-in, served by the fake's CDN at this path. */
export const PRODUCT_PHOTO_PATH = '/files/product-photo.png';

type Rgb = [number, number, number];
const [WIDTH, HEIGHT] = [640, 480];
const MUG = { cx: 300, top: 170, bottom: 380, half: 85, rim: 18 };

const mix = (a: Rgb, b: Rgb, t: number): Rgb => a.map((v, i) => v + (b[i] - v) * t) as Rgb;
const shade = (c: Rgb, k: number): Rgb => c.map((v) => Math.max(0, Math.min(255, v * k))) as Rgb;

/** A stoneware mug's pixel at (x, y), or undefined where the backdrop shows. */
export function mugPixel(x: number, y: number): Rgb | undefined {
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

/** The backdrop: a sage wall with a faint weave over an oak table, the mug's shadow on it. */
function backdropPixel(x: number, y: number): Rgb {
	const weave = 1 + 0.03 * Math.sin(x * 0.9) * Math.sin(y * 0.9);
	if (y < 330) return shade(mix([150, 178, 160], [206, 220, 204], y / 330), weave);
	const grain = 0.9 + 0.1 * Math.sin(y * 0.6 + Math.sin(x * 0.015) * 4);
	const shadow = ((x - MUG.cx - 30) / 150) ** 2 + ((y - MUG.bottom - 8) / 22) ** 2;
	return shade([166, 116, 72], grain * (shadow < 1 ? 0.6 + 0.4 * shadow : 1));
}

/** The mug over `backdrop` as a PNG; without one, the mug alone on transparency (a cut-out). */
function mugPng(backdrop?: (x: number, y: number) => Rgb): Buffer {
	const channels = backdrop ? 3 : 4;
	const raw = Buffer.alloc((WIDTH * channels + 1) * HEIGHT);
	for (let y = 0; y < HEIGHT; y++)
		for (let x = 0; x < WIDTH; x++) {
			const mug = mugPixel(x, y);
			const rgb = (mug ?? backdrop?.(x, y) ?? [0, 0, 0]).map(Math.round);
			const at = y * (WIDTH * channels + 1) + 1 + x * channels;
			raw.set(backdrop ? rgb : [...rgb, mug ? 255 : 0], at);
		}
	const png = pngFile(WIDTH, HEIGHT, deflateSync(raw), 'meigen sample product photo');
	if (backdrop) return png;
	png[25] = 6; // IHDR colour type RGBA, and the chunk's CRC again
	png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
	return png;
}

const once = (make: () => Buffer) => {
	let made: Buffer | undefined;
	return () => (made ??= make());
};

/** The stand-in: a product photo with a real background (a mug on a table against a wall). */
export const productPhotoBytes = once(() => mugPng(backdropPixel));
/** The demo's Remove Background result: the mug, its background transparent. */
export const cutOutBytes = once(() => mugPng());
/** The demo's AI Background result: the mug in a bright studio. */
export const newBackgroundBytes = once(() =>
	mugPng((x, y) =>
		shade(mix([255, 250, 240], [225, 218, 205], y / HEIGHT), 1 - Math.abs(x - 320) / 2000),
	),
);

/** Sample URL → the URL that replaces it in this run, once the fake serves the stand-in. */
export function sampleUrls(fake: FakeMeiGen): Record<string, string> {
	return {
		[PRODUCT_PHOTO_URL]: fake.serveFile('product-photo.png', productPhotoBytes(), 'image/png'),
	};
}
