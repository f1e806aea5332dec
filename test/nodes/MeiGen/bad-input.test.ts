import type { INodeParameters } from 'n8n-workflow';

import type { TestItem } from '../../harness';
import {
	everything,
	generate,
	getStatus,
	PNG_PIXEL,
	runMeiGen,
	submits,
	TEST_API_KEY,
	useFakeMeiGen,
} from './setup';

interface BadCase {
	name: string;
	model?: string;
	prompt?: string;
	fields?: INodeParameters;
	items?: TestItem[];
	message: RegExp;
	/** Text the description must hold, e.g. the values the model supports */
	hint?: RegExp;
}

const cases: BadCase[] = [
	{ name: 'a prompt of only spaces', prompt: '   \n ', message: /Prompt is empty/ },
	{
		name: 'a prompt expression that resolves to empty text',
		prompt: '={{ $json.text }}',
		items: [{ json: { text: '' } }],
		message: /Prompt is empty/,
		hint: /expression/,
	},
	{
		name: 'a prompt expression that resolves to nothing',
		prompt: '={{ $json.missing }}',
		items: [{ json: {} }],
		message: /Prompt is empty/,
	},
	{
		name: 'an unknown model',
		model: 'no-such-model',
		message: /Unknown model "no-such-model"/,
		hint: /Model → Get Many/,
	},
	{ name: 'an inactive model', model: 'gpt-image-1', message: /Unknown model "gpt-image-1"/ },
	{
		name: 'an aspect ratio the model does not support',
		fields: { aspectRatio: '21:9' },
		message: /Aspect Ratio "21:9"/,
		hint: /1:1, 16:9, 9:16, 4:3, 3:4/,
	},
	{
		name: 'a resolution the model does not support',
		fields: { resolution: '8K' },
		message: /Resolution "8K"/,
		hint: /1K, 2K, 4K/,
	},
	{
		name: 'a video duration the model does not support',
		model: 'seedance-2-0',
		fields: { duration: 7 },
		message: /Duration 7/,
		hint: /5, 10, 15/,
	},
	{
		name: 'a tier the model does not support',
		model: 'seedance-2-0',
		fields: { duration: 5, tier: 'ultra' },
		message: /Tier "ultra"/,
		hint: /mini, fast, pro/,
	},
	{
		name: 'a quality the model does not support',
		model: 'gpt-image-2.5',
		fields: { quality: 'ultra' },
		message: /Quality "ultra"/,
		hint: /low, medium/,
	},
	{
		name: 'a model variant the model does not support, named as the panel shows it',
		model: 'gpt-image-2.5',
		fields: { modelVariant: 'nova' },
		message: /GPT Image 2\.5 does not support Model Variant "nova"/,
		hint: /Change Additional Fields → Model Variant Name or ID to one of: sunburst, flare\./,
	},
	{
		name: 'more reference images than the model takes',
		model: 'agnes-image-2.1-flash',
		fields: { referenceImageUrls: ['https://example.com/1.png', 'https://example.com/2.png'] },
		message: /at most 1 reference image/,
	},
	{
		name: 'a file:// reference URL',
		fields: { referenceImageUrls: ['file:///x.png'] },
		message: /not an http\(s\) URL: file:\/\/\/x\.png/,
		hint: /Binary Fields/,
	},
	{
		name: 'an ftp:// reference URL',
		fields: { referenceImageUrls: ['ftp://example.com/x.png'] },
		message: /not an http\(s\) URL/,
	},
	{
		name: 'a javascript: reference URL',
		fields: { referenceImageUrls: ['javascript:alert(1)'] },
		message: /not an http\(s\) URL/,
	},
	{
		name: 'a reference URL that is no URL at all',
		fields: { referenceImageUrls: ['just words'] },
		message: /not an http\(s\) URL/,
	},
	{
		name: 'a reference binary field when the item has no binary data',
		fields: { referenceImageBinaryProperties: 'photo' },
		message: /no binary field "photo"/,
		hint: /no binary data at all/,
	},
	{
		name: 'a reference binary field the item does not have',
		fields: { referenceImageBinaryProperties: 'photo' },
		items: [
			{
				json: {},
				binary: { picture: { data: PNG_PIXEL, mimeType: 'image/png', fileName: 'p.png' } },
			},
		],
		message: /no binary field "photo"/,
		hint: /picture/,
	},
	{
		name: 'a reference binary field that is not an image',
		fields: { referenceImageBinaryProperties: 'doc' },
		items: [
			{
				json: {},
				binary: {
					doc: {
						data: Buffer.from('hello').toString('base64'),
						mimeType: 'text/plain',
						fileName: 'a.txt',
					},
				},
			},
		],
		message: /not an image/,
	},
	{
		name: 'an Extra Body that is a JSON array',
		fields: { extraBody: '[1,2]' },
		message: /Extra Body must be a JSON object/,
	},
	{
		name: 'an Extra Body that is a JSON string',
		fields: { extraBody: '"x"' },
		message: /Extra Body must be a JSON object/,
	},
	{
		name: 'an Extra Body that is a JSON number',
		fields: { extraBody: '42' },
		message: /Extra Body must be a JSON object/,
	},
	{
		name: 'an Extra Body that is null',
		fields: { extraBody: 'null' },
		message: /Extra Body must be a JSON object/,
	},
	{
		name: 'an Extra Body that is not JSON',
		fields: { extraBody: '{nope' },
		message: /Extra Body is not valid JSON/,
	},
	{
		name: 'an Extra Body that sets an aspect ratio the model does not support',
		fields: { extraBody: '{"aspectRatio": "21:9"}' },
		message: /Aspect Ratio "21:9"/,
	},
];

describe('Bad input: a clear item error, and nothing sent or charged', () => {
	const fake = useFakeMeiGen();

	it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		const run = await runMeiGen(
			fake(),
			generate(c.model ?? 'nanobanana-2', c.prompt ?? 'a lighthouse', {
				waitForCompletion: false,
				additionalFields: c.fields ?? {},
			}),
			c.items ? { items: c.items } : {},
		);

		expect(run.status).toBe('error');
		const error = run.nodeError('MeiGen');
		expect(error?.message).toMatch(c.message);
		if (c.hint) expect(error?.description).toMatch(c.hint);
		expect(error?.description).toMatch(/Nothing was submitted or charged/);
		expect(submits(fake())).toHaveLength(0);
		expect(fake().chargedJobs()).toBe(0);
	});

	it.each([
		['Prompt', generate('nanobanana-2', '')],
		['Model', generate('', 'a lighthouse')],
	])(
		'an empty %s: n8n refuses to start the workflow, and nothing is sent',
		async (field, parameters) => {
			// n8n 2.x names the field; 1.x only says the workflow has issues.
			await expect(runMeiGen(fake(), parameters)).rejects.toThrow(
				new RegExp(`"${field}" is required|workflow has issues`),
			);
			expect(submits(fake())).toHaveLength(0);
		},
	);

	it('with Continue On Fail, bad items become error items and the good one is generated', async () => {
		const run = await runMeiGen(
			fake(),
			generate('nanobanana-2', '={{ $json.prompt }}', {
				waitForCompletion: false,
				additionalFields: { aspectRatio: '={{ $json.ratio }}' },
			}),
			{
				items: [
					{ json: { prompt: '', ratio: '1:1' } },
					{ json: { prompt: 'fine', ratio: '16:9' } },
					{ json: { prompt: 'odd', ratio: '7:5' } },
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
		expect(String(run.items[0].json.error)).toMatch(/Prompt is empty/);
		expect(run.items[1].json).toMatchObject({ status: 'processing', aspectRatio: '16:9' });
		expect(String(run.items[2].json.error)).toMatch(/Aspect Ratio "7:5"/);
		expect(submits(fake())).toHaveLength(1);
		expect(fake().chargedJobs()).toBe(1);
	});

	it('without Continue On Fail, a bad first item stops the node before anything is submitted', async () => {
		const run = await runMeiGen(
			fake(),
			generate('nanobanana-2', '={{ $json.prompt }}', {
				waitForCompletion: false,
				options: { concurrency: 1 },
			}),
			{
				items: [{ json: { prompt: '' } }, { json: { prompt: 'fine' } }],
			},
		);

		expect(run.status).toBe('error');
		expect(submits(fake())).toHaveLength(0);
	});
});

describe("When the model list is unavailable, the API's own answer is shown", () => {
	const fake = useFakeMeiGen();

	beforeEach(() => fake().inject({ route: 'models', kind: 'status', status: 500, times: 5 }));

	it("an unsupported aspect ratio (MeiGen sends no code for it): the field, the API's text, and the supported ratios", async () => {
		const run = await runMeiGen(
			fake(),
			generate('nanobanana-2', 'a lighthouse', {
				waitForCompletion: false,
				additionalFields: { aspectRatio: '21:9' },
			}),
		);

		expect(run.status).toBe('error');
		const error = run.nodeError('MeiGen');
		expect(error?.message).toContain('Aspect ratio 21:9 is not supported');
		expect(error?.description).toContain('Aspect Ratio');
		expect(error?.description).toContain('Supported aspect ratios: 1:1, 16:9, 9:16, 4:3, 3:4');
		expect(submits(fake())).toHaveLength(1);
		expect(fake().chargedJobs()).toBe(0);
	});

	it("an unknown model: the API's invalid_model and where to find the models", async () => {
		const run = await runMeiGen(
			fake(),
			generate('no-such-model', 'a lighthouse', { waitForCompletion: false }),
		);

		const error = run.nodeError('MeiGen');
		expect(error?.message).toContain('invalid_model');
		expect(error?.description).toMatch(/Model → Get Many/);
		expect(submits(fake())).toHaveLength(1);
	});

	it('an unsupported duration names the field and what was received', async () => {
		const run = await runMeiGen(
			fake(),
			generate('seedance-2-0', 'waves', {
				waitForCompletion: false,
				additionalFields: { duration: 7 },
			}),
		);

		const error = run.nodeError('MeiGen');
		expect(error?.message).toContain('unsupported_duration');
		expect(error?.description).toContain('Duration');
		expect(error?.description).toContain('7');
	});

	it('a file:// reference URL is still refused before anything is sent', async () => {
		const run = await runMeiGen(
			fake(),
			generate('nanobanana-2', 'a lighthouse', {
				additionalFields: { referenceImageUrls: ['file:///x.png'] },
			}),
		);

		expect(run.nodeError('MeiGen')?.message).toMatch(/not an http\(s\) URL/);
		expect(submits(fake())).toHaveLength(0);
	});
});

describe('Each API error through the node says how to get unstuck', () => {
	const fake = useFakeMeiGen();

	it('401: the key was refused; open the credential', async () => {
		const wrongKey = 'meigen_sk_wrongwrongwrongwrongwrongwrong12';
		const run = await runMeiGen(
			fake(),
			generate('nanobanana-2', 'a lighthouse', { waitForCompletion: false }),
			{ apiKey: wrongKey },
		);

		const error = run.nodeError('MeiGen');
		expect(error?.message).toMatch(/refused the API key/);
		expect(error?.description).toMatch(/credential/);
		expect(submits(fake())).toHaveLength(1);
		expect(everything(run)).not.toContain(wrongKey);
	});

	it('402: credits ran out, with what is needed and what is available', async () => {
		fake().credits.purchased = 0;
		const run = await runMeiGen(
			fake(),
			generate('nanobanana-2', 'a lighthouse', { waitForCompletion: false }),
		);

		const error = run.nodeError('MeiGen');
		expect(error?.message).toMatch(/Not enough purchased MeiGen credits/);
		expect(error?.message).toContain('insufficient_credits');
		expect(error?.description).toContain('needs 5 credits');
		expect(error?.description).toContain('has 0');
		expect(error?.description).toMatch(/Buy credits|cheaper/);
		expect(submits(fake())).toHaveLength(1);
		expect(fake().chargedJobs()).toBe(0);
	});

	it('403: the model is not available; pick another', async () => {
		const run = await runMeiGen(
			fake(),
			generate('restricted-model', 'a lighthouse', { waitForCompletion: false }),
		);

		const error = run.nodeError('MeiGen');
		expect(error?.message).toMatch(/not available/);
		expect(error?.description).toMatch(/another model/);
		expect(submits(fake())).toHaveLength(1);
	});

	it('404: what was not found, and to check the ID', async () => {
		const run = await runMeiGen(fake(), getStatus({ generationId: 'gen-missing' }));

		const error = run.nodeError('MeiGen');
		expect(error?.message).toBe('No MeiGen generation with ID gen-missing');
		expect(error?.description).toMatch(/Check the ID/);
	});

	it('with Continue On Fail, each failed item is { error, requestId, … } and the other items go on', async () => {
		fake().credits.purchased = 5;
		const run = await runMeiGen(
			fake(),
			generate('={{ $json.model }}', '={{ $json.prompt }}', {
				waitForCompletion: false,
				options: { concurrency: 1 },
			}),
			{
				items: [
					{ json: { model: 'nanobanana-2', prompt: 'paid for' } },
					{ json: { model: 'restricted-model', prompt: 'not here' } },
					{ json: { model: 'nanobanana-2', prompt: 'no credits left' } },
				],
				node: { onError: 'continueRegularOutput' },
			},
		);

		expect(run.status).toBe('success');
		expect(run.items).toHaveLength(3);
		const [paid, restricted, broke] = run.items.map((item) => item.json);
		const keys = submits(fake()).map(
			(request) => (request.body as { idempotencyKey: string }).idempotencyKey,
		);
		expect(paid).toMatchObject({ status: 'processing', requestId: keys[0] });
		expect(restricted).toMatchObject({ requestId: keys[1] });
		expect(String(restricted.error)).toMatch(/not available/);
		expect(broke).toMatchObject({ requestId: keys[2] });
		expect(String(broke.error)).toMatch(/Not enough purchased MeiGen credits/);
		expect(String(broke.errorDescription)).toContain('has 0');
		expect(fake().chargedJobs()).toBe(1);
		expect(everything(run)).not.toContain(TEST_API_KEY);
	});
});
