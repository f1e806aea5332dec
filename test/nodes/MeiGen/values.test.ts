import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	expectNothingSent,
	generate,
	imageItem,
	quickPoll,
	runMeiGen,
	skill,
	submits,
	useFakeMeiGen,
} from './setup';

/**
 * Every value a user gives goes through one reader: from the panel or from an expression, a value
 * of the wrong type or out of the field's bounds fails before anything is uploaded or paid, and
 * the error names the field as the panel shows it.
 */

/** An expression that gives `value` from the incoming item, as a workflow would map it. */
const fromItem = (field: string) => `={{ $json.${field} }}`;

/** A 10-credit model of the fake's catalogue. */
const TEN_CREDITS = 'gemini-3-pro-image-preview';

describe('Options given by expressions', () => {
	const fake = useFakeMeiGen();

	const generateWith = (options: INodeParameters, json: IDataObject) =>
		runMeiGen(
			fake(),
			generate(TEN_CREDITS, 'a lighthouse', {
				options: quickPoll({ download: false, ...options }),
			}),
			{ items: [{ json }] },
		);

	it('Max Credits of "fifty" fails naming the field, and nothing is charged (the budget never turns itself off)', async () => {
		const run = await generateWith({ maxCredits: fromItem('budget') }, { budget: 'fifty' });
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('Options → Max Credits must be a number of 0 or more');
		expect(run.error?.description).toContain('It is "fifty".');
		expect(run.error?.description).toContain('Nothing was submitted or charged for this item.');
		expectNothingSent(fake());
	});

	it('Max Credits of -5 fails the same way', async () => {
		const run = await generateWith({ maxCredits: fromItem('budget') }, { budget: -5 });
		expect(run.error?.message).toBe('Options → Max Credits must be a number of 0 or more');
		expectNothingSent(fake());
	});

	it('Max Credits of "5" as text holds: a 10-credit job is refused before it is sent', async () => {
		const run = await generateWith({ maxCredits: fromItem('budget') }, { budget: '5' });
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe(
			'Over the credit budget: this item costs 10 credits, 0 of the 5 allowed are already committed',
		);
		expect(submits(fake())).toHaveLength(0);
		expect(fake().chargedJobs()).toBe(0);
	});

	it('Max Credits of "10" as text lets the 10-credit job through, and it is charged once', async () => {
		const run = await generateWith({ maxCredits: fromItem('budget') }, { budget: '10' });
		expect(run.status).toBe('success');
		expect(run.items[0].json.creditsUsed).toBe(10);
		expect(fake().chargedJobs()).toBe(1);
	});

	it('a Timeout of "soon" fails naming the field before anything is sent (it used to become 1 s)', async () => {
		const run = await generateWith({ waitTimeout: fromItem('timeout') }, { timeout: 'soon' });
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('Options → Timeout must be a number of 1 or more');
		expectNothingSent(fake());
	});

	it('a Timeout of "120" as text is the number of seconds, and the job is waited for', async () => {
		const run = await generateWith({ waitTimeout: fromItem('timeout') }, { timeout: '120' });
		expect(run.status).toBe('success');
		expect(run.items[0].json.status).toBe('completed');
	});

	it.each([
		['"lots"', 'lots'],
		['0', 0],
		['2.5', 2.5],
		['500', 500],
	])('a Concurrency of %s fails naming the field and its bounds', async (_shown, value) => {
		const run = await generateWith(
			{ concurrency: fromItem('concurrency') },
			{ concurrency: value },
		);
		expect(run.error?.message).toBe('Options → Concurrency must be a whole number from 1 to 50');
		expectNothingSent(fake());
	});

	it('a Poll Interval of "often" fails naming the field', async () => {
		const run = await generateWith({ pollInterval: fromItem('poll') }, { poll: 'often' });
		expect(run.error?.message).toBe('Options → Poll Interval must be a number of 1 or more');
		expectNothingSent(fake());
	});

	it('On Timeout must be one of its choices', async () => {
		const run = await generateWith({ onTimeout: fromItem('then') }, { then: 'shrug' });
		expect(run.error?.message).toBe('Options → On Timeout must be one of error, returnPending');
		expectNothingSent(fake());
	});
});

describe('Fields named as the panel shows them', () => {
	const fake = useFakeMeiGen();

	it('Wait for Completion given "maybe"', async () => {
		const run = await runMeiGen(
			fake(),
			generate('nanobanana-2', 'a lighthouse', { waitForCompletion: fromItem('wait') }),
			{ items: [{ json: { wait: 'maybe' } }] },
		);
		expect(run.error?.message).toBe('Wait for Completion must be true or false');
		expectNothingSent(fake());
	});

	it('a Skill text over MeiGen’s limit, in Additional Fields', async () => {
		const run = await runMeiGen(
			fake(),
			skill('productDetail', {
				modules: ['hero'],
				additionalFields: { productName: 'x'.repeat(201) },
			}),
			{ items: [imageItem()] },
		);
		expect(run.error?.message).toBe(
			'Additional Fields → Product Name is 201 characters long; MeiGen takes at most 200',
		);
		expectNothingSent(fake());
	});

	it('a custom module’s name over the limit names the module', async () => {
		const run = await runMeiGen(
			fake(),
			skill('productDetail', {
				modules: [],
				additionalFields: {
					customModules: {
						module: [
							{ name: 'ok', description: 'fine' },
							{ name: 'n'.repeat(41), description: 'd' },
						],
					},
				},
			}),
			{ items: [imageItem()] },
		);
		expect(run.error?.message).toBe(
			'Custom Module 2 → Name is 41 characters long; MeiGen takes at most 40',
		);
		expectNothingSent(fake());
	});

	it('an empty required ID is named by its label', async () => {
		const run = await runMeiGen(fake(), { resource: 'image', operation: 'get', imageId: '  ' });
		expect(run.error?.message).toBe('Image ID is empty');
		expectNothingSent(fake());
	});
});
