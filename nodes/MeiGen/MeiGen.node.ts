import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { route } from './actions/router';
import { RunState } from './actions/shared';
import * as generation from './actions/generation';
import * as image from './actions/image';
import * as model from './actions/model';
import * as token from './actions/token';
import { mapWithConcurrency } from './helpers/concurrency';
import { executionNearlyOver, readConcurrency } from './helpers/options';
import { cancelSignal } from './transport';
import { searchModels } from './methods/listSearch';

type ItemOutcome = { items: INodeExecutionData[] } | { error: NodeApiError | NodeOperationError };

/** The job fields an error carries, so a failed item still says which job it was. */
const JOB_FIELDS = ['generationId', 'requestId', 'status', 'failureCode', 'creditsStatus', 'modelId'];

export class MeiGen implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MeiGen',
		name: 'meiGen',
		icon: { light: 'file:meigen.svg', dark: 'file:meigen.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Generate images and videos with MeiGen, wait for them and get the files',
		defaults: {
			name: 'MeiGen',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'meiGenApi',
				required: true,
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Generation', value: 'generation' },
					{ name: 'Image', value: 'image' },
					{ name: 'Model', value: 'model' },
					{ name: 'Token', value: 'token' },
				],
				default: 'image',
			},
			...image.description,
			...generation.description,
			...model.description,
			...token.description,
		],
	};

	methods = {
		listSearch: { searchModels },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = route(this);
		const state = new RunState(this);
		const signal = cancelSignal(this);
		const continueOnFail = this.continueOnFail();
		const concurrency = operation.concurrent && items.length > 1 ? readConcurrency(this) : 1;
		let failed = false;
		let outOfTime = false;

		const outcomes = await mapWithConcurrency<ItemOutcome>(
			items.length,
			concurrency,
			async (itemIndex) => {
				try {
					const output = await operation.execute.call(this, itemIndex, state);
					return { items: output.map((item) => ({ ...item, pairedItem: { item: itemIndex } })) };
				} catch (error) {
					failed ||= !continueOnFail;
					return { error: asNodeError(this, error, itemIndex) };
				}
			},
			// Without Continue On Fail the first error ends the run: nothing new is submitted, but
			// items already under way are finished, since their jobs are paid for. Close to the
			// workflow's execution timeout nothing new starts either: n8n would cut it off unpaid-for.
			() => {
				outOfTime ||= operation.concurrent === true && executionNearlyOver(this, state.startedAt);
				return failed || outOfTime || signal?.aborted === true;
			},
		);

		const results: ItemOutcome[] = outcomes.map(
			(outcome, itemIndex) =>
				outcome ?? {
					error: new NodeOperationError(this.getNode(), 'Not started: the workflow\'s execution timeout was too close', {
						description:
							'This item was not submitted and nothing was charged for it. Raise the workflow\'s timeout (Workflow Settings), or send fewer items per execution.',
						itemIndex,
					}),
				},
		);

		if (!continueOnFail) {
			const first = results.find((outcome): outcome is { error: NodeApiError | NodeOperationError } => 'error' in outcome);
			if (first) throw withPaidJobs(first.error, results);
		}

		const returnData: INodeExecutionData[] = [];
		for (const [itemIndex, outcome] of results.entries()) {
			if ('items' in outcome) {
				returnData.push(...outcome.items);
				continue;
			}
			const context = outcome.error.context as IDataObject;
			const json: IDataObject = { error: outcome.error.message };
			if (outcome.error.description) json.errorDescription = outcome.error.description;
			for (const field of JOB_FIELDS) if (context[field] !== undefined) json[field] = context[field];
			returnData.push({ json, pairedItem: { item: itemIndex } });
		}
		return [returnData];
	}
}

function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	return error instanceof NodeApiError || error instanceof NodeOperationError
		? error
		: new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/**
 * The error that fails the node names the other items' jobs that were already submitted (and
 * charged): the node's output is lost with the error, and a rerun would pay for them again.
 */
function withPaidJobs(error: NodeApiError | NodeOperationError, results: ItemOutcome[]) {
	const own = (error.context as IDataObject).generationId;
	const ids = new Set<string>();
	for (const outcome of results) {
		const jobs = 'items' in outcome ? outcome.items.map((item) => item.json) : [outcome.error.context as IDataObject];
		for (const job of jobs) if (typeof job.generationId === 'string' && job.generationId !== own) ids.add(job.generationId);
	}
	if (ids.size) {
		error.description = `${error.description ?? ''} Other items' jobs were already submitted and charged: ${[...ids].join(', ')}. Fetch them with Generation → Get Status instead of running them again.`.trim();
	}
	return error;
}
