import type { INodeProperties } from 'n8n-workflow';

import { operation as getStatus } from './getStatus.operation';
import type { OperationField } from '../operation';

/** The resource's operations, each declared in its own file. */
export const operations = [getStatus];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['generation'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of a generation',
				description: "Get a job's status, optionally wait for it, and output its media",
			},
		],
		default: 'getStatus',
	} satisfies OperationField<typeof operations>,
	...operations.flatMap((operation) => operation.description),
];
