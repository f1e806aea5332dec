import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { TokenSummary } from '../../types';
import { apiRequest } from '../../transport';
import { assertSessionToken, tokenError, unexpectedTokenAnswer } from './shared';
import { readLimit } from '../../params/read';
import { returnAllFields } from '../common.descriptions';
import { declareOperation, type OperationExecute } from '../operation';

const properties: INodeProperties[] = [...returnAllFields];

const execute: OperationExecute = async function (context, itemIndex, run) {
	const limit = readLimit(context, itemIndex);
	await assertSessionToken(context, itemIndex);
	let tokens: TokenSummary[] | { tokens?: unknown } | undefined;
	try {
		tokens = await apiRequest<TokenSummary[] | { tokens?: unknown }>(context, 'GET', '/tokens', {
			signal: run.signal,
		});
	} catch (error) {
		throw tokenError(context, error, itemIndex);
	}
	const list = Array.isArray(tokens) ? tokens : tokens?.tokens;
	if (!Array.isArray(list)) throw unexpectedTokenAnswer(context, itemIndex);
	return (list as TokenSummary[]).slice(0, limit).map((token) => ({ json: token as IDataObject }));
};

export const operation = declareOperation({
	resource: 'token',
	operation: 'getAll',
	properties,
	execute,
	concurrent: false,
	agent: 'never',
});
