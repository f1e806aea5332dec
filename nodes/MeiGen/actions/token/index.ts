import type { INodeProperties } from 'n8n-workflow';

import { operation as create } from './create.operation';
import { operation as deleteToken } from './delete.operation';
import { operation as getAll } from './getAll.operation';
import { operation as getUsage } from './getUsage.operation';
import type { OperationField } from '../operation';

/** The resource's operations, each declared in its own file. */
export const operations = [create, deleteToken, getAll, getUsage];

export const description: INodeProperties[] = [
	{
		displayName:
			"Needs a session token: an API key cannot manage API keys. These operations use MeiGen's key-management API, which MeiGen no longer documents (keys are managed in account settings), so a change on MeiGen's side may break them.",
		name: 'sessionNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['token'] } },
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['token'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create an API key',
				description: 'Create an API key',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete an API key',
				description: 'Revoke an API key at once',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many API keys',
				description: "List the account's API keys",
			},
			{
				name: 'Get Usage',
				value: 'getUsage',
				action: 'Get the usage of an API key',
				description: 'List the generations made with an API key',
			},
		],
		default: 'getAll',
	} satisfies OperationField<typeof operations>,
	...operations.flatMap((operation) => operation.description),
];
