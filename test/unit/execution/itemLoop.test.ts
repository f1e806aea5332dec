import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runItems, type OperationModule } from '../../../nodes/MeiGen/execution/itemLoop';
import { generationKind } from '../../../nodes/MeiGen/generation/kind';
import type { ItemResult, PaidJob } from '../../../nodes/MeiGen/jobs/job';
import type { JobRef } from '../../../nodes/MeiGen/jobs/jobRef';
import { skillKind } from '../../../nodes/MeiGen/skills/kind';
import { node } from '../fakeApi';

/**
 * The paid-jobs note: when a batch fails without Continue On Fail, the node's output is lost
 * with the error, so the error names the other items' jobs that were already charged.
 */

/** The n8n functions the item loop calls, and nothing else. */
function fakeExecution(items: number, options: { continueOnFail?: boolean; concurrency?: number }) {
	const context = {
		getInputData: (): INodeExecutionData[] =>
			Array.from({ length: items }, (_, index) => ({ json: { index } })),
		continueOnFail: () => options.continueOnFail === true,
		getNode: () => node,
		getNodeParameter: (name: string, _itemIndex: number, fallback: unknown) =>
			name === 'options' && options.concurrency !== undefined
				? { concurrency: options.concurrency }
				: fallback,
		getWorkflowSettings: () => ({}),
	};
	return context as unknown as IExecuteFunctions;
}

/** The job as paid for, in its kind's words (a Skill run is named by its skill). */
function paid(job: JobRef): PaidJob[] {
	return [{ job, kind: job.skill ? skillKind : generationKind }];
}

/**
 * An item's output: one item per image, each naming its job, and the job it paid for (as
 * generation/skill results give them).
 */
function output(job: JobRef, images = 1): ItemResult {
	const items = Array.from({ length: images }, () => ({ json: { ...job } as IDataObject }));
	return { items, paid: paid(job) };
}

/** An item's failure with its job, as a job session gives it (a job that exists was paid for). */
function failure(message: string, job: JobRef = {}, description = 'What went wrong.'): ItemResult {
	const failed = new NodeApiError(node, {}, { message, description, httpCode: '500' });
	const made = Boolean(job.generationId ?? job.requestId);
	return { failed, job, paid: made ? paid(job) : undefined };
}

/** An operation that gives each item what `steps` says, in order. */
function operation(steps: ItemResult[], concurrent = false): OperationModule {
	return { concurrent, execute: async (_context, itemIndex) => steps[itemIndex] };
}

async function failedWith(context: IExecuteFunctions, module: OperationModule) {
	const error = await runItems(context, module).then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	if (!(error instanceof NodeApiError || error instanceof NodeOperationError)) {
		throw new Error('the batch did not fail with a node error');
	}
	return error;
}

describe('runItems: the paid-jobs note on a failing batch', () => {
	it("names the generations other items already paid for, after the failed item's own text", async () => {
		const error = await failedWith(
			fakeExecution(3, {}),
			operation([
				output({ generationId: 'gen-a' }),
				output({ generationId: 'gen-b' }),
				failure('MeiGen had a problem answering (HTTP 500)'),
			]),
		);
		expect(error.message).toBe('MeiGen had a problem answering (HTTP 500)');
		expect(error.description).toBe(
			"What went wrong. Other items' jobs were already submitted and charged: gen-a, gen-b. Fetch them with Generation → Get Status instead of running them again.",
		);
	});

	it("does not list the failed item's own job (its own text already names it)", async () => {
		const error = await failedWith(
			fakeExecution(2, {}),
			operation([
				output({ generationId: 'gen-a' }),
				failure('Timed out', { generationId: 'gen-own' }),
			]),
		);
		expect(error.description).toContain('already submitted and charged: gen-a.');
		expect(error.description).not.toContain('gen-own');
	});

	it('names a job once, however many images it gave', async () => {
		const error = await failedWith(
			fakeExecution(2, {}),
			operation([output({ generationId: 'gen-mj' }, 4), failure('Failed')]),
		);
		expect(error.description).toContain('already submitted and charged: gen-mj. Fetch');
	});

	it('names Skill runs by skill and request ID, and says how to fetch them', async () => {
		const error = await failedWith(
			fakeExecution(3, {}),
			operation([
				output({ skill: 'remove-bg', requestId: 'req-1', generationId: 'g-1' }),
				output({ skill: 'product-detail', requestId: 'req-2', generationId: 'g-2' }, 3),
				failure('Failed', { skill: 'remove-bg', requestId: 'req-own' }),
			]),
		);
		expect(error.description).toBe(
			"What went wrong. Other items' Skill runs were already submitted and charged: Remove Background (Request ID req-1), Create Product Detail Images (Request ID req-2). Fetch them with Skill → Get Status (Skill and Request ID) instead of running them again.",
		);
		// A Skill run's images are not generations to fetch with Generation → Get Status.
		expect(error.description).not.toContain('g-1');
	});

	it("never offers a Skill run's images as generations, even when its run is the failed item's own", async () => {
		// Options → Request ID fixed for every item: item 1 reuses item 0's request ID with other inputs.
		const error = await failedWith(
			fakeExecution(2, {}),
			operation([
				output({ skill: 'white-bg', requestId: 'req-fixed', generationId: 'g-1' }),
				failure('This request ID was already used for a Skill run with other inputs', {
					skill: 'white-bg',
					requestId: 'req-fixed',
				}),
			]),
		);
		expect(error.description).toBe('What went wrong.');
	});

	it('names generations and Skill runs together', async () => {
		const error = await failedWith(
			fakeExecution(3, {}),
			operation([
				output({ generationId: 'gen-a' }),
				output({ skill: 'upscale', requestId: 'req-u' }),
				failure('Failed'),
			]),
		);
		expect(error.description).toContain(
			"Other items' jobs were already submitted and charged: gen-a.",
		);
		expect(error.description).toContain(
			"Other items' Skill runs were already submitted and charged: Upscale (Request ID req-u).",
		);
	});

	it('names the jobs of other items that failed after they were charged, and items still under way finish first', async () => {
		// Concurrent: item 0 fails at once; items 1 and 2 were already started and are paid for.
		let release = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		const module: OperationModule = {
			concurrent: true,
			execute: async (_context, itemIndex) => {
				if (itemIndex === 0) return failure('Prompt is empty', {}, 'Fill in Prompt.');
				await held;
				if (itemIndex === 1) return output({ generationId: 'gen-1' });
				return failure('Timed out', { generationId: 'gen-2', status: 'processing' });
			},
		};
		const pending = failedWith(fakeExecution(3, { concurrency: 3 }), module);
		release();
		const error = await pending;
		expect(error.message).toBe('Prompt is empty');
		expect(error.description).toBe(
			"Fill in Prompt. Other items' jobs were already submitted and charged: gen-1, gen-2. Fetch them with Generation → Get Status instead of running them again.",
		);
	});

	it('starts no new item after the first failure, so nothing more is charged', async () => {
		const started: number[] = [];
		const module: OperationModule = {
			execute: async (_context, itemIndex) => {
				started.push(itemIndex);
				if (itemIndex === 1) return failure('Failed');
				return output({ generationId: `gen-${itemIndex}` });
			},
		};
		const error = await failedWith(fakeExecution(5, {}), module);
		expect(started).toEqual([0, 1]);
		expect(error.description).toContain('already submitted and charged: gen-0.');
		expect(error.description).not.toContain('gen-2');
	});

	it('adds nothing when no other item was charged', async () => {
		const error = await failedWith(
			fakeExecution(2, {}),
			operation([
				failure('Failed', { generationId: 'gen-own' }),
				output({ generationId: 'gen-later' }),
			]),
		);
		expect(error.description).toBe('What went wrong.');
	});

	it('gives a failure with no description of its own just the note', async () => {
		const bare = new NodeOperationError(node, 'Broken', { itemIndex: 1 });
		const error = await failedWith(
			fakeExecution(2, {}),
			operation([output({ generationId: 'gen-a' }), { failed: bare }]),
		);
		expect(error.description).toBe(
			"Other items' jobs were already submitted and charged: gen-a. Fetch them with Generation → Get Status instead of running them again.",
		);
	});
});

describe('runItems: Continue On Fail', () => {
	it('gives every item its output or its error with its job, in input order, and throws nothing', async () => {
		const result = await runItems(
			fakeExecution(3, { continueOnFail: true }),
			operation([
				output({ generationId: 'gen-a' }),
				failure('Timed out', { generationId: 'gen-b', status: 'processing' }),
				output({ generationId: 'gen-c' }),
			]),
		);
		expect(result).toEqual([
			[
				{ json: { generationId: 'gen-a' }, pairedItem: { item: 0 } },
				{
					json: {
						error: 'Timed out',
						errorDescription: 'What went wrong.',
						generationId: 'gen-b',
						status: 'processing',
					},
					pairedItem: { item: 1 },
				},
				{ json: { generationId: 'gen-c' }, pairedItem: { item: 2 } },
			],
		]);
	});
});
