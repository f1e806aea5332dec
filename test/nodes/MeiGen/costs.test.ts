import type { INodeParameters } from 'n8n-workflow';

import { generate, quickPoll, runMeiGen, submits, useFakeMeiGen } from './setup';

const prompts = (count: number, mark: (index: number) => string = () => '') =>
	Array.from({ length: count }, (_, index) => ({
		json: { prompt: `prompt ${index}${mark(index)}` },
	}));

/** A flat-priced model of exactly 10 credits in the fake catalogue. */
const TEN_CREDITS = 'gemini-3-pro-image-preview';

const noDownload = (extra: INodeParameters = {}) => quickPoll({ download: false, ...extra });

describe('The quote before every paid job', () => {
	const fake = useFakeMeiGen();

	it.each([
		['flat', 'nanobanana-2', {}],
		['per resolution', 'midjourney-v7', { resolution: '2K' }],
		['image matrix', 'gpt-image-2.5', { resolution: '4K', quality: 'max' }],
		['image matrix, defaults filled in', 'gpt-image-2.5', {}],
		['per second', 'seedance-2-5', { resolution: '720p', duration: 5 }],
		['per second by tier', 'seedance-2-0', { tier: 'fast', resolution: '720p', duration: 5 }],
		['per second, the default tier', 'seedance-2-0', { resolution: '720p', duration: 10 }],
		['per call', 'veo-3.1', { tier: 'pro', duration: 4 }],
		['per call, defaults filled in', 'veo-3.1', {}],
	])('%s (%s): creditsQuoted equals what MeiGen charged', async (_style, model, fields) => {
		const run = await runMeiGen(
			fake(),
			generate(model, 'priced', { additionalFields: fields, options: noDownload() }),
		);
		expect(run.status).toBe('success');
		const [job] = [...fake().jobs.values()];
		const [item] = run.items;
		expect(item.json.creditsQuoted).toBe(job.creditsUsed);
		expect(item.json.creditsUsed).toBe(job.creditsUsed);
		expect(item.json.creditsBalance).toMatchObject({ purchased: fake().credits.purchased });
	});

	it('Estimate Only outputs the quote and how it was worked out, and sends no submit', async () => {
		const run = await runMeiGen(
			fake(),
			generate('gpt-image-2.5', 'just asking', {
				estimateOnly: true,
				additionalFields: { resolution: '4K', quality: 'max' },
			}),
		);
		expect(run.status).toBe('success');
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toMatchObject({
			estimate: true,
			priceKnown: true,
			creditsQuoted: 88,
			pricing: { modelId: 'gpt-image-2.5', style: 'matrix', resolution: '4K', quality: 'max' },
		});
		expect(submits(fake())).toHaveLength(0);
		expect(fake().chargedJobs()).toBe(0);
	});
});

describe('Max Credits: a budget per execution', () => {
	const fake = useFakeMeiGen();

	it('5 items of 10 credits, Max Credits 25, Concurrency 10: exactly 2 charged, 3 refused with the budget message', async () => {
		const before = fake().credits.purchased;
		const run = await runMeiGen(
			fake(),
			generate(TEN_CREDITS, '={{ $json.prompt }}', {
				options: noDownload({ maxCredits: 25, concurrency: 10 }),
			}),
			{ items: prompts(5), node: { onError: 'continueRegularOutput' } },
		);
		expect(run.status).toBe('success');
		const refused = run.items.filter((item) => item.json.error);
		const done = run.items.filter((item) => item.json.status === 'completed');
		expect(done).toHaveLength(2);
		expect(refused).toHaveLength(3);
		for (const item of refused) {
			expect(item.json.error).toBe(
				'Over the credit budget: this item costs 10 credits, 20 of the 25 allowed are already committed',
			);
			expect(item.json.errorDescription).toContain('Nothing was submitted or charged');
		}
		expect(submits(fake())).toHaveLength(2);
		expect(fake().chargedJobs()).toBe(2);
		expect(before - fake().credits.purchased).toBe(20);
	});

	it('without Continue On Fail, the item over budget fails the node and nothing more is charged', async () => {
		const run = await runMeiGen(
			fake(),
			generate(TEN_CREDITS, '={{ $json.prompt }}', {
				options: noDownload({ maxCredits: 15, concurrency: 1 }),
			}),
			{ items: prompts(4) },
		);
		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toContain('Over the credit budget');
		expect(fake().chargedJobs()).toBe(1);
	});

	it('a refunded failure gives its credits back to the budget', async () => {
		const run = await runMeiGen(
			fake(),
			generate(TEN_CREDITS, '={{ $json.prompt }}', {
				options: noDownload({ maxCredits: 10, concurrency: 1 }),
			}),
			{
				items: prompts(2, (index) => (index === 0 ? ' [fail]' : '')),
				node: { onError: 'continueRegularOutput' },
			},
		);
		expect(run.items.map((item) => item.json.status)).toEqual(['failed', 'completed']);
		expect(run.items[0].json.creditsStatus).toBe('refunded');
		expect(submits(fake())).toHaveLength(2);
	});

	it('a price the node cannot work out, with a budget set, submits nothing and says how to go on', async () => {
		// Without the model list there are no price tables to quote from.
		fake().inject({ route: 'models', status: 500, times: 20 });
		const run = await runMeiGen(
			fake(),
			generate('nanobanana-2', 'unknown price', { options: noDownload({ maxCredits: 100 }) }),
		);
		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toBe(
			'The price of this item is unknown, and Max Credits is set',
		);
		expect(run.nodeError('MeiGen')?.description).toContain('remove Options → Max Credits');
		expect(submits(fake())).toHaveLength(0);
	});

	it('an unknown price without a budget: the job runs, and creditsQuoted is absent, never 0', async () => {
		fake().inject({ route: 'models', status: 500, times: 20 });
		const run = await runMeiGen(
			fake(),
			generate('nanobanana-2', 'no budget', { options: noDownload() }),
		);
		expect(run.status).toBe('success');
		expect(run.items[0].json).not.toHaveProperty('creditsQuoted');
		expect(run.items[0].json.creditsUsed).toBe(5);
	});
});

describe('Pay Once per Input: the same input across executions', () => {
	const fake = useFakeMeiGen();

	it('on: a second execution with the same input gets the job already paid for, charged nothing', async () => {
		const params = generate('nanobanana-2', 'the same webhook twice', {
			options: noDownload({ payOncePerInput: true }),
		});
		const first = await runMeiGen(fake(), params);
		const before = fake().credits.purchased;
		const second = await runMeiGen(fake(), params);
		expect(second.status).toBe('success');
		expect(second.items[0].json.generationId).toBe(first.items[0].json.generationId);
		expect(second.items[0].json.deduped).toBe(true);
		expect(fake().chargedJobs()).toBe(1);
		expect(fake().credits.purchased).toBe(before);
	});

	it('off (the default): a second execution is a new job', async () => {
		const params = generate('nanobanana-2', 'a new picture each time', { options: noDownload() });
		const first = await runMeiGen(fake(), params);
		const second = await runMeiGen(fake(), params);
		expect(second.items[0].json.generationId).not.toBe(first.items[0].json.generationId);
		expect(fake().chargedJobs()).toBe(2);
	});
});

describe('Model → Get Many: prices in words', () => {
	const fake = useFakeMeiGen();

	it('each model has a readable price summary beside its raw tables', async () => {
		const run = await runMeiGen(fake(), {
			resource: 'model',
			operation: 'getAll',
			returnAll: true,
			filters: { mediaType: 'video' },
		});
		const byId = Object.fromEntries(run.items.map((item) => [item.json.id, item.json]));
		expect(byId['seedance-2-5'].priceSummary).toBe('480p: 20 · 720p: 39 · 1080p: 78 credits/s');
		expect(byId['veo-3.1'].priceSummary).toContain('fast: 4 s 85');
		expect(byId['seedance-2-5'].extra_config).toBeDefined();
	});
});
