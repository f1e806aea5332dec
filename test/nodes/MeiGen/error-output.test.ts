import { generate, quickPoll, runMeiGen, submits, useFakeMeiGen } from './setup';

/**
 * On Error → Continue (using error output): n8n sends a failed item down the node's error output
 * only when its JSON holds nothing but error and message (and, from n8n 2.x, details). The
 * node's failed items go there with the description as message and the job's IDs under details,
 * and n8n adds the input item's own fields. n8n 1.x has no details: a failed paid job stays on
 * the main output there, with everything it carries.
 */
const line = (globalThis as { N8N_LINE?: string }).N8N_LINE;

describe('On Error → Continue (using error output)', () => {
	const fake = useFakeMeiGen();

	const rows = [
		{ json: { sku: 'MUG-001', prompt: 'a ceramic mug on a table' } },
		{ json: { sku: 'BAD-002', prompt: '   ' } },
		{ json: { sku: 'LAMP-003', prompt: 'a desk lamp [fail]' } },
	];

	const runRows = async (onError: 'continueErrorOutput' | 'continueRegularOutput') =>
		await runMeiGen(
			fake(),
			generate('nanobanana-2', '={{ $json.prompt }}', {
				options: quickPoll({ download: false, concurrency: 1 }),
			}),
			{ items: rows, node: { onError } },
		);

	const failedJobId = () =>
		[...fake().jobs.entries()].find(([, entry]) => entry.prompt.includes('[fail]'))?.[0];

	it('an item that failed before anything was sent goes to the error output with its row', async () => {
		const run = await runRows('continueErrorOutput');
		expect(run.status).toBe('success');
		const [empty] = run.output('MeiGen', 1).map((item) => item.json);
		expect(empty).toEqual({
			sku: 'BAD-002',
			prompt: '   ',
			error: 'Prompt is empty',
			message: expect.stringContaining('Nothing was submitted or charged'),
		});
		expect(run.output('MeiGen', 0)[0].json).toMatchObject({ status: 'completed' });
		expect(submits(fake())).toHaveLength(2);
	});

	it('a failed paid job keeps its IDs: under details on the error output (n8n 2.x), on the main output as it is (1.x)', async () => {
		const run = await runRows('continueErrorOutput');
		const generationId = failedJobId();
		expect(generationId).toBeDefined();
		if (line === '1.x') {
			const main = run.output('MeiGen', 0).map((item) => item.json);
			expect(main.map((json) => json.status)).toEqual(['completed', undefined]);
			expect(main[1]).toMatchObject({
				error: expect.stringMatching(/^MeiGen could not generate this/),
				details: { generationId, status: 'failed' },
			});
			return;
		}
		const failed = run.output('MeiGen', 1).map((item) => item.json);
		expect(failed.map((json) => json.sku)).toEqual(['BAD-002', 'LAMP-003']);
		expect(failed[1]).toMatchObject({
			sku: 'LAMP-003',
			error: expect.stringMatching(/^MeiGen could not generate this/),
			message: expect.stringContaining(`Generation ID: ${generationId}`),
			details: {
				generationId,
				requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
				status: 'failed',
			},
		});
		expect(run.output('MeiGen', 0)).toHaveLength(1);
	});

	it('with Continue (using regular output) failed items keep their flat shape on the one output', async () => {
		const run = await runRows('continueRegularOutput');
		const items = run.output('MeiGen', 0).map((item) => item.json);
		expect(items).toHaveLength(3);
		expect(items[1]).toEqual({
			error: 'Prompt is empty',
			errorDescription: expect.stringContaining('Nothing was submitted or charged'),
		});
		expect(items[2]).toMatchObject({ generationId: failedJobId(), status: 'failed' });
	});
});
