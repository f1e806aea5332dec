import { apiRequest, endpoint } from '../../transport';
import { assertSessionToken, readTokenId, tokenError, tokenIdField } from './shared';
import { declareOperation, type OperationExecute } from '../operation';

const execute: OperationExecute = async function (context, itemIndex, run) {
	const tokenId = readTokenId(context, itemIndex);
	await assertSessionToken(context, itemIndex);
	try {
		await apiRequest(context, 'DELETE', endpoint`/tokens/${tokenId}`, { signal: run.signal });
		return [{ json: { deleted: true, id: tokenId } }];
	} catch (error) {
		throw tokenError(context, error, itemIndex, `No API key with ID ${tokenId}`);
	}
};

export const operation = declareOperation({
	resource: 'token',
	operation: 'delete',
	properties: [tokenIdField],
	execute,
	concurrent: false,
	agent: 'never',
});
