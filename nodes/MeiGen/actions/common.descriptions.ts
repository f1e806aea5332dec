import type { INodeProperties } from 'n8n-workflow';

import type { HintedProperty } from './builderHint';

/** Fields several operations share as they are. Collections are written out in each operation. */

export const modelLocator: HintedProperty = {
	displayName: 'Model',
	name: 'modelId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The MeiGen model that generates the image or video',
	builderHint: {
		propertyHint:
			"Set mode 'id' and a MeiGen model ID, e.g. nanobanana-2 for an image or seedance-2-0 for a video: the model decides whether the job makes an image or a video. Model → Get Many lists every model's ID, media type, options and price.",
	},
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a model...',
			typeOptions: {
				searchListMethod: 'searchModels',
				searchable: true,
			},
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. nanobanana-2',
		},
	],
};

/** Return All and Limit, as every Get Many has them (n8n's standard fields and wording). */
export const returnAllFields: INodeProperties[] = [
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
];

export const estimateOnly: INodeProperties = {
	displayName: 'Estimate Only',
	name: 'estimateOnly',
	type: 'boolean',
	default: false,
	description:
		"Whether to only work out what this would cost, from MeiGen's live prices, without submitting or uploading anything",
};
