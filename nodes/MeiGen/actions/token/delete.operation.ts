import { apiRequest, endpoint } from '../../transport';
import { assertSessionToken, readTokenId, tokenError, tokenIdField } from './shared';
import { forOperation, type OperationExecute } from '../operation';

export const description = forOperation('token', 'delete', [tokenIdField]);

export const execute: OperationExecute = async function (itemIndex, run) {
	const tokenId = readTokenId(this, itemIndex);
	await assertSessionToken(this, itemIndex);
	try {
		await apiRequest(this, 'DELETE', endpoint`/tokens/${tokenId}`, { signal: run.signal });
		return [{ json: { deleted: true, id: tokenId } }];
	} catch (error) {
		throw tokenError(this, error, itemIndex, `No API key with ID ${tokenId}`);
	}
};
