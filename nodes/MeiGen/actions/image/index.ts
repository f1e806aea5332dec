import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../operation';
import * as generate from './generate.operation';
import * as get from './get.operation';

export { generate, get };

export const description: INodeProperties[] = [
	operationField(
		'image',
		[
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
		'generate',
	),
	...generate.description,
	...get.description,
];
