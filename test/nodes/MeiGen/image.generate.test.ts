import { expectedMediaBytes, FAILED_JOB_ERROR } from '../../fake-server';
import {
	everything,
	expectStoppedCleanly,
	generate,
	onlyJob,
	PNG_PIXEL,
	quickPoll,
	runMeiGen,
	submits,
	TEST_API_KEY,
	useFakeMeiGen,
} from './setup';

describe('Image → Generate', () => {
	const fake = useFakeMeiGen();

	it('waits for an image and outputs it as binary data with its real bytes, MIME type and name', async () => {
		const run = await runMeiGen(
			fake(),
			generate('nanobanana-2', 'a lighthouse at dusk', { options: quickPoll() }),
		);

		expect(run.status).toBe('success');
		expect(run.items).toHaveLength(1);
		const [item] = run.items;
		const job = onlyJob(fake());
		expect(item.json).toMatchObject({
			generationId: job.id,
			status: 'completed',
			mediaType: 'image',
			modelId: 'nanobanana-2',
			url: job.mediaUrls[0],
			prompt: 'a lighthouse at dusk',
		});
		expect(item.binary?.data).toMatchObject({ mimeType: 'image/png', fileName: `${job.id}.png` });
		expect((await run.binary(item)).equals(expectedMediaBytes(job.id, 0, 'png'))).toBe(true);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(fake().chargedJobs()).toBe(1);
	});

	it('sends the request the API documents, with the Bearer key, and fetches media without it', async () => {
		await runMeiGen(
			fake(),
			generate('nanobanana-2', 'a red fox', {
				additionalFields: { aspectRatio: '16:9', resolution: '2K', extraBody: '{"seed": 7}' },
				options: quickPoll(),
			}),
		);
		const [submit] = submits(fake());
		expect(submit.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
		expect(submit.body).toMatchObject({
			prompt: 'a red fox',
			modelId: 'nanobanana-2',
			aspectRatio: '16:9',
			resolution: '2K',
			seed: 7,
		});
		expect((submit.body as { idempotencyKey: string }).idempotencyKey).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
		);
		expect(fake().cdnRequests.length).toBeGreaterThan(0);
		for (const request of fake().cdnRequests) expect(request.headers.authorization).toBeUndefined();
	});

	it('outputs one item per image for Midjourney, named <id>.png, <id>-2.png …', async () => {
		const run = await runMeiGen(
			fake(),
			generate('midjourney-v8.1', 'four cats', { options: quickPoll() }),
		);

		expect(run.items).toHaveLength(4);
		const job = onlyJob(fake());
		const names = run.items.map((item) => item.binary?.data.fileName);
		expect(names).toEqual([
			`${job.id}.png`,
			`${job.id}-2.png`,
			`${job.id}-3.png`,
			`${job.id}-4.png`,
		]);
		for (const [index, item] of run.items.entries()) {
			expect(item.json).toMatchObject({
				generationId: job.id,
				mediaIndex: index + 1,
				mediaCount: 4,
				url: job.mediaUrls[index],
			});
			expect((await run.binary(item)).equals(expectedMediaBytes(job.id, index, 'png'))).toBe(true);
			expect(item.pairedItem).toEqual({ item: 0 });
		}
		expect(fake().chargedJobs()).toBe(1);
	});

	it('outputs a video as binary data (video/mp4, <id>.mp4)', async () => {
		const run = await runMeiGen(
			fake(),
			generate('seedance-2-0', 'waves at night', {
				additionalFields: { duration: 5, tier: 'fast' },
				options: quickPoll(),
			}),
		);

		expect(run.items).toHaveLength(1);
		const job = onlyJob(fake());
		const [item] = run.items;
		expect(item.json).toMatchObject({
			mediaType: 'video',
			url: job.mediaUrls[0],
			videoUrl: job.mediaUrls[0],
		});
		expect(item.binary?.data).toMatchObject({ mimeType: 'video/mp4', fileName: `${job.id}.mp4` });
		expect((await run.binary(item)).equals(expectedMediaBytes(job.id, 0, 'mp4'))).toBe(true);
		expect(submits(fake())[0].body).toMatchObject({ duration: 5, tier: 'fast' });
	});

	it("sends an earlier node's image inline as a reference image", async () => {
		const run = await runMeiGen(
			fake(),
			generate('nanobanana-2', 'make it winter', {
				additionalFields: {
					referenceImageBinaryProperties: 'photo',
					referenceImageUrls: ['https://example.com/a.png'],
				},
				options: quickPoll({ download: false }),
			}),
			{
				items: [
					{
						json: {},
						binary: { photo: { data: PNG_PIXEL, mimeType: 'image/png', fileName: 'pixel.png' } },
					},
				],
			},
		);

		expect(run.status).toBe('success');
		const job = onlyJob(fake());
		expect(job.referenceImages).toHaveLength(2);
		expect(job.referenceImages[0]).toEqual({ kind: 'url', url: 'https://example.com/a.png' });
		const inline = job.referenceImages[1];
		expect(inline.kind === 'data' && inline.mime).toBe('image/png');
		expect(inline.kind === 'data' && inline.bytes.equals(Buffer.from(PNG_PIXEL, 'base64'))).toBe(
			true,
		);
	});

	it('without waiting, outputs the submitted job at once and polls nothing', async () => {
		const run = await runMeiGen(
			fake(),
			generate('nanobanana-2', 'a quick one', {
				waitForCompletion: false,
				additionalFields: { aspectRatio: '1:1' },
			}),
		);

		expect(run.items).toHaveLength(1);
		const job = onlyJob(fake());
		expect(run.items[0].json).toMatchObject({
			generationId: job.id,
			status: 'processing',
			creditsUsed: job.creditsUsed,
			modelId: 'nanobanana-2',
			aspectRatio: '1:1',
		});
		expect(run.items[0].json.credits).toBeUndefined();
		expect(run.items[0].binary).toBeUndefined();
		expect(fake().requestsTo('GET', '/generate/v2/status')).toHaveLength(0);
	});

	it('with Download off, outputs the media URLs without fetching them', async () => {
		const run = await runMeiGen(
			fake(),
			generate('midjourney-v8.1', 'urls only', { options: quickPoll({ download: false }) }),
		);
		const job = onlyJob(fake());
		expect(run.items.map((item) => item.json.url)).toEqual(job.mediaUrls);
		expect(run.items.every((item) => item.binary === undefined)).toBe(true);
		expect(fake().cdnRequests).toHaveLength(0);
	});

	it('puts the file under Put Output in Field', async () => {
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'a field', {
				options: quickPoll({ binaryPropertyOutput: 'picture' }),
			}),
		);
		expect(Object.keys(run.items[0].binary ?? {})).toEqual(['picture']);
	});

	it("a failed job fails the item with the API's reason, the generation ID, the failure code and the refund", async () => {
		const run = await runMeiGen(
			fake(),
			generate('nanobanana-2', 'something [fail]', { options: quickPoll() }),
		);

		expect(run.status).toBe('error');
		const job = onlyJob(fake());
		const error = run.nodeError('MeiGen');
		expect(error?.message).toContain(FAILED_JOB_ERROR);
		expect(error?.description).toContain(job.id);
		expect(error?.description).toContain('content_policy_violation');
		expect(error?.description).toContain('refunded');
	});

	it('with Continue On Fail, a failed job becomes an error item and the other items go on', async () => {
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', '={{ $json.prompt }}', { options: quickPoll({ download: false }) }),
			{
				items: [
					{ json: { prompt: 'first' } },
					{ json: { prompt: 'second [fail]' } },
					{ json: { prompt: 'third' } },
				],
				node: { onError: 'continueRegularOutput' },
			},
		);

		expect(run.status).toBe('success');
		expect(run.items).toHaveLength(3);
		expect(run.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		const failed = [...fake().jobs.values()].find((job) => job.prompt.includes('[fail]'));
		expect(run.items[1].json).toMatchObject({
			generationId: failed?.id,
			status: 'failed',
			failureCode: 'content_policy_violation',
		});
		expect(String(run.items[1].json.error)).toContain(FAILED_JOB_ERROR);
		expect(run.items[0].json.status).toBe('completed');
		expect(run.items[2].json.status).toBe('completed');
	});

	it('on timeout with onTimeout=error, fails naming the generation ID and how to resume', async () => {
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'slow [never]', { options: quickPoll({ waitTimeout: 2 }) }),
		);

		expect(run.status).toBe('error');
		const job = onlyJob(fake());
		const error = run.nodeError('MeiGen');
		expect(error?.message).toContain('did not finish');
		expect(error?.description).toContain(job.id);
		expect(error?.description).toContain('Get Status');
		const polls = fake().requestsTo('GET', '/generate/v2/status');
		expect(polls.length).toBeGreaterThanOrEqual(1);
		expect(polls.length).toBeLessThanOrEqual(3);
	});

	it('on timeout with onTimeout=returnPending, outputs the job as processing', async () => {
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'slow [never]', {
				options: quickPoll({ waitTimeout: 2, onTimeout: 'returnPending' }),
			}),
		);

		expect(run.status).toBe('success');
		const job = onlyJob(fake());
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toMatchObject({ generationId: job.id, status: 'processing' });
		expect(run.items[0].json.requestId).toBe(job.idempotencyKey);
	});

	it('stops at once when the execution is stopped mid-wait, with no request after the stop', async () => {
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'forever [never]', { options: quickPoll() }),
			{ stopAfterMs: 2500 },
		);

		expectStoppedCleanly(fake(), run);
		expect(fake().requestsTo('GET', '/generate/v2/status').length).toBeGreaterThanOrEqual(1);
	});

	it('ends the wait before the workflow execution timeout cuts it off', async () => {
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'forever [never]', {
				options: quickPoll({ onTimeout: 'returnPending' }),
			}),
			{
				settings: { executionTimeout: 4 },
			},
		);

		// The node answered before n8n had to cancel: the pending job is in the output.
		expect(run.stopReason).toBeUndefined();
		expect(run.status).toBe('success');
		expect(run.items[0].json).toMatchObject({
			status: 'processing',
			generationId: onlyJob(fake()).id,
		});
	});

	it('never puts the API key in output or errors', async () => {
		const ok = await runMeiGen(fake(), generate('flux2-klein', 'fine', { options: quickPoll() }));
		const failed = await runMeiGen(
			fake(),
			generate('flux2-klein', 'bad [fail]', { options: quickPoll() }),
		);
		const rejected = await runMeiGen(fake(), generate('flux2-klein', 'nope'), {
			apiKey: 'meigen_sk_wrongwrongwrongwrongwrongwrong12',
		});
		for (const run of [ok, failed, rejected]) expect(everything(run)).not.toContain(TEST_API_KEY);
		expect(everything(rejected)).not.toContain('meigen_sk_wrongwrongwrongwrongwrongwrong12');
	});
});
