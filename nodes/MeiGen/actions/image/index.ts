import type { INodeProperties } from 'n8n-workflow';

import { operation as generate } from './generate.operation';
import { operation as get } from './get.operation';
import type { OperationField } from '../operation';

/** The resource's operations, each declared in its own file. */
export const operations = [generate, get];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['image'] } },
		options: [
			{
				name: 'Generate',
				value: 'generate',
				action: 'Generate an image or video',
				description: 'Generate an image or a video from a prompt and optional reference images',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an image',
				description: 'Get an image record from the gallery, with its file',
			},
		],
		default: 'generate',
	} satisfies OperationField<typeof operations>,
	...operations.flatMap((operation) => operation.description),
];
