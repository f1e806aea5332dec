/**
 * The fake charges `creditsUsed` by MeiGen's documented pricing (API reference Part 1 §1.6): every
 * documented example through a real submit, the defaults, reference media, and the unpriceable case.
 */
import { randomUUID } from 'node:crypto';

import { TEST_API_KEY, TEST_SESSION_TOKEN, startFakeMeiGen, type FakeMeiGen } from '.';

interface Answer {
	status: number;
	body: Record<string, unknown>;
}

const CREDITS = { daily: 50, purchased: 1000 };
const clip = (name: string, seconds: number) =>
	`https://images.meigen.ai/ref-videos/2026-09-01/${name}.mp4#seconds=${seconds}`;
const audio = 'https://images.meigen.ai/ref-videos/2026-09-01/voice.mp3';

let fake: FakeMeiGen;

beforeAll(async () => {
	fake = await startFakeMeiGen({ credits: CREDITS, jobDurations: { 'gpt-image-2.5': 30 } });
});
afterAll(async () => await fake.close());
beforeEach(() => fake.reset());

async function call(
	method: string,
	path: string,
	body?: object,
	token = TEST_API_KEY,
): Promise<Answer> {
	const res = await fetch(`${fake.apiUrl}${path}`, {
		method,
		headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const submit = (body: object, token = TEST_API_KEY) =>
	call('POST', '/generate/v2', { prompt: 'a lighthouse at dusk', ...body }, token);

/** Submits with the API key and checks the answer, the job and the purchased credits all agree. */
async function expectCharge(body: object, credits: number): Promise<void> {
	const answer = await submit(body);
	expect(answer.status).toBe(200);
	expect(answer.body.creditsUsed).toBe(credits);
	expect(fake.jobs.get(String(answer.body.generationId))?.creditsUsed).toBe(credits);
	expect(fake.credits).toEqual({ daily: CREDITS.daily, purchased: CREDITS.purchased - credits });
	expect(answer.body.credits).toMatchObject(fake.credits);
}

describe('the documented examples (§1.6)', () => {
	it.each([
		[
			'image matrix: gpt-image-2.5 2K low',
			{ modelId: 'gpt-image-2.5', resolution: '2K', quality: 'low' },
			6,
		],
		[
			'image matrix: gpt-image-2.5 4K max',
			{ modelId: 'gpt-image-2.5', resolution: '4K', quality: 'max' },
			88,
		],
		['per resolution: {1K:15, 2K:20} at 2K', { modelId: 'midjourney-v7', resolution: '2K' }, 20],
		['flat: nanobanana-2', { modelId: 'nanobanana-2' }, 5],
		['per call: veo-3.1 fast 8 s', { modelId: 'veo-3.1', tier: 'fast', duration: 8 }, 165],
		['per call: veo-3.1 pro 4 s', { modelId: 'veo-3.1', tier: 'pro', duration: 4 }, 220],
		[
			'per second: seedance-2-5 720p 5 s',
			{ modelId: 'seedance-2-5', resolution: '720p', duration: 5 },
			195,
		],
		[
			'per second by tier: seedance-2-0 fast 720p 5 s',
			{ modelId: 'seedance-2-0', tier: 'fast', resolution: '720p', duration: 5 },
			100,
		],
		[
			'with video: seedance-2-5 480p, 3 s + 4 s clips, 5 s out = max(12, 9) × 11',
			{
				modelId: 'seedance-2-5',
				resolution: '480p',
				duration: 5,
				referenceVideos: [clip('a', 3), clip('b', 4)],
			},
			132,
		],
		[
			'with video: seedance-2-0 fast 720p, 5 s clip, 10 s out = max(15, 17) × 14',
			{
				modelId: 'seedance-2-0',
				tier: 'fast',
				resolution: '720p',
				duration: 10,
				referenceVideos: [clip('a', 5)],
			},
			238,
		],
	])('%s → %i credits', async (_name, body, credits) => {
		await expectCharge(body, credits);
	});
});

describe('defaults and the other rules', () => {
	it.each([
		['gpt-image-2.5 with nothing named: 1K medium', { modelId: 'gpt-image-2.5' }, 8],
		[
			'gpt-image-2.5 quality auto: the default quality',
			{ modelId: 'gpt-image-2.5', resolution: '2K', quality: 'auto' },
			12,
		],
		['the default image model (flux2-klein), flat', {}, 1],
		[
			'a 10-credit flat model (gemini-3-pro-image-preview)',
			{ modelId: 'gemini-3-pro-image-preview' },
			10,
		],
		['a flat model at any resolution', { modelId: 'nanobanana-2', resolution: '4K' }, 5],
		['midjourney-v7 default resolution 1K', { modelId: 'midjourney-v7' }, 15],
		['veo-3.1 with nothing named: fast tier, 8 s billed', { modelId: 'veo-3.1' }, 165],
		[
			'per call ignores the resolution',
			{ modelId: 'veo-3.1', tier: 'pro', duration: 4, resolution: '1080p' },
			220,
		],
		['seedance-2-0 with nothing named: fast, 720p, 5 s', { modelId: 'seedance-2-0' }, 100],
		[
			'seedance-2-0 pro 1080p 15 s',
			{ modelId: 'seedance-2-0', tier: 'pro', resolution: '1080p', duration: 15 },
			900,
		],
		['seedance-2-5 with nothing named: 720p, 4 s', { modelId: 'seedance-2-5' }, 156],
		[
			'audio adds nothing (audio only: the direct rate)',
			{ modelId: 'seedance-2-5', duration: 5, referenceAudios: [audio] },
			195,
		],
		[
			'audio adds nothing beside a video',
			{
				modelId: 'seedance-2-0',
				duration: 10,
				referenceVideos: [clip('a', 5)],
				referenceAudios: [audio],
			},
			238,
		],
		[
			'the minimum table lifts a short clip: 2 s + 10 s < 17',
			{
				modelId: 'seedance-2-5',
				resolution: '480p',
				duration: 10,
				referenceVideos: [clip('a', 2)],
			},
			17 * 11,
		],
		[
			'the legacy referenceVideo string counts as one clip',
			{ modelId: 'seedance-2-5', resolution: '480p', duration: 5, referenceVideo: clip('a', 7) },
			132,
		],
	])('%s → %i credits', async (_name, body, credits) => {
		await expectCharge(body, credits);
	});

	it('a prior video of this fake can be a reference, with its length marked', async () => {
		const reference = `${fake.cdnUrl}/media/${randomUUID()}/0.mp4#seconds=6`;
		await expectCharge(
			{ modelId: 'seedance-2-5', resolution: '480p', duration: 5, referenceVideos: [reference] },
			11 * 11,
		);
	});
});

describe('requests without a price, or with reference media the model refuses', () => {
	it.each([
		[
			'seedance-2-0 pro has no 480p price with video',
			{ modelId: 'seedance-2-0', tier: 'pro', resolution: '480p', referenceVideos: [clip('a', 5)] },
			{ code: 'unsupported_resolution', supported: ['720p', '1080p'], received: '480p' },
		],
		[
			'seedance-2-0 mini has no 1080p price with video',
			{
				modelId: 'seedance-2-0',
				tier: 'mini',
				resolution: '1080p',
				referenceVideos: [clip('a', 5)],
			},
			{ code: 'unsupported_resolution', supported: ['480p', '720p'] },
		],
		[
			'veo-3.1 takes no reference video',
			{ modelId: 'veo-3.1', referenceVideos: [clip('a', 5)] },
			{ code: 'reference_video_not_supported' },
		],
		[
			'a reference video on another host',
			{ modelId: 'seedance-2-5', referenceVideos: ['https://example.com/a.mp4#seconds=5'] },
			{ code: 'invalid_reference_video' },
		],
		[
			'a reference video whose length the fake is not told',
			{ modelId: 'seedance-2-5', referenceVideos: ['https://images.meigen.ai/ref-videos/a.mp4'] },
			{ code: 'invalid_reference_video' },
		],
		[
			'a clip over the per-clip limit',
			{ modelId: 'seedance-2-0', referenceVideos: [clip('a', 16)] },
			{ code: 'invalid_reference_video' },
		],
		[
			'clips over the total limit',
			{ modelId: 'seedance-2-0', referenceVideos: [clip('a', 8), clip('b', 8)] },
			{ code: 'reference_video_total_seconds_exceeded', max: 15, received: 16 },
		],
		[
			'the same clip twice',
			{ modelId: 'seedance-2-5', referenceVideos: [clip('a', 3), clip('a', 3)] },
			{ code: 'invalid_input' },
		],
		[
			'a legacy referenceVideo that disagrees with the list',
			{ modelId: 'seedance-2-5', referenceVideos: [clip('a', 3)], referenceVideo: clip('b', 3) },
			{ code: 'invalid_input' },
		],
		[
			'seedance-2-0 audio without an image or a video',
			{ modelId: 'seedance-2-0', referenceAudios: [audio] },
			{ code: 'reference_audio_requires_visual' },
		],
		[
			'audio on a model without audio',
			{ modelId: 'grok-video', referenceAudios: [audio] },
			{ code: 'reference_audio_not_supported' },
		],
	])('%s: 400, nothing charged', async (_name, body, refusal) => {
		const answer = await submit(body);
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({ success: false, ...refusal });
		expect(fake.jobs.size).toBe(0);
		expect(fake.credits).toEqual(CREDITS);
	});
});

describe('spending the charge', () => {
	it('a session token spends daily credits first, then purchased ones', async () => {
		const answer = await submit({ modelId: 'seedance-2-0' }, TEST_SESSION_TOKEN);
		expect(answer.body.creditsUsed).toBe(100);
		expect(fake.credits).toEqual({ daily: 0, purchased: 950 });
	});

	it('answers 402 with the computed price as required, and charges nothing', async () => {
		fake.credits.purchased = 164;
		const answer = await submit({ modelId: 'veo-3.1' });
		expect(answer.status).toBe(402);
		expect(answer.body).toMatchObject({
			code: 'insufficient_credits',
			required: 165,
			available: 164,
		});
		expect(fake.jobs.size).toBe(0);
		expect(fake.credits.purchased).toBe(164);
	});

	it('a deduped submit returns the same charge and takes nothing more', async () => {
		const body = { modelId: 'veo-3.1', tier: 'pro', duration: 4, idempotencyKey: randomUUID() };
		const first = await submit(body);
		const again = await submit(body);
		expect(again.body).toMatchObject({
			generationId: first.body.generationId,
			deduped: true,
			creditsUsed: 220,
		});
		expect(fake.chargedJobs()).toBe(1);
		expect(fake.credits.purchased).toBe(CREDITS.purchased - 220);
	});

	it('a failed job refunds the full computed charge', async () => {
		const submitted = await submit({
			prompt: 'a poster [fail]',
			modelId: 'gpt-image-2.5',
			resolution: '4K',
			quality: 'max',
		});
		expect(submitted.body.creditsUsed).toBe(88);
		expect(fake.credits.purchased).toBe(CREDITS.purchased - 88);
		let status: Answer;
		do {
			await new Promise((resolve) => setTimeout(resolve, 20));
			status = await call('GET', `/generate/v2/status/${String(submitted.body.generationId)}`);
		} while (status.body.status === 'processing');
		expect(status.body).toMatchObject({ status: 'failed', creditsStatus: 'refunded' });
		expect(fake.credits).toEqual(CREDITS);
	});
});
