import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { fetchModels, isHidden } from '../../catalog/models';
import { priceSummary } from '../../pricing/priceSummary';
import { toNodeError } from '../../errors/nodeErrors';
import { readEntries, readLimit } from '../../params/read';
import { returnAllFields } from '../common.descriptions';
import { declareOperation, type OperationExecute } from '../operation';

const properties: INodeProperties[] = [
	...returnAllFields,
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

const execute: OperationExecute = async function (context, itemIndex, run) {
	const limit = readLimit(context, itemIndex);
	const filters = readEntries(context, 'filters', itemIndex, {
		includeInactive: 'boolean',
		mediaType: 'choice',
	});
	const { mediaType } = filters;
	const includeInactive = filters.includeInactive === true;
	try {
		const models = (
			await fetchModels(context, { mediaType, includeInactive, signal: run.signal })
		).filter((model) => !isHidden(model));
		return models.slice(0, limit).map((model) => {
			const summary = priceSummary(model);
			return { json: { ...(model as IDataObject), ...(summary ? { priceSummary: summary } : {}) } };
		});
	} catch (error) {
		throw toNodeError(context.getNode(), error, { itemIndex });
	}
};

export const operation = declareOperation({
	resource: 'model',
	operation: 'getAll',
	properties,
	execute,
	concurrent: false,
	agent: 'asIs',
});
