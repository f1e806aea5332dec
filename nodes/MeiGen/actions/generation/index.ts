import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../operation';
import * as getStatus from './getStatus.operation';

export { getStatus };

export const description: INodeProperties[] = [
	operationField(
		'generation',
		[
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of a generation',
				description: "Get a job's status, optionally wait for it, and output its media",
			},
		],
		'getStatus',
	),
	...getStatus.description,
];
