import { randomUUID } from 'node:crypto';

import {
	FAILED_MODULE_ERROR,
	TEST_API_KEY,
	TEST_SESSION_TOKEN,
	expectedMediaBytes,
	startFakeMeiGen,
	type FakeMeiGen,
} from '.';

interface Answer {
	status: number;
	body: Record<string, unknown>;
}

type Item = Record<string, unknown> & { imageUrls?: string[] };

let fake: FakeMeiGen;

beforeAll(async () => {
	fake = await startFakeMeiGen();
});
afterAll(async () => await fake.close());
beforeEach(() => {
	fake.reset();
	for (const skill of [
		'remove-bg',
		'upscale',
		'product-detail',
		'brand-poster',
		'white-bg',
	] as const)
		fake.setSkillDuration(skill, 30);
});

async function call(
	method: string,
	path: string,
	body?: unknown,
	token: string | null = TEST_API_KEY,
): Promise<Answer> {
	const res = await fetch(`${fake.apiUrl}${path}`, {
		method,
		headers: {
			'Content-Type': 'application/json',
			...(token ? { Authorization: `Bearer ${token}` } : {}),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const HOSTED = 'https://images.meigen.ai/products/mug.png';
const run = async (skill: string, body: Record<string, unknown>, token?: string) =>
	await call('POST', `/skills/${skill}/run`, { requestId: randomUUID(), ...body }, token);
const receipt = async (skill: string, requestId: string, token?: string | null) =>
	await call('GET', `/skills/status?skill=${skill}&requestId=${requestId}`, undefined, token);

async function settled(skill: string, requestId: string): Promise<Answer> {
	for (;;) {
		const answer = await receipt(skill, requestId);
		if (answer.body.status !== 'processing') return answer;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** A PNG whose header says it is `width` × `height` (what a size check reads first). */
function pngHeaderOfSize(width: number, height: number): Buffer {
	const png = Buffer.from(expectedMediaBytes('big', 0, 'png'));
	png.writeUInt32BE(width, 16);
	png.writeUInt32BE(height, 20);
	return png;
}

describe('catalog', () => {
	it('lists the five Skills publicly under `skills`, with prices in their several shapes', async () => {
		const answer = await call('GET', '/skills', undefined, null);
		expect(answer.status).toBe(200);
		const skills = answer.body.skills as Array<Record<string, unknown>>;
		expect(skills.map((s) => s.id)).toEqual([
			'remove-bg',
			'upscale',
			'product-detail',
			'brand-poster',
			'white-bg',
		]);
		const byId = Object.fromEntries(skills.map((s) => [s.id, s]));
		expect(byId['remove-bg'].pricing).toBe(2);
		expect(byId.upscale.pricing).toMatchObject({ credits: 4 });
		expect(byId['brand-poster'].pricing).toEqual({ perImage: 5 });
		expect(byId['white-bg'].pricing).toMatchObject({ smart: { fast: 2, hd: 4 } });
		expect(byId['brand-poster'].stylePresets).toEqual(
			expect.arrayContaining([{ id: 'bold-retro', label: 'Bold Retro' }]),
		);
		expect(byId['product-detail']).toMatchObject({
			maxOutputImages: 6,
			endpoint: '/api/skills/product-detail/run',
			inputSchema: { additionalProperties: false, required: ['requestId', 'productImage'] },
		});
		expect(byId['product-detail'].materials).toEqual(
			expect.arrayContaining([{ field: 'extraProductImages', required: false, maxItems: 2 }]),
		);
	});

	it('answers one Skill for ?skill=, 404 for an unknown one, and shows a changed catalog price', async () => {
		fake.setSkillPricing('upscale', { credits: 7 }, 'catalog');
		const one = await call('GET', '/skills?skill=upscale', undefined, null);
		expect(
			(one.body.skills as Array<Record<string, unknown>>).map((s) => [s.id, s.pricing]),
		).toEqual([['upscale', { credits: 7 }]]);
		expect((await call('GET', '/skills?skill=nope', undefined, null)).status).toBe(404);
	});
});

describe('upload', () => {
	const png = expectedMediaBytes('input', 0, 'png');

	it('gives a fresh CDN URL for every upload, even of the same bytes, and serves the bytes', async () => {
		const first = await call('POST', '/skills/upload', { imageBase64: png.toString('base64') });
		const second = await call('POST', '/skills/upload', { imageBase64: png.toString('base64') });
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({ success: true, width: 8, height: 8 });
		expect(first.body.imageUrl).not.toBe(second.body.imageUrl);
		const served = await fetch(String(first.body.imageUrl));
		expect(served.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
		expect([...fake.skillUploads.values()].map((u) => u.purpose)).toEqual([
			'reference',
			'reference',
		]);
		expect(fake.skillCharges().credits).toBe(0);
	});

	it('takes a public HTTPS sourceUrl and records the purpose', async () => {
		const answer = await call('POST', '/skills/upload', {
			sourceUrl: 'https://shop.example.com/photo.jpg',
			purpose: 'upscale',
		});
		expect(answer.status).toBe(200);
		const [upload] = fake.skillUploads.values();
		expect(upload).toMatchObject({
			sourceUrl: 'https://shop.example.com/photo.jpg',
			purpose: 'upscale',
		});
		expect(answer.body.imageUrl).toBe(upload.url);
	});

	it.each([
		['no image', {}, 400],
		['both sources', { sourceUrl: 'https://a.example/x.png', imageBase64: 'AAAA' }, 400],
		['an http source', { sourceUrl: 'http://a.example/x.png' }, 400],
		['a data: prefix', { imageBase64: `data:image/png;base64,${png.toString('base64')}` }, 400],
		['bytes that are no image', { imageBase64: Buffer.from('hello').toString('base64') }, 400],
		['an unknown purpose', { imageBase64: png.toString('base64'), purpose: 'other' }, 400],
		[
			'over 3 MiB decoded',
			{ imageBase64: Buffer.alloc(3 * 1024 * 1024 + 1).toString('base64') },
			413,
		],
	])('refuses %s', async (_what, body, status) => {
		expect((await call('POST', '/skills/upload', body)).status).toBe(status);
		expect(fake.skillUploads.size).toBe(0);
	});

	it('needs a key (401) and a purchased balance (402)', async () => {
		const body = { imageBase64: png.toString('base64') };
		expect((await call('POST', '/skills/upload', body, null)).status).toBe(401);
		fake.credits.purchased = 0;
		const refused = await call('POST', '/skills/upload', body);
		expect(refused).toMatchObject({ status: 402, body: { code: 'insufficient_credits' } });
	});
});

describe('run: what is refused before anything is charged', () => {
	it.each([
		['no requestId', 'remove-bg', { requestId: undefined, productImage: HOSTED }],
		['a requestId that is no UUID', 'remove-bg', { requestId: 'abc', productImage: HOSTED }],
		['an unknown field', 'remove-bg', { productImage: HOSTED, colour: 'red' }],
		['a missing image', 'remove-bg', {}],
		['an image on another host', 'remove-bg', { productImage: 'https://shop.example.com/a.png' }],
		['an http MeiGen URL', 'white-bg', { productImage: 'http://images.meigen.ai/a.png' }],
		['custom mode without a prompt', 'white-bg', { productImage: HOSTED, mode: 'custom' }],
		[
			'quality in the white mode',
			'white-bg',
			{ productImage: HOSTED, mode: 'white', quality: 'hd' },
		],
		['an unknown module', 'product-detail', { productImage: HOSTED, modules: ['hero', 'nope'] }],
		['no modules at all', 'product-detail', { productImage: HOSTED, modules: [] }],
		[
			'seven modules',
			'product-detail',
			{
				productImage: HOSTED,
				modules: ['hero', 'detail', 'scene', 'material', 'usage', 'brand'],
				customModules: [{ name: 'box', description: 'the box' }],
			},
		],
		[
			'three extra product images',
			'product-detail',
			{ productImage: HOSTED, extraProductImages: [HOSTED, HOSTED, HOSTED] },
		],
		['a brand of 61 characters', 'brand-poster', { brand: 'b'.repeat(61) }],
		['an empty brand', 'brand-poster', { brand: '  ' }],
		['an unknown style', 'brand-poster', { brand: 'Acme', styleId: 'nope' }],
		['an http upscale source', 'upscale', { imageUrl: 'http://shop.example.com/a.png' }],
	])('%s → 400', async (_what, skill, body) => {
		const answer = await run(skill, body);
		// MeiGen names no code for a Skill's 400s: the status and the text say it.
		expect(answer).toMatchObject({ status: 400, body: { success: false } });
		expect(answer.body.code).toBeUndefined();
		expect(typeof answer.body.error).toBe('string');
		expect(fake.skillRuns.size).toBe(0);
		expect(fake.credits.purchased).toBe(1000);
	});

	it('refuses a body over 32 KiB (413) and an unknown Skill (404)', async () => {
		expect((await run('brand-poster', { brand: 'Acme', content: 'x'.repeat(40_000) })).status).toBe(
			413,
		);
		expect((await run('nope', { productImage: HOSTED })).status).toBe(404);
	});

	it('402 when the purchased balance is short; a session token is refused (Skills take API keys)', async () => {
		fake.credits.purchased = 1;
		const session = await run('remove-bg', { productImage: HOSTED }, TEST_SESSION_TOKEN);
		expect(session).toMatchObject({ status: 401, body: { error: 'Skills need an API key' } });
		const answer = await run('remove-bg', { productImage: HOSTED });
		expect(answer).toMatchObject({
			status: 402,
			body: { code: 'insufficient_credits', required: 2, available: 1 },
		});
		expect(fake.credits).toEqual({ daily: 50, purchased: 1 });
		expect(fake.skillCharges()).toEqual({ runs: 0, credits: 0, refunded: 0 });
	});
});

describe('run and receipt', () => {
	it('remove-bg answers the cut-out at once; its receipt says completed; the CDN serves a PNG', async () => {
		const requestId = randomUUID();
		const answer = await call('POST', '/skills/remove-bg/run', { requestId, productImage: HOSTED });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ success: true, imageUrl: expect.any(String), charged: 2 });
		expect(fake.credits.purchased).toBe(998);
		const status = await receipt('remove-bg', requestId);
		expect(status.body).toMatchObject({
			status: 'completed',
			requestId,
			imageUrl: answer.body.imageUrl,
		});
		const [item] = status.body.items as Item[];
		expect(item).toMatchObject({ status: 'completed', creditsUsed: 2, creditsStatus: 'confirmed' });
		const media = await fetch(String(answer.body.imageUrl));
		expect(media.headers.get('content-type')).toBe('image/png');
		const bytes = Buffer.from(await media.arrayBuffer());
		expect(bytes.equals(expectedMediaBytes(String(item.generationId), 0, 'png'))).toBe(true);
	});

	it('the same request ID and inputs replay without charging; other inputs 409; another Skill 409', async () => {
		const requestId = randomUUID();
		const body = { requestId, productImage: HOSTED, mode: 'smart' };
		const first = await call('POST', '/skills/white-bg/run', body);
		// Omitted ≡ explicit default: the same inputs.
		const again = await call('POST', '/skills/white-bg/run', {
			requestId,
			productImage: HOSTED,
			quality: 'fast',
			ratio: 'auto',
		});
		expect(again.body).toMatchObject({ generationId: first.body.generationId, replayed: true });
		expect(fake.skillRuns.get(requestId)?.replays).toBe(1);
		const other = await call('POST', '/skills/white-bg/run', {
			...body,
			productImage: `${HOSTED}?v=2`,
		});
		expect(other).toMatchObject({ status: 409, body: { code: 'idempotency_conflict' } });
		const collision = await call('POST', '/skills/remove-bg/run', {
			requestId,
			productImage: HOSTED,
		});
		expect(collision).toMatchObject({ status: 409, body: { code: 'request_id_collision' } });
		expect(fake.skillCharges()).toEqual({ runs: 1, credits: 2, refunded: 0 });
	});

	it('product-detail charges the price per module and finishes every module', async () => {
		const requestId = randomUUID();
		const answer = await call('POST', '/skills/product-detail/run', {
			requestId,
			productImage: HOSTED,
			modules: ['hero', 'scene'],
			customModules: [{ name: 'gift', description: 'Wrapped as a gift' }],
		});
		expect(answer.body).toMatchObject({ success: true, requestId, expectedCount: 3 });
		expect((answer.body.items as Item[]).map((i) => [i.module, i.status])).toEqual([
			['hero', 'processing'],
			['scene', 'processing'],
			['gift', 'processing'],
		]);
		expect(fake.credits.purchased).toBe(1000 - 3 * 3);
		expect((await receipt('product-detail', requestId)).body.status).toBe('processing');
		const done = await settled('product-detail', requestId);
		expect(done.body.status).toBe('completed');
		for (const item of done.body.items as Item[]) {
			expect(item).toMatchObject({
				status: 'completed',
				creditsStatus: 'confirmed',
				creditsUsed: 3,
			});
			expect(item.imageUrls).toEqual([`${fake.cdnUrl}/media/${String(item.generationId)}/0.png`]);
		}
	});

	it('a failed module is refunded and makes the batch partial; all failed makes it failed', async () => {
		const partial = await run('product-detail', {
			productImage: HOSTED,
			modules: ['hero', 'detail'],
			productName: 'Mug [fail:detail]',
		});
		const partialDone = await settled('product-detail', String(partial.body.requestId));
		expect(partialDone.body.status).toBe('partial');
		const items = partialDone.body.items as Item[];
		expect(items.map((i) => [i.module, i.status, i.creditsStatus])).toEqual([
			['hero', 'completed', 'confirmed'],
			['detail', 'failed', 'refunded'],
		]);
		expect(items[1]).toMatchObject({ error: FAILED_MODULE_ERROR, imageUrls: [] });

		const failed = await run('product-detail', {
			productImage: HOSTED,
			modules: ['hero'],
			productName: '[fail]',
		});
		const failedDone = await settled('product-detail', String(failed.body.requestId));
		expect(failedDone.body.status).toBe('failed');
		expect(fake.skillCharges()).toEqual({ runs: 2, credits: 9, refunded: 6 });
		expect(fake.credits.purchased).toBe(1000 - 3);
	});

	it('white-bg charges by mode and quality; brand-poster by its per-image price', async () => {
		await run('white-bg', {
			productImage: HOSTED,
			mode: 'custom',
			customPrompt: 'On marble',
			quality: 'hd',
		});
		expect(fake.credits.purchased).toBe(995);
		await run('white-bg', { productImage: HOSTED, mode: 'white' });
		expect(fake.credits.purchased).toBe(994);
		await run('brand-poster', { brand: 'Acme', styleId: 'bold-retro', productImages: [HOSTED] });
		expect(fake.credits.purchased).toBe(989);
	});

	it('takes images uploaded to its CDN, and results of earlier runs', async () => {
		const uploaded = await call('POST', '/skills/upload', {
			sourceUrl: 'https://shop.example.com/a.png',
		});
		const cutout = await run('remove-bg', { productImage: uploaded.body.imageUrl });
		expect(cutout.status).toBe(200);
		const background = await run('white-bg', { productImage: cutout.body.imageUrl });
		expect(background.status).toBe(200);
		const invented = await run('remove-bg', {
			productImage: `${fake.cdnUrl}/uploads/${randomUUID()}.png`,
		});
		expect(invented.status).toBe(400);
	});

	it('receipts: 404 without one, for another Skill or another key; 410 for a [gone] run; [never] stays processing', async () => {
		const requestId = randomUUID();
		expect((await receipt('upscale', requestId)).status).toBe(404);
		await call('POST', '/skills/upscale/run', {
			requestId,
			imageUrl: 'https://a.example/p[never].png',
		});
		expect((await receipt('upscale', requestId)).body.status).toBe('processing');
		expect((await receipt('remove-bg', requestId)).status).toBe(404);
		const created = await call('POST', '/tokens', { name: 'second' }, TEST_SESSION_TOKEN);
		expect((await receipt('upscale', requestId, String(created.body.token))).status).toBe(404);
		expect((await receipt('upscale', requestId, null)).status).toBe(401);

		const gone = await run('upscale', { imageUrl: 'https://a.example/p[gone].png' });
		const answer = await receipt('upscale', String(gone.body.requestId));
		expect(answer).toMatchObject({ status: 410, body: { code: 'generation_unavailable' } });
	});
});

describe('upscale', () => {
	it('409 price_changed when the confirmed credits are below the current price; the refusal is kept', async () => {
		fake.setSkillPricing('upscale', { credits: 6 }, 'live');
		const requestId = randomUUID();
		const body = { requestId, imageUrl: 'https://a.example/p.png', confirmedCredits: 4 };
		const answer = await call('POST', '/skills/upscale/run', body);
		expect(answer).toMatchObject({
			status: 409,
			body: { code: 'price_changed', quotedCredits: 6, confirmedCredits: 4 },
		});
		expect(fake.skillCharges().credits).toBe(0);
		expect((await receipt('upscale', requestId)).body).toMatchObject({
			status: 'failed',
			submissionHttpStatus: 409,
			submission: { code: 'price_changed' },
			items: [],
		});
		expect((await call('POST', '/skills/upscale/run', body)).body.code).toBe('price_changed');
		const confirmed = await run('upscale', {
			imageUrl: 'https://a.example/p.png',
			confirmedCredits: 6,
		});
		expect(confirmed.status).toBe(200);
		expect(fake.credits.purchased).toBe(994);
	});

	it('409 upscale_resize_required for a large source, by upload or URL, unless allowDownscale', async () => {
		const big = pngHeaderOfSize(6000, 4000).toString('base64');
		const uploaded = await call('POST', '/skills/upload', { imageBase64: big, purpose: 'upscale' });
		expect(uploaded.body).toMatchObject({ width: 6000, height: 4000 });
		const refused = await run('upscale', { imageUrl: uploaded.body.imageUrl });
		expect(refused).toMatchObject({
			status: 409,
			body: { code: 'upscale_resize_required', sourceWidth: 6000, sourceHeight: 4000 },
		});
		const byUrl = await run('upscale', { imageUrl: 'https://a.example/photo-5000x5000.jpg' });
		expect(byUrl.body.code).toBe('upscale_resize_required');
		expect(fake.skillCharges().credits).toBe(0);
		const allowed = await run('upscale', {
			imageUrl: uploaded.body.imageUrl,
			allowDownscale: true,
		});
		expect(allowed.status).toBe(200);
		// A reference upload is prepared at most 4096 px: no resize needed afterwards.
		const reference = await call('POST', '/skills/upload', { imageBase64: big });
		expect(reference.body).toMatchObject({ width: 4096, height: 2731 });
	});
});

describe('faults on the Skill routes', () => {
	it('a lost run answer still charged and left a receipt', async () => {
		fake.inject({ route: 'skillRun', kind: 'drop', afterProcessing: true });
		const requestId = randomUUID();
		await expect(
			fetch(`${fake.apiUrl}/skills/remove-bg/run`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TEST_API_KEY}` },
				body: JSON.stringify({ requestId, productImage: HOSTED }),
			}),
		).rejects.toThrow();
		expect((await receipt('remove-bg', requestId)).body.status).toBe('completed');
		expect(fake.skillCharges()).toEqual({ runs: 1, credits: 2, refunded: 0 });
		expect(fake.requestsTo('POST', '/skills/remove-bg/run')[0]).toMatchObject({
			status: 0,
			fault: 'drop',
		});
	});

	it('a status fault (e.g. 409 in_progress with retryAfterSeconds) hits only its route', async () => {
		fake.inject({
			route: 'skillRun',
			status: 409,
			body: { success: false, code: 'in_progress', retryAfterSeconds: 3 },
		});
		const catalog = await call('GET', '/skills', undefined, null);
		expect(catalog.status).toBe(200);
		const refused = await run('remove-bg', { productImage: HOSTED });
		expect(refused).toMatchObject({
			status: 409,
			body: { code: 'in_progress', retryAfterSeconds: 3 },
		});
		expect(fake.skillRuns.size).toBe(0);
	});

	it('`after` lets the first matching requests through and faults the next', async () => {
		const requestId = randomUUID();
		fake.inject({ route: 'skillStatus', status: 503, after: 1 });
		expect((await receipt('remove-bg', requestId)).status).toBe(404);
		expect((await receipt('remove-bg', requestId)).status).toBe(503);
		expect((await receipt('remove-bg', requestId)).status).toBe(404);
	});
});

describe('receipts as MeiGen writes them', () => {
	it('`submission` is the original answer; `retryParameters` only when the run may be sent again', async () => {
		const requestId = randomUUID();
		const answer = await call('POST', '/skills/white-bg/run', {
			requestId,
			productImage: HOSTED,
			mode: 'white',
		});
		const done = await settled('white-bg', requestId);
		expect(done.body).toMatchObject({
			status: 'completed',
			submissionHttpStatus: 200,
			submission: answer.body,
			retryable: false,
		});
		expect(done.body.retryParameters).toBeUndefined();
	});

	it('a run cut off before it became a job: 503, nothing charged, its inputs kept to send again', async () => {
		fake.interruptSkillRuns(1);
		const requestId = randomUUID();
		const body = { requestId, productImage: HOSTED, mode: 'white' };
		const cut = await call('POST', '/skills/white-bg/run', body);
		expect(cut).toMatchObject({ status: 503, body: { code: 'request_interrupted' } });
		expect(fake.skillCharges().runs).toBe(0);
		expect((await receipt('white-bg', requestId)).body).toMatchObject({
			status: 'failed',
			retryable: true,
			retryParameters: body,
			submissionHttpStatus: 503,
		});
		// The same request again now runs, once.
		const again = await call('POST', '/skills/white-bg/run', body);
		expect(again.status).toBe(200);
		expect((await settled('white-bg', requestId)).body.status).toBe('completed');
		expect(fake.skillCharges().runs).toBe(1);
	});
});
