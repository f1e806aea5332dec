import type { IDataObject } from 'n8n-workflow';

import type { TokenUsageResponse } from '../../types';
import { apiRequest, endpoint } from '../../transport';
import { assertSessionToken, readTokenId, tokenError, tokenIdField } from './shared';
import { declareOperation, type OperationExecute } from '../operation';

const execute: OperationExecute = async function (context, itemIndex, run) {
	const tokenId = readTokenId(context, itemIndex);
	await assertSessionToken(context, itemIndex);
	try {
		const usage = await apiRequest<TokenUsageResponse>(
			context,
			'GET',
			endpoint`/tokens/${tokenId}/usage`,
			{ signal: run.signal },
		);
		return [{ json: { id: tokenId, ...(usage as IDataObject) } }];
	} catch (error) {
		throw tokenError(context, error, itemIndex, `No API key with ID ${tokenId}`);
	}
};

export const operation = declareOperation({
	resource: 'token',
	operation: 'getUsage',
	properties: [tokenIdField],
	execute,
	concurrent: false,
	agent: 'never',
});
