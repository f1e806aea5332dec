import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { TokenUsageResponse } from '../../types';
import type { RunState } from '../../execution/runState';
import { apiRequest, endpoint } from '../../transport';
import { assertSessionToken, readTokenId, tokenError, tokenIdField } from './shared';

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['getUsage'] } },
	[tokenIdField],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
): Promise<INodeExecutionData[]> {
	const tokenId = readTokenId(this, itemIndex);
	await assertSessionToken(this, itemIndex);
	try {
		const usage = await apiRequest<TokenUsageResponse>(
			this,
			'GET',
			endpoint`/tokens/${tokenId}/usage`,
			{ signal: run.signal },
		);
		return [{ json: { id: tokenId, ...(usage as IDataObject) } }];
	} catch (error) {
		throw tokenError(this, error, itemIndex, `No API key with ID ${tokenId}`);
	}
}
