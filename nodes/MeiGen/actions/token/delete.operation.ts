import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { apiRequest, endpoint } from '../../transport';
import { assertSessionToken, tokenError } from './session';

export const tokenIdField: INodeProperties = {
	displayName: 'Token ID',
	name: 'tokenId',
	type: 'string',
	// n8n's verification treats every field named like a token as a secret; the ID is masked too.
	typeOptions: { password: true },
	required: true,
	default: '',
	placeholder: 'e.g. 9c1d2e3f-…',
	description: 'The ID of the API key (Token → Get Many lists them)',
};

export const description = updateDisplayOptions({ show: { resource: ['token'], operation: ['delete'] } }, [tokenIdField]);

export function readTokenId(context: IExecuteFunctions, itemIndex: number): string {
	const tokenId = String(context.getNodeParameter('tokenId', itemIndex, '') ?? '').trim();
	if (!tokenId) {
		throw new NodeOperationError(context.getNode(), 'Token ID is empty', {
			description: 'Enter the ID of the API key; Token → Get Many lists them.',
			itemIndex,
		});
	}
	return tokenId;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const tokenId = readTokenId(this, itemIndex);
	await assertSessionToken(this, itemIndex);
	try {
		await apiRequest(this, 'DELETE', endpoint`/tokens/${tokenId}`);
		return [{ json: { deleted: true, id: tokenId } }];
	} catch (error) {
		throw tokenError(this, error, itemIndex, `No API key with ID ${tokenId}`);
	}
}
