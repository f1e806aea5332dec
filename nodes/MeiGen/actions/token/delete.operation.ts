import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunState } from '../../execution/runState';
import { apiRequest, endpoint } from '../../transport';
import { assertSessionToken, readTokenId, tokenError, tokenIdField } from './shared';

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['delete'] } },
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
		await apiRequest(this, 'DELETE', endpoint`/tokens/${tokenId}`, { signal: run.signal });
		return [{ json: { deleted: true, id: tokenId } }];
	} catch (error) {
		throw tokenError(this, error, itemIndex, `No API key with ID ${tokenId}`);
	}
}
