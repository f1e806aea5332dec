import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../operation';
import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	operationField(
		'model',
		[
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many models',
				description: 'List the models with their options and prices',
			},
		],
		'getAll',
	),
	...getAll.description,
];
