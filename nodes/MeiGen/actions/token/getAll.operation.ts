import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { TokenSummary } from '../../helpers/interfaces';
import type { RunState } from '../../helpers/runState';
import { apiRequest } from '../../transport';
import { assertSessionToken, tokenError } from './shared';

export const description: INodeProperties[] = [];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
): Promise<INodeExecutionData[]> {
	await assertSessionToken(this, itemIndex);
	try {
		const tokens = await apiRequest<TokenSummary[] | { tokens?: TokenSummary[] }>(
			this,
			'GET',
			'/tokens',
			{
				signal: run.signal,
			},
		);
		const list = Array.isArray(tokens) ? tokens : (tokens.tokens ?? []);
		return list.map((token) => ({ json: token as IDataObject }));
	} catch (error) {
		throw tokenError(this, error, itemIndex);
	}
}
