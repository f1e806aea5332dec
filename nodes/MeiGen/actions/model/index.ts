import type { INodeProperties } from 'n8n-workflow';

import { operation as getAll } from './getAll.operation';
import type { OperationField } from '../operation';

/** The resource's operations, each declared in its own file. */
export const operations = [getAll];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['model'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many models',
				description: 'List the models with their options and prices',
			},
		],
		default: 'getAll',
	} satisfies OperationField<typeof operations>,
	...operations.flatMap((operation) => operation.description),
];
