/**
 * The fake's reference media uploads (API reference Part 1 §1.3): presign, the PUT to the storage
 * host, the object on the CDN, and a submit that names it (its length probed from the bytes).
 */
import { createHash } from 'node:crypto';

import {
	TEST_API_KEY,
	TEST_SESSION_TOKEN,
	mp4Seconds,
	startFakeMeiGen,
	syntheticMp3,
	syntheticMp4,
	syntheticWav,
	type FakeMeiGen,
} from '.';

interface Answer {
	status: number;
	body: Record<string, unknown>;
}

let fake: FakeMeiGen;

beforeAll(async () => {
	fake = await startFakeMeiGen({ jobDurations: { 'seedance-2-5': 50 } });
});
afterAll(async () => await fake.close());
beforeEach(() => fake.reset());

async function call(
	path: string,
	body: unknown,
	token: string | null = TEST_API_KEY,
): Promise<Answer> {
	const res = await fetch(`${fake.apiUrl}${path}`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			...(token ? { Authorization: `Bearer ${token}` } : {}),
		},
		body: JSON.stringify(body),
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const presign = async (body: Record<string, unknown>, token?: string | null) =>
	await call('/upload/reference-video', body, token);

async function put(
	url: string,
	bytes: Buffer,
	contentType: string,
	headers: Record<string, string> = {},
) {
	const res = await fetch(url, {
		method: 'PUT',
		headers: { 'Content-Type': contentType, ...headers },
		body: bytes,
	});
	return { status: res.status, text: await res.text() };
}

/** Presigns and PUTs `bytes`; returns the public URL. */
async function upload(
	bytes: Buffer,
	contentType = 'video/mp4',
	kind = 'video',
	modelId = 'seedance-2-5',
) {
	const answer = await presign({
		filename: 'clip',
		contentType,
		size: bytes.length,
		modelId,
		kind,
	});
	expect(answer.status).toBe(200);
	expect((await put(String(answer.body.presignedUrl), bytes, contentType)).status).toBe(200);
	return String(answer.body.publicUrl);
}

describe('synthetic clips', () => {
	it('an MP4 says how long it is in its mvhd box, in either header version and position', () => {
		expect(mp4Seconds(syntheticMp4(7))).toBe(7);
		expect(mp4Seconds(syntheticMp4(2.5, { timescale: 90000, version: 1 }))).toBe(2.5);
		expect(mp4Seconds(syntheticMp4(12, { moovLast: true, payloadBytes: 100_000 }))).toBe(12);
		expect(mp4Seconds(Buffer.from('not a video at all'))).toBeUndefined();
	});

	it('the same length with another seed gives other bytes', () => {
		const a = syntheticMp4(5, { seed: 'a' });
		const b = syntheticMp4(5, { seed: 'b' });
		expect(a.length).toBe(b.length);
		expect(a.equals(b)).toBe(false);
	});
});

describe('POST /upload/reference-video', () => {
	it('presigns a PUT on the storage host and a public URL on the CDN, keyed by date and type', async () => {
		const answer = await presign({
			filename: 'a.mp4',
			contentType: 'video/mp4',
			size: 100,
			modelId: 'seedance-2-5',
		});
		expect(answer.status).toBe(200);
		const { presignedUrl, publicUrl, key } = answer.body as Record<string, string>;
		expect(answer.body.success).toBe(true);
		expect(key).toMatch(/^ref-videos\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}\.mp4$/);
		expect(presignedUrl.startsWith(`${fake.storageUrl}/${key}?`)).toBe(true);
		expect(publicUrl).toBe(`${fake.cdnUrl}/${key}`);
		expect(new URL(fake.storageUrl).hostname).toBe('127.0.0.3');
		const quicktime = await presign({ filename: 'a', contentType: 'video/quicktime', size: 1 });
		expect(quicktime.body.key).toMatch(/\.mov$/);
		const mp3 = await presign({ filename: 'a', contentType: 'audio/mp3', size: 1, kind: 'audio' });
		expect(mp3.body.key).toMatch(/\.mp3$/);
	});

	it('takes an API key or a session token, nothing else', async () => {
		const body = { filename: 'a', contentType: 'video/mp4', size: 10 };
		expect((await presign(body, null)).status).toBe(401);
		expect((await presign(body, 'meigen_sk_wrong')).status).toBe(401);
		expect((await presign(body, TEST_SESSION_TOKEN)).status).toBe(200);
	});

	it('answers 402 to an API key without purchased credits, but not to a session', async () => {
		fake.credits.purchased = 0;
		const body = { filename: 'a', contentType: 'video/mp4', size: 10 };
		const answer = await presign(body);
		expect(answer.status).toBe(402);
		expect(answer.body.code).toBe('insufficient_credits');
		expect((await presign(body, TEST_SESSION_TOKEN)).status).toBe(200);
		expect(fake.uploads.size).toBe(1);
	});

	it.each([
		['no filename', { contentType: 'video/mp4', size: 10 }, 'invalid_input'],
		['an audio type for a video', { filename: 'a', contentType: 'audio/wav', size: 10 }, undefined],
		[
			'a video type for audio',
			{ filename: 'a', contentType: 'video/mp4', size: 10, kind: 'audio' },
			undefined,
		],
		['an image type', { filename: 'a', contentType: 'image/png', size: 10 }, undefined],
		[
			'an unknown kind',
			{ filename: 'a', contentType: 'video/mp4', size: 10, kind: 'image' },
			'invalid_input',
		],
		['no size', { filename: 'a', contentType: 'video/mp4' }, 'invalid_input'],
		[
			'a size that is not a byte count',
			{ filename: 'a', contentType: 'video/mp4', size: 1.5 },
			'invalid_input',
		],
		[
			'a model without reference video',
			{ filename: 'a', contentType: 'video/mp4', size: 10, modelId: 'veo-3.1' },
			'reference_video_not_supported',
		],
		[
			'a model without reference audio',
			{ filename: 'a', contentType: 'audio/wav', size: 10, kind: 'audio', modelId: 'grok-video' },
			'reference_audio_not_supported',
		],
		[
			'an unknown model',
			{ filename: 'a', contentType: 'video/mp4', size: 10, modelId: 'nope' },
			'invalid_model',
		],
		[
			"a video over seedance-2-0's 50 MB",
			{
				filename: 'a',
				contentType: 'video/mp4',
				size: 50 * 1024 * 1024 + 1,
				modelId: 'seedance-2-0',
			},
			undefined,
		],
		[
			'audio over 15 MB without a model',
			{ filename: 'a', contentType: 'audio/mpeg', size: 15 * 1024 * 1024 + 1, kind: 'audio' },
			undefined,
		],
	])('refuses %s with 400', async (_name, body, code) => {
		const answer = await presign(body);
		expect(answer.status).toBe(400);
		expect(answer.body.success).toBe(false);
		// A refusal MeiGen documents no code for carries none.
		expect(answer.body.code).toBe(code);
		expect(fake.uploads.size).toBe(0);
	});

	it("the cap is the model's own: 200 MB takes on seedance-2-5, not on seedance-2-0", async () => {
		const size = 200 * 1024 * 1024;
		expect(
			(await presign({ filename: 'a', contentType: 'video/mp4', size, modelId: 'seedance-2-5' }))
				.status,
		).toBe(200);
		expect(
			(await presign({ filename: 'a', contentType: 'video/mp4', size, modelId: 'seedance-2-0' }))
				.status,
		).toBe(400);
	});
});

describe('the storage host', () => {
	it('records the PUT, stores the bytes, and the CDN serves them at the public URL', async () => {
		const bytes = syntheticMp4(6);
		const answer = await presign({
			filename: 'a.mp4',
			contentType: 'video/mp4',
			size: bytes.length,
		});
		const stored = await put(String(answer.body.presignedUrl), bytes, 'video/mp4');
		expect(stored.status).toBe(200);
		const [record] = fake.storagePuts;
		expect(record).toMatchObject({
			method: 'PUT',
			key: answer.body.key,
			authorization: false,
			contentType: 'video/mp4',
			contentLength: bytes.length,
			bytesReceived: bytes.length,
			complete: true,
			status: 200,
		});
		expect(record.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
		const served = await fetch(String(answer.body.publicUrl));
		expect(served.headers.get('content-type')).toBe('video/mp4');
		expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
	});

	it('serves nothing at the public URL before the PUT', async () => {
		const answer = await presign({ filename: 'a.mp4', contentType: 'video/mp4', size: 10 });
		expect((await fetch(String(answer.body.publicUrl))).status).toBe(404);
	});

	it('refuses another content type, another size, and an unsigned URL; stores nothing', async () => {
		const bytes = syntheticMp4(6);
		const answer = await presign({
			filename: 'a.mp4',
			contentType: 'video/mp4',
			size: bytes.length,
		});
		const url = String(answer.body.presignedUrl);
		expect((await put(url, bytes, 'video/quicktime')).status).toBe(403);
		expect((await put(url, bytes.subarray(1), 'video/mp4')).status).toBe(400);
		expect(
			(await put(url.replace(/Signature=\w+/, 'Signature=00'), bytes, 'video/mp4')).status,
		).toBe(403);
		expect(fake.storagePuts.map((p) => p.status)).toEqual([403, 400, 403]);
		expect(fake.uploads.get(String(answer.body.key))?.bytes).toBeUndefined();
	});

	it('records an Authorization header sent where it should not go', async () => {
		const bytes = syntheticMp4(6);
		const answer = await presign({
			filename: 'a.mp4',
			contentType: 'video/mp4',
			size: bytes.length,
		});
		await put(String(answer.body.presignedUrl), bytes, 'video/mp4', {
			Authorization: `Bearer ${TEST_API_KEY}`,
		});
		expect(fake.storagePuts[0].authorization).toBe(true);
	});

	it('a storage fault answers 5xx after the body came in, and stores nothing', async () => {
		const bytes = syntheticMp4(6);
		const answer = await presign({
			filename: 'a.mp4',
			contentType: 'video/mp4',
			size: bytes.length,
		});
		fake.inject({ route: 'storage', status: 503 });
		expect((await put(String(answer.body.presignedUrl), bytes, 'video/mp4')).status).toBe(503);
		expect(fake.storagePuts[0]).toMatchObject({ bytesReceived: bytes.length, status: 503 });
		expect(fake.uploads.get(String(answer.body.key))?.bytes).toBeUndefined();
		expect((await put(String(answer.body.presignedUrl), bytes, 'video/mp4')).status).toBe(200);
	});

	it('an upload fault can lose the presign answer after the upload was created', async () => {
		fake.inject({ route: 'upload', kind: 'drop', afterProcessing: true });
		await expect(
			presign({ filename: 'a.mp4', contentType: 'video/mp4', size: 10 }),
		).rejects.toThrow();
		expect(fake.uploads.size).toBe(1);
		expect(fake.requestsTo('POST', '/upload/reference-video')[0].fault).toBe('drop');
	});
});

describe('a submit naming uploaded media', () => {
	const submit = async (body: Record<string, unknown>) =>
		await call('/generate/v2', { prompt: 'from my clip', modelId: 'seedance-2-5', ...body });

	it('charges by the clip length probed from the uploaded bytes', async () => {
		const url = await upload(syntheticMp4(3, { seed: 'x' }));
		const other = await upload(syntheticMp4(4, { seed: 'y' }));
		const answer = await submit({ resolution: '480p', duration: 5, referenceVideos: [url, other] });
		// The documented example: max(3 + 4 + 5, 9) × 11.
		expect(answer.body).toMatchObject({ success: true, creditsUsed: 132 });
	});

	it("an earlier job's video is a 5 s clip", async () => {
		const first = await submit({ duration: 4 });
		let videoUrl: unknown;
		while (!videoUrl) {
			await new Promise((resolve) => setTimeout(resolve, 20));
			const res = await fetch(
				`${fake.apiUrl}/generate/v2/status/${String(first.body.generationId)}`,
				{
					headers: { Authorization: `Bearer ${TEST_API_KEY}` },
				},
			);
			videoUrl = ((await res.json()) as { videoUrl?: string }).videoUrl;
		}
		const bytes = Buffer.from(await (await fetch(String(videoUrl))).arrayBuffer());
		expect(mp4Seconds(bytes)).toBe(5);
		const answer = await submit({ resolution: '480p', duration: 5, referenceVideos: [videoUrl] });
		expect(answer.body.creditsUsed).toBe(10 * 11);
	});

	it.each([
		[
			'a presigned URL never PUT',
			async () =>
				(await presign({ filename: 'a', contentType: 'video/mp4', size: 10 })).body.publicUrl,
		],
		['bytes that are no video', async () => await upload(Buffer.from('just some text, no boxes'))],
		['a clip too short (1 s)', async () => await upload(syntheticMp4(1))],
		['audio given as a video', async () => await upload(syntheticWav(3), 'audio/wav', 'audio')],
		['a file on another host', async () => fake.serveFile('a.mp4', syntheticMp4(5), 'video/mp4')],
	])('refuses %s as a reference video, charging nothing', async (_name, make) => {
		const url = await make();
		const answer = await submit({ referenceVideos: [url] });
		expect(answer.status).toBe(400);
		expect(answer.body.code).toBe('invalid_reference_video');
		expect(fake.chargedJobs()).toBe(0);
	});

	it('takes uploaded wav and mp3 audio, never billed, and refuses audio that is neither', async () => {
		const wav = await upload(syntheticWav(3), 'audio/wav', 'audio');
		const mp3 = await upload(syntheticMp3(), 'audio/mpeg', 'audio');
		const answer = await submit({ resolution: '720p', duration: 5, referenceAudios: [wav, mp3] });
		expect(answer.body).toMatchObject({ success: true, creditsUsed: 39 * 5 });
		const noise = await upload(Buffer.from('neither wav nor mp3'), 'audio/wav', 'audio');
		const refused = await submit({ referenceAudios: [noise] });
		expect(refused.body.code).toBe('invalid_reference_audio');
	});

	it('a new upload of the same clip has a new URL: with the same key it is a 409', async () => {
		const bytes = syntheticMp4(5);
		const key = '6f0b9a52-1c4e-4d8e-9a51-2f7f5c0e6b1d';
		const first = await submit({ referenceVideos: [await upload(bytes)], idempotencyKey: key });
		const again = await submit({ referenceVideos: [await upload(bytes)], idempotencyKey: key });
		expect(first.status).toBe(200);
		expect(again.status).toBe(409);
		expect(fake.chargedJobs()).toBe(1);
	});
});

describe('files another host serves', () => {
	it('the CDN serves them at /files/<name> with their type', async () => {
		const bytes = syntheticWav(2);
		const url = fake.serveFile('voice.wav', bytes, 'audio/wav');
		const res = await fetch(url);
		expect(res.headers.get('content-type')).toBe('audio/wav');
		expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
	});
});
