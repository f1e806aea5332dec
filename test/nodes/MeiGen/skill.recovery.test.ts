/**
 * Skills and money: a lost answer, a 5xx or Retry On Fail never pays twice; every refusal MeiGen
 * documents (409s, 410, 402, 429) ends in a clear outcome; partial and failed batches; the request
 * ID in every item and every error.
 */
import type { INodeParameters } from 'n8n-workflow';

import { expectedMediaBytes, FAILED_MODULE_ERROR, type FakeMeiGen } from '../../fake-server';
import {
	expectStoppedCleanly,
	imageItem,
	PNG_PIXEL,
	quickPoll,
	runMeiGen,
	skill,
	skillRunPosts,
	skillStatusReads,
	skillUploadPosts,
	useFakeMeiGen,
	type MeiGenRun,
} from './setup';

const HOSTED = 'https://images.meigen.ai/products/mug.png';
const RETRY_ON_FAIL = { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 };

/** The request IDs of every Skill run POST, in order. */
function runIds(fake: FakeMeiGen): string[] {
	return skillRunPosts(fake).map((post) =>
		String((post.body as { requestId?: unknown }).requestId),
	);
}

/** Create AI Background on the hosted photo by URL, in `mode`, with these Options. */
function backgroundByUrl(mode: string, options: INodeParameters) {
	return skill('aiBackground', { imageSource: 'url', imageUrl: HOSTED, mode, options });
}

/** The failed node's error as a user reads it: message and description. */
function errorText(run: MeiGenRun): string {
	const error = run.nodeError('MeiGen');
	return `${error?.message ?? ''} ${error?.description ?? ''}`;
}

/** A PNG whose header says it is `width` × `height`, as a size check reads it. */
function pngHeaderOfSize(width: number, height: number): Buffer {
	const png = Buffer.from(PNG_PIXEL, 'base64');
	png.writeUInt32BE(width, 16);
	png.writeUInt32BE(height, 20);
	return png;
}

describe('Skills never pay twice', () => {
	const fake = useFakeMeiGen();

	it('a lost run answer: the receipt is read and the job continued, with no second run', async () => {
		fake().inject({ route: 'skillRun', kind: 'drop', afterProcessing: true });
		const run = await runMeiGen(fake(), skill('aiBackground', { options: quickPoll() }), {
			items: [imageItem()],
		});

		expect(run.status).toBe('success');
		const posts = skillRunPosts(fake());
		expect(posts).toHaveLength(1);
		expect(posts[0].status).toBe(0);
		const requestId = runIds(fake())[0];
		// Read before the upload (none yet), then after the lost answer (found), then polled.
		const reads = skillStatusReads(fake());
		expect(reads.filter((r) => r.time < posts[0].time).map((r) => r.status)).toEqual([404]);
		expect(reads.find((r) => r.time > posts[0].time)?.status).toBe(200);
		expect(skillUploadPosts(fake())).toHaveLength(1);
		const item = fake().skillRuns.get(requestId)?.items[0];
		expect(run.items[0].json).toMatchObject({
			requestId,
			status: 'completed',
			generationId: item?.generationId,
		});
		expect(
			(await run.binary(run.items[0])).equals(
				expectedMediaBytes(String(item?.generationId), 0, 'png'),
			),
		).toBe(true);
		expect(fake().skillCharges()).toEqual({ runs: 1, credits: 2, refunded: 0 });
	});

	it('a lost cut-out answer: the receipt gives the image, no second run', async () => {
		fake().inject({ route: 'skillRun', kind: 'drop', afterProcessing: true });
		const run = await runMeiGen(fake(), skill('removeBackground', { options: quickPoll() }), {
			items: [imageItem()],
		});

		expect(run.status).toBe('success');
		expect(skillRunPosts(fake())).toHaveLength(1);
		const item = [...fake().skillRuns.values()][0].items[0];
		expect(
			(await run.binary(run.items[0])).equals(expectedMediaBytes(item.generationId, 0, 'png')),
		).toBe(true);
		expect(fake().skillCharges()).toEqual({ runs: 1, credits: 2, refunded: 0 });
	});

	it('a 5xx before the run was taken: sent again with the same request ID and image, charged once', async () => {
		fake().inject({ route: 'skillRun', status: 500 });
		const run = await runMeiGen(fake(), skill('upscale', { options: quickPoll() }), {
			items: [imageItem()],
		});

		expect(run.status).toBe('success');
		const posts = skillRunPosts(fake());
		expect(posts.map((p) => p.status)).toEqual([500, 200]);
		expect(posts[1].body).toEqual(posts[0].body);
		expect(skillUploadPosts(fake())).toHaveLength(1);
		expect(fake().skillCharges()).toEqual({ runs: 1, credits: 4, refunded: 0 });
	});

	it('a 5xx after the run was taken: the receipt is found, no second run', async () => {
		fake().inject({ route: 'skillRun', status: 502, afterProcessing: true });
		const run = await runMeiGen(
			fake(),
			skill('marketingPoster', { brand: 'Acme', options: quickPoll() }),
		);

		expect(run.status).toBe('success');
		expect(skillRunPosts(fake()).map((p) => p.status)).toEqual([502]);
		expect(run.items[0].json).toMatchObject({ skill: 'brand-poster', status: 'completed' });
		expect(fake().skillCharges()).toEqual({ runs: 1, credits: 5, refunded: 0 });
	});

	it('Retry On Fail after a failed poll: the receipt is found before any upload; the job is continued', async () => {
		// The first poll after the run answers 404; n8n runs the node again.
		fake().inject({
			route: 'skillStatus',
			status: 404,
			body: { success: false, code: 'not_found' },
			after: 1,
		});
		const run = await runMeiGen(
			fake(),
			skill('productDetail', { modules: ['hero', 'detail'], options: quickPoll() }),
			{ items: [imageItem()], node: RETRY_ON_FAIL },
		);

		expect(run.status).toBe('success');
		expect(skillUploadPosts(fake())).toHaveLength(1);
		expect(skillRunPosts(fake())).toHaveLength(1);
		expect(run.items.map((i) => i.json.module)).toEqual(['hero', 'detail']);
		expect(fake().skillCharges()).toEqual({ runs: 1, credits: 6, refunded: 0 });
	});

	it('Retry On Fail after a failed download: the finished job is fetched again, not paid again', async () => {
		fake().inject({ route: 'media', status: 404 });
		const run = await runMeiGen(fake(), skill('removeBackground', { options: quickPoll() }), {
			items: [imageItem()],
			node: RETRY_ON_FAIL,
		});

		expect(run.status).toBe('success');
		expect(fake().cdnRequests.map((r) => r.status)).toEqual([404, 200]);
		expect(skillUploadPosts(fake())).toHaveLength(1);
		expect(skillRunPosts(fake())).toHaveLength(1);
		expect(fake().skillCharges()).toEqual({ runs: 1, credits: 2, refunded: 0 });
	});

	it('a re-upload gave the image a new URL and MeiGen answers 409 idempotency_conflict: the existing job is continued', async () => {
		// Try 1: charged, then its download fails. Try 2 (Retry On Fail): the receipt read before
		// the upload answers 404, so the image is uploaded again and the run conflicts.
		fake().inject({ route: 'media', status: 404 });
		fake().inject({
			route: 'skillStatus',
			status: 404,
			body: { success: false, code: 'not_found' },
			after: 1,
		});
		const run = await runMeiGen(fake(), skill('removeBackground', { options: quickPoll() }), {
			items: [imageItem()],
			node: RETRY_ON_FAIL,
		});

		expect(run.status).toBe('success');
		const posts = skillRunPosts(fake());
		expect(posts.map((p) => p.status)).toEqual([200, 409]);
		expect((posts[1].body as { productImage: string }).productImage).not.toBe(
			(posts[0].body as { productImage: string }).productImage,
		);
		expect(new Set(runIds(fake())).size).toBe(1);
		expect(skillUploadPosts(fake())).toHaveLength(2);
		const item = [...fake().skillRuns.values()][0].items[0];
		expect(
			(await run.binary(run.items[0])).equals(expectedMediaBytes(item.generationId, 0, 'png')),
		).toBe(true);
		expect(fake().skillCharges()).toEqual({ runs: 1, credits: 2, refunded: 0 });
	});

	it('409 in_progress: waits its retryAfterSeconds, then continues, charged once', async () => {
		fake().inject({
			route: 'skillRun',
			status: 409,
			body: {
				success: false,
				code: 'in_progress',
				error: 'Still taking this in',
				retryAfterSeconds: 2,
			},
		});
		const run = await runMeiGen(
			fake(),
			skill('upscale', { imageSource: 'url', imageUrl: HOSTED, options: quickPoll() }),
		);

		expect(run.status).toBe('success');
		const posts = skillRunPosts(fake());
		expect(posts.map((p) => p.status)).toEqual([409, 200]);
		const next = [...fake().requests].find((r) => r.time > posts[0].time);
		expect((next?.time ?? 0) - posts[0].time).toBeGreaterThanOrEqual(1900);
		expect(fake().skillCharges()).toEqual({ runs: 1, credits: 4, refunded: 0 });
	});

	it('429 (not the daily limit) is retried after its Retry-After, charged once', async () => {
		fake().inject({
			route: 'skillRun',
			status: 429,
			retryAfter: 1,
			body: { success: false, error: 'Slow down', code: 'rate_limited' },
		});
		const run = await runMeiGen(
			fake(),
			skill('removeBackground', { imageSource: 'url', imageUrl: HOSTED }),
		);

		expect(run.status).toBe('success');
		expect(skillRunPosts(fake()).map((p) => p.status)).toEqual([429, 200]);
		expect(fake().skillCharges().credits).toBe(2);
	});

	it('a lost upload answer is asked again (uploads are free); the run uses the URL that arrived', async () => {
		fake().inject({ route: 'skillUpload', kind: 'drop', afterProcessing: true });
		const run = await runMeiGen(fake(), skill('removeBackground', { options: quickPoll() }), {
			items: [imageItem()],
		});

		expect(run.status).toBe('success');
		expect(skillUploadPosts(fake()).map((p) => p.status)).toEqual([0, 200]);
		const uploads = [...fake().skillUploads.values()];
		expect((skillRunPosts(fake())[0].body as { productImage: string }).productImage).toBe(
			uploads[1].url,
		);
		expect(fake().skillCharges()).toEqual({ runs: 1, credits: 2, refunded: 0 });
	});

	it('a 503 while polling is read again, not resubmitted', async () => {
		fake().inject({ route: 'skillStatus', status: 503, after: 1 });
		const run = await runMeiGen(fake(), skill('aiBackground', { options: quickPoll() }), {
			items: [imageItem()],
		});

		expect(run.status).toBe('success');
		expect(skillStatusReads(fake()).map((r) => r.status)).toEqual([404, 503, 200]);
		expect(skillRunPosts(fake())).toHaveLength(1);
	});
});

describe('Refusals are clear and cost nothing', () => {
	const fake = useFakeMeiGen();

	it('429 DAILY_LIMIT_REACHED is not retried and says when to run again', async () => {
		fake().inject({
			route: 'skillRun',
			status: 429,
			times: 5,
			body: { success: false, code: 'DAILY_LIMIT_REACHED', error: 'Daily limit reached' },
		});
		const run = await runMeiGen(
			fake(),
			skill('removeBackground', { imageSource: 'url', imageUrl: HOSTED }),
		);

		expect(run.status).toBe('error');
		expect(skillRunPosts(fake())).toHaveLength(1);
		expect(errorText(run)).toMatch(/daily limit/i);
		expect(errorText(run)).toContain(runIds(fake())[0]);
		expect(fake().skillCharges().credits).toBe(0);
	});

	it('402: says Skills spend purchased credits only; nothing charged', async () => {
		fake().credits.purchased = 3;
		const run = await runMeiGen(fake(), skill('upscale', { imageSource: 'url', imageUrl: HOSTED }));

		expect(run.status).toBe('error');
		expect(errorText(run)).toMatch(/purchased credits only/i);
		expect(errorText(run)).toContain(runIds(fake())[0]);
		expect(fake().credits).toEqual({ daily: 50, purchased: 3 });
	});

	it('402 on the upload (no purchased credits at all) says the same, before any run', async () => {
		fake().credits.purchased = 0;
		const run = await runMeiGen(fake(), skill('removeBackground'), { items: [imageItem()] });

		expect(run.status).toBe('error');
		expect(errorText(run)).toMatch(/purchased credits only/i);
		expect(skillRunPosts(fake())).toHaveLength(0);
	});

	it('409 price_changed: the upscale price rose after the catalog was read; clear error, nothing charged', async () => {
		fake().setSkillPricing('upscale', { credits: 6 }, 'live');
		const run = await runMeiGen(fake(), skill('upscale', { imageSource: 'url', imageUrl: HOSTED }));

		expect(run.status).toBe('error');
		expect(skillRunPosts(fake())).toHaveLength(1);
		expect((skillRunPosts(fake())[0].body as { confirmedCredits?: number }).confirmedCredits).toBe(
			4,
		);
		const text = errorText(run);
		expect(text).toContain('6 credits');
		expect(text).toMatch(/nothing was charged/i);
		expect(text).toContain(runIds(fake())[0]);
		expect(fake().skillCharges().credits).toBe(0);
		expect(fake().credits.purchased).toBe(1000);
	});

	it('a catalog without a readable upscale price: no confirmedCredits is sent (never a made-up 0)', async () => {
		fake().setSkillPricing('upscale', null, 'catalog');
		const run = await runMeiGen(
			fake(),
			skill('upscale', { imageSource: 'url', imageUrl: HOSTED, waitForCompletion: false }),
		);

		expect(run.status).toBe('success');
		expect(skillRunPosts(fake())[0].body).not.toHaveProperty('confirmedCredits');
	});

	it('409 upscale_resize_required: names the size and Allow Downscale; nothing charged; Allow Downscale then works', async () => {
		const big = pngHeaderOfSize(6000, 4000);
		const refused = await runMeiGen(fake(), skill('upscale'), { items: [imageItem('data', big)] });

		expect(refused.status).toBe('error');
		const text = errorText(refused);
		expect(text).toContain('6000×4000');
		expect(text).toContain('Allow Downscale');
		expect(text).toMatch(/nothing was charged/i);
		expect(text).toContain(runIds(fake())[0]);
		expect(fake().skillCharges().credits).toBe(0);

		const allowed = await runMeiGen(
			fake(),
			skill('upscale', { allowDownscale: true, waitForCompletion: false }),
			{
				items: [imageItem('data', big)],
			},
		);
		expect(allowed.status).toBe('success');
		expect(fake().skillCharges().credits).toBe(4);
	});

	it('410 generation_unavailable: stops with the IDs, no new job, no refund claimed', async () => {
		const run = await runMeiGen(
			fake(),
			skill('upscale', {
				imageSource: 'url',
				imageUrl: 'https://images.meigen.ai/p[gone].png',
				options: quickPoll(),
			}),
		);

		expect(run.status).toBe('error');
		const [requestId] = runIds(fake());
		const receipt = fake().skillRuns.get(requestId);
		const text = errorText(run);
		expect(text).toContain(requestId);
		expect(text).toContain(String(receipt?.items[0].generationId));
		expect(text).toMatch(/not a refund/i);
		expect(skillRunPosts(fake())).toHaveLength(1);
		expect(fake().skillCharges()).toEqual({ runs: 1, credits: 4, refunded: 0 });
	});

	it('a 400 from the run (a style ID the catalog lacks): says what MeiGen refused, that nothing was charged, and claims no job', async () => {
		const run = await runMeiGen(
			fake(),
			skill('marketingPoster', { brand: 'Acme', additionalFields: { style: 'neon-noir' } }),
		);

		expect(run.status).toBe('error');
		expect(skillRunPosts(fake()).map((p) => p.status)).toEqual([400]);
		const text = errorText(run);
		expect(text).toContain('styleId');
		expect(text).toContain(runIds(fake())[0]);
		expect(text).toMatch(/nothing was charged/i);
		expect(text).not.toMatch(/job exists/i);
		expect(fake().skillCharges().credits).toBe(0);
	});

	it('Options → Request ID run again with the same input: the paid images come back, nothing is charged', async () => {
		const requestId = '9d4c1f2e-7b3a-4c5d-8e9f-0a1b2c3d4e5f';
		const parameters = skill('upscale', {
			imageSource: 'url',
			imageUrl: HOSTED,
			options: { requestId, pollInterval: 1 },
		});
		const first = await runMeiGen(fake(), parameters);
		expect(first.status).toBe('success');
		const again = await runMeiGen(fake(), parameters);

		expect(again.status).toBe('success');
		expect(again.items[0].json).toMatchObject({ requestId, status: 'completed' });
		expect(again.items[0].json.url).toBe(first.items[0].json.url);
		expect((await again.binary(again.items[0])).equals(await first.binary(first.items[0]))).toBe(
			true,
		);
		expect(skillRunPosts(fake())).toHaveLength(1);
		expect(fake().skillCharges().runs).toBe(1);
	});

	it("Options → Request ID reused with other inputs after the run finished (the receipt keeps none): that run's images, nothing charged", async () => {
		const requestId = '9d4c1f2e-7b3a-4c5d-8e9f-0a1b2c3d4e5f';
		const first = await runMeiGen(fake(), backgroundByUrl('white', { requestId, pollInterval: 1 }));
		expect(first.status).toBe('success');
		const again = await runMeiGen(fake(), backgroundByUrl('smart', { requestId, pollInterval: 1 }));

		expect(again.status).toBe('success');
		expect(again.items[0].json.url).toBe(first.items[0].json.url);
		expect(skillRunPosts(fake())).toHaveLength(1);
		expect(fake().skillCharges().runs).toBe(1);
	});

	it('Options → Request ID reused with another image, where MeiGen kept the inputs (retryParameters): a clear conflict, nothing sent', async () => {
		const requestId = '9d4c1f2e-7b3a-4c5d-8e9f-0a1b2c3d4e5f';
		// Cut off, and its receipt out of reach until the wait ends: the first run fails.
		fake().interruptSkillRuns(1);
		fake().inject({ route: 'skillStatus', status: 503, after: 1, times: 3 });
		const first = await runMeiGen(fake(), backgroundByUrl('white', { requestId, waitTimeout: 2 }));
		expect(first.status).toBe('error');
		const posts = skillRunPosts(fake()).length;
		const second = await runMeiGen(fake(), backgroundByUrl('smart', { requestId }));

		expect(second.status).toBe('error');
		const text = errorText(second);
		expect(text).toMatch(/already used .* other inputs/i);
		expect(text).toContain(requestId);
		expect(skillRunPosts(fake())).toHaveLength(posts);
		expect(fake().skillCharges().runs).toBe(0);
	});

	it("a receipt look-up answered by a proxy's 404 page: nothing is run on its word", async () => {
		fake().inject({ route: 'skillStatus', status: 404, text: '<html><h1>Not Found</h1></html>' });
		const run = await runMeiGen(fake(), skill('upscale', { imageSource: 'url', imageUrl: HOSTED }));

		expect(run.status).toBe('error');
		expect(errorText(run)).toContain('request lookup is not available (HTTP 404)');
		expect(skillRunPosts(fake())).toHaveLength(0);
		expect(fake().skillCharges().runs).toBe(0);
	});

	it('a run cut off before it became a job is sent again at once, with the same body', async () => {
		fake().interruptSkillRuns(1);
		const run = await runMeiGen(fake(), skill('removeBackground'), { items: [imageItem()] });

		expect(run.status).toBe('success');
		const [cut, sent] = skillRunPosts(fake());
		expect(sent.body).toEqual(cut.body);
		expect(fake().skillUploads.size).toBe(1);
		expect(fake().skillCharges().runs).toBe(1);
	});

	it('a later execution sends a cut-off run again with the inputs MeiGen kept, and charges once', async () => {
		fake().interruptSkillRuns(1);
		fake().inject({ route: 'skillStatus', status: 503, after: 1, times: 3 });
		const parameters = skill('removeBackground', {
			options: { payOncePerInput: true, waitTimeout: 2 },
		});
		const first = await runMeiGen(fake(), parameters, { items: [imageItem()] });
		expect(first.status).toBe('error');
		expect(errorText(first)).toContain(runIds(fake())[0]);
		const uploads = fake().skillUploads.size;
		expect(uploads).toBe(1);

		const again = await runMeiGen(fake(), parameters, { items: [imageItem()] });
		expect(again.status).toBe('success');
		// The same request ID and the image URL uploaded the first time: no upload is repeated.
		expect(fake().skillUploads.size).toBe(uploads);
		const [cut, sent] = skillRunPosts(fake());
		expect(sent.body).toEqual(cut.body);
		expect(fake().skillCharges().runs).toBe(1);
	});
});

describe('Partial and failed batches', () => {
	const fake = useFakeMeiGen();

	it('partial: every completed image is output, each item says partial and lists the failed modules', async () => {
		const run = await runMeiGen(
			fake(),
			skill('productDetail', {
				modules: ['hero', 'detail', 'scene'],
				additionalFields: { productName: 'Mug [fail:detail]' },
				options: quickPoll(),
			}),
			{ items: [imageItem()] },
		);

		expect(run.status).toBe('success');
		const [requestId] = runIds(fake());
		const items = fake().skillRuns.get(requestId)?.items ?? [];
		expect(run.items.map((i) => i.json.module)).toEqual(['hero', 'scene']);
		for (const item of run.items) {
			expect(item.json).toMatchObject({
				skill: 'product-detail',
				requestId,
				status: 'partial',
				failedModules: [
					{ module: 'detail', error: FAILED_MODULE_ERROR, creditsStatus: 'refunded' },
				],
			});
		}
		const completed = items.filter((i) => i.status === 'completed');
		for (const [index, item] of run.items.entries()) {
			expect(
				(await run.binary(item)).equals(
					expectedMediaBytes(completed[index].generationId, 0, 'png'),
				),
			).toBe(true);
		}
		expect(fake().skillCharges()).toEqual({ runs: 1, credits: 9, refunded: 3 });
	});

	it('all modules failed: an item error naming the request ID, each module error and refund status', async () => {
		const run = await runMeiGen(
			fake(),
			skill('productDetail', {
				modules: ['hero', 'detail'],
				additionalFields: { productName: 'Mug [fail]' },
				options: quickPoll(),
			}),
			{ items: [imageItem()] },
		);

		expect(run.status).toBe('error');
		const [requestId] = runIds(fake());
		const text = errorText(run);
		expect(text).toContain(requestId);
		expect(text).toContain(`hero: ${FAILED_MODULE_ERROR} (credits refunded)`);
		expect(text).toContain(`detail: ${FAILED_MODULE_ERROR} (credits refunded)`);
		expect(fake().credits.purchased).toBe(1000);
	});

	it('Continue On Fail: the failed item carries its request ID; the other items go on', async () => {
		const run = await runMeiGen(
			fake(),
			skill('aiBackground', {
				mode: 'custom',
				customPrompt: '={{ $json.prompt }}',
				options: quickPoll(),
			}),
			{
				items: [
					imageItem('data', undefined, 'image/png', { prompt: 'Beach [fail]' }),
					imageItem('data', undefined, 'image/png', { prompt: 'Forest' }),
				],
				node: { onError: 'continueRegularOutput' },
			},
		);

		expect(run.status).toBe('success');
		expect(run.items).toHaveLength(2);
		const [failed, done] = run.items;
		const ids = runIds(fake());
		expect(ids).toHaveLength(2);
		expect(failed.json).toMatchObject({ skill: 'white-bg', status: 'failed' });
		expect(ids).toContain(failed.json.requestId);
		expect(String(failed.json.error)).toContain(FAILED_MODULE_ERROR);
		expect(done.json).toMatchObject({ status: 'completed' });
		expect(ids).toContain(done.json.requestId);
		expect(done.json.requestId).not.toBe(failed.json.requestId);
	});

	it('Continue On Fail: a refusal (402) item carries the request ID too', async () => {
		fake().credits.purchased = 1;
		const run = await runMeiGen(
			fake(),
			skill('removeBackground', { imageSource: 'url', imageUrl: HOSTED }),
			{
				node: { onError: 'continueRegularOutput' },
			},
		);

		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toMatchObject({ skill: 'remove-bg', requestId: runIds(fake())[0] });
		expect(String(run.items[0].json.error)).toMatch(/purchased/i);
	});

	it('a cut-out that MeiGen does not answer at once is polled for', async () => {
		const run = await runMeiGen(
			fake(),
			skill('removeBackground', {
				imageSource: 'url',
				imageUrl: 'https://images.meigen.ai/mug[async].png',
				options: quickPoll(),
			}),
		);

		expect(run.status).toBe('success');
		const [requestId] = runIds(fake());
		const item = fake().skillRuns.get(requestId)?.items[0];
		expect(run.items[0].json).toMatchObject({
			requestId,
			status: 'completed',
			generationId: item?.generationId,
		});
		expect(
			(await run.binary(run.items[0])).equals(
				expectedMediaBytes(String(item?.generationId), 0, 'png'),
			),
		).toBe(true);
		expect(skillStatusReads(fake()).length).toBeGreaterThanOrEqual(2);
	});

	it('a failed cut-out: an error with the request ID, the reason and the refund', async () => {
		const run = await runMeiGen(
			fake(),
			skill('removeBackground', {
				imageSource: 'url',
				imageUrl: 'https://images.meigen.ai/mug[fail].png',
				options: quickPoll(),
			}),
		);

		expect(run.status).toBe('error');
		const text = errorText(run);
		expect(text).toContain(runIds(fake())[0]);
		expect(text).toContain(`${FAILED_MODULE_ERROR} (credits refunded)`);
		expect(fake().credits.purchased).toBe(1000);
	});
});

describe('Waiting: Timeout, On Timeout and Stop', () => {
	const fake = useFakeMeiGen();
	const never = 'https://images.meigen.ai/p[never].png';

	it('Timeout with On Timeout → Return Pending outputs the running job with its request ID', async () => {
		const run = await runMeiGen(
			fake(),
			skill('upscale', {
				imageSource: 'url',
				imageUrl: never,
				options: quickPoll({ waitTimeout: 2, onTimeout: 'returnPending' }),
			}),
		);

		expect(run.status).toBe('success');
		expect(run.items[0].json).toMatchObject({
			skill: 'upscale',
			requestId: runIds(fake())[0],
			status: 'processing',
		});
		expect(run.finishedAt - run.startedAt).toBeLessThan(5000);
	});

	it('Timeout with On Timeout → Error names the job to pick up with Skill → Get Status', async () => {
		const run = await runMeiGen(
			fake(),
			skill('upscale', {
				imageSource: 'url',
				imageUrl: never,
				options: quickPoll({ waitTimeout: 2 }),
			}),
		);

		expect(run.status).toBe('error');
		const text = errorText(run);
		expect(text).toContain(runIds(fake())[0]);
		expect(text).toContain('Skill → Get Status');
		expect(skillRunPosts(fake())).toHaveLength(1);
	});

	it('Stop ends the wait at once and sends nothing more', async () => {
		const run = await runMeiGen(
			fake(),
			skill('upscale', { imageSource: 'url', imageUrl: never, options: quickPoll() }),
			{ stopAfterMs: 1500 },
		);

		expectStoppedCleanly(fake(), run);
		expect(skillRunPosts(fake())).toHaveLength(1);
	});
});
