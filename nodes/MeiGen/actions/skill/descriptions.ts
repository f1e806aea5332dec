import type { INodeProperties } from 'n8n-workflow';

import type { HintedProperty } from '../builderHint';
import { estimateOnly } from '../common.descriptions';
import { runOptions } from './options';

/** Fields the Skill runs share: the image input, and Estimate Only, Wait for Completion, Options. */

export const imageInput: INodeProperties[] = [
	{
		displayName: 'Image Source',
		name: 'imageSource',
		type: 'options',
		default: 'binary',
		options: [
			{
				name: 'Binary Field',
				value: 'binary',
				description: 'An image from an earlier node (at most 3 MB; larger images by URL)',
			},
			{ name: 'URL', value: 'url', description: 'A public https:// URL of the image' },
		],
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the image',
		displayOptions: { show: { imageSource: ['binary'] } },
	},
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/product.jpg',
		displayOptions: { show: { imageSource: ['url'] } },
	},
];

const waitForCompletion: HintedProperty = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: true,
	description:
		'Whether to wait for the images and output them. Off: output the request ID at once, to fetch later with Skill → Get Status.',
	displayOptions: { show: { estimateOnly: [false] } },
	builderHint: {
		propertyHint:
			'Leave on: the node waits for the Skill and outputs its images as binary data. Turn off only to fetch the result in a later step: the output then has skill and requestId, to pass to Skill → Get Status.',
	},
};

/** What every Skill run ends its form with: Estimate Only, Wait for Completion, Options. */
export const runFields: HintedProperty[] = [estimateOnly, waitForCompletion, runOptions];
