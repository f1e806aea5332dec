import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fetchModels, isHidden } from '../../catalog/models';
import { priceSummary } from '../../pricing/priceSummary';
import { toNodeError } from '../../errors/nodeErrors';
import type { RunState } from '../../execution/runState';
import { readBoolean, readCollection, readNumber } from '../../params/read';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Include Inactive',
				name: 'includeInactive',
				type: 'boolean',
				default: false,
				description: 'Whether to include models that are switched off at the moment',
			},
			{
				displayName: 'Media Type',
				name: 'mediaType',
				type: 'options',
				default: 'image',
				options: [
					{ name: 'Image', value: 'image' },
					{ name: 'Video', value: 'video' },
				],
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['model'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
): Promise<INodeExecutionData[]> {
	const returnAll = readBoolean(this, 'returnAll', itemIndex, false);
	const limit = readNumber(this, 'limit', itemIndex, 50);
	const filters = readCollection(this, 'filters', itemIndex);
	const mediaType = typeof filters.mediaType === 'string' ? filters.mediaType : undefined;
	const includeInactive = filters.includeInactive === true;
	try {
		const models = (
			await fetchModels(this, { mediaType, includeInactive, signal: run.signal })
		).filter((model) => !isHidden(model));
		return (returnAll ? models : models.slice(0, limit)).map((model) => {
			const summary = priceSummary(model);
			return { json: { ...(model as IDataObject), ...(summary ? { priceSummary: summary } : {}) } };
		});
	} catch (error) {
		throw toNodeError(this.getNode(), error, { itemIndex });
	}
}
