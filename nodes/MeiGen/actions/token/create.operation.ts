import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { CreatedToken } from '../../types';
import { apiRequest } from '../../transport';
import { assertSessionToken, tokenError } from './shared';
import { readRequiredText } from '../../params/read';
import { declareOperation, type OperationExecute } from '../operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. n8n production',
		description:
			"A name to recognise the key by. The full key is shown only in this node's output: store it.",
	},
];

const execute: OperationExecute = async function (context, itemIndex, run) {
	const name = readRequiredText(context, 'name', itemIndex, 'Enter a name for the new API key.');
	await assertSessionToken(context, itemIndex);
	let created: CreatedToken | undefined;
	try {
		created = await apiRequest<CreatedToken>(context, 'POST', '/tokens', {
			body: { name },
			signal: run.signal,
		});
	} catch (error) {
		throw tokenError(context, error, itemIndex);
	}
	// The key is shown only in context answer: output it whatever its shape, never fail on it.
	return [{ json: created as IDataObject }];
};

export const operation = declareOperation({
	resource: 'token',
	operation: 'create',
	properties,
	execute,
	concurrent: false,
	agent: 'never',
});
