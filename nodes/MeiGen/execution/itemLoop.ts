import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from './concurrency';
import { executionNearlyOver } from '../jobs/deadlines';
import { nothingCharged } from '../errors/charges';
import { jobFields, jobOf, type JobRef } from '../errors/jobRef';
import { readConcurrency } from './concurrency';
import { RunState } from './runState';

/** One operation's work on one item: its output items (pairedItem is added by the loop). */
export type ItemOperation = (
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
) => Promise<INodeExecutionData[]>;

export interface OperationModule {
	execute: ItemOperation;
	/** Whether items may run at the same time (Options → Concurrency) */
	concurrent?: boolean;
}

type NodeError = NodeApiError | NodeOperationError;
type ItemOutcome = { items: INodeExecutionData[] } | { error: NodeError };

/**
 * Runs an operation over every input item: several at once where the operation allows it,
 * outputs in input order with pairedItem, and failures as error items (Continue On Fail) or as
 * the node's error.
 */
export async function runItems(
	context: IExecuteFunctions,
	operation: OperationModule,
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const run = new RunState(context);
	const continueOnFail = context.continueOnFail();
	const concurrent = operation.concurrent === true;
	const concurrency = concurrent && items.length > 1 ? readConcurrency(context) : 1;
	let failed = false;
	let outOfTime = false;

	const outcomes = await mapWithConcurrency<ItemOutcome>(
		items.length,
		concurrency,
		async (itemIndex) => {
			try {
				const output = await operation.execute.call(context, itemIndex, run);
				return { items: output.map((item) => ({ ...item, pairedItem: { item: itemIndex } })) };
			} catch (error) {
				failed ||= !continueOnFail;
				return { error: asNodeError(context, error, itemIndex) };
			}
		},
		// Without Continue On Fail the first error ends the run: nothing new is submitted, but
		// items already under way are finished, since their jobs are paid for. Close to the
		// workflow's execution timeout nothing new starts either: n8n would cut it off unpaid-for.
		() => {
			outOfTime ||= concurrent && executionNearlyOver(context, run.startedAt);
			return failed || outOfTime || run.signal?.aborted === true;
		},
	);

	const results: ItemOutcome[] = outcomes.map(
		(outcome, itemIndex) => outcome ?? { error: notStarted(context, itemIndex) },
	);

	if (!continueOnFail) {
		const first = results.find((outcome) => 'error' in outcome);
		if (first && 'error' in first) throw withPaidJobs(first.error, results);
	}

	const returnData: INodeExecutionData[] = [];
	for (const [itemIndex, outcome] of results.entries()) {
		if ('items' in outcome) {
			returnData.push(...outcome.items);
			continue;
		}
		const json: IDataObject = { error: outcome.error.message };
		if (outcome.error.description) json.errorDescription = outcome.error.description;
		// Get Status without waiting: a failed job is over too, so a park-and-check loop ends.
		if (outcome.error.context.done === true) json.done = true;
		returnData.push({
			json: { ...json, ...jobFields(jobOf(outcome.error)) },
			pairedItem: { item: itemIndex },
		});
	}
	return [returnData];
}

function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	return error instanceof NodeApiError || error instanceof NodeOperationError
		? error
		: new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

function notStarted(context: IExecuteFunctions, itemIndex: number): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		"Not started: the workflow's execution timeout was too close",
		{
			description: `${nothingCharged('notSubmitted')} Raise the workflow's timeout (Workflow Settings), or send fewer items per execution.`,
			itemIndex,
		},
	);
}

/**
 * The error that fails the node names the other items' jobs that were already submitted (and
 * charged): the node's output is lost with the error, and a rerun would pay for them again.
 */
function withPaidJobs(error: NodeError, results: ItemOutcome[]): NodeError {
	const own = jobOf(error);
	const generations = new Set<string>();
	const skills = new Set<string>();
	for (const outcome of results) {
		const jobs =
			'items' in outcome
				? outcome.items.map((item) => item.json as JobRef)
				: [jobOf(outcome.error)];
		for (const job of jobs) {
			if (job.skill && job.requestId && job.requestId !== own.requestId) {
				skills.add(`${job.skill} request ${job.requestId}`);
			} else if (!job.skill && job.generationId && job.generationId !== own.generationId) {
				generations.add(job.generationId);
			}
		}
	}
	const paid: string[] = [];
	if (generations.size) {
		paid.push(
			`Other items' jobs were already submitted and charged: ${[...generations].join(', ')}. Fetch them with Generation → Get Status instead of running them again.`,
		);
	}
	if (skills.size) {
		paid.push(
			`Other items' Skill runs were already submitted and charged: ${[...skills].join(', ')}. Fetch them with Skill → Get Status (skill and request ID) instead of running them again.`,
		);
	}
	if (paid.length) error.description = `${error.description ?? ''} ${paid.join(' ')}`.trim();
	return error;
}
