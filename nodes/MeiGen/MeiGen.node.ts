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
import { readWaitOptions } from './helpers/options';
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
		const concurrency = operation.concurrent && items.length > 1 ? readWaitOptions(this, 0).concurrency : 1;
		let failed = false;

		const outcomes = await mapWithConcurrency<ItemOutcome>(
			items.length,
			concurrency,
			async (itemIndex) => {
				try {
					const output = await operation.execute.call(this, itemIndex, state);
					return { items: output.map((item) => ({ ...item, pairedItem: { item: itemIndex } })) };
				} catch (error) {
					failed ||= !continueOnFail;
					return {
						error:
							error instanceof NodeApiError || error instanceof NodeOperationError
								? error
								: new NodeOperationError(this.getNode(), error as Error, { itemIndex }),
					};
				}
			},
			// Without Continue On Fail the first error ends the run: nothing new is submitted, but
			// items already under way are finished, since their jobs are paid for.
			() => failed || signal?.aborted === true,
		);

		const returnData: INodeExecutionData[] = [];
		for (const [itemIndex, outcome] of outcomes.entries()) {
			if (!outcome) continue;
			if ('items' in outcome) {
				returnData.push(...outcome.items);
				continue;
			}
			if (!continueOnFail) throw outcome.error;
			const context = outcome.error.context as IDataObject;
			const json: IDataObject = { error: outcome.error.message };
			if (outcome.error.description) json.errorDescription = outcome.error.description;
			for (const field of JOB_FIELDS) if (context[field] !== undefined) json[field] = context[field];
			returnData.push({ json, pairedItem: { item: itemIndex } });
		}
		return [returnData];
	}
}
