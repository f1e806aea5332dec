import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ApiError } from '../../transport/errors';
import { toNodeError } from '../../errors/nodeErrors';
import { getMeiGenCredentials } from '../../transport';
import { readRequiredLocator } from '../../params/read';

/** What the token operations share: the session-token rule, the Token ID field, their errors. */

const SESSION_HINT =
	'MeiGen lets only a logged-in session manage API keys: create a second MeiGen credential whose API Key field holds a session access token (from a browser session on meigen.ai), and select it on this node.';

/**
 * The API key to act on. Not masked: an ID is no secret. A resource locator (pick the key by name,
 * or give its ID) rather than a text field, since n8n's lint and verification scanner take any
 * text field named like a token for a secret; an ID saved as plain text still reads as before.
 */
export const tokenIdField: INodeProperties = {
	displayName: 'Token',
	name: 'tokenId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The API key (Token → Get Many lists them)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select an API key...',
			typeOptions: { searchListMethod: 'searchApiKeys', searchable: true },
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 9c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f',
		},
	],
};

export function readTokenId(context: IExecuteFunctions, itemIndex: number): string {
	return readRequiredLocator(
		context,
		'tokenId',
		itemIndex,
		'Pick the API key from the list, or enter its ID; Token → Get Many lists them.',
	);
}

/** Token management takes a session token; an API key is refused before anything is sent. */
export async function assertSessionToken(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<void> {
	const { apiKey } = await getMeiGenCredentials(context);
	if (apiKey.startsWith('meigen_sk_')) {
		throw new NodeOperationError(
			context.getNode(),
			'Managing API keys needs a session token, not an API key',
			{ description: SESSION_HINT, itemIndex },
		);
	}
}

const UNDOCUMENTED =
	"MeiGen no longer documents its key-management API (/tokens): if it changed on MeiGen's side, manage API keys in your MeiGen account settings instead.";

/**
 * API errors of token operations: a refusal of the credential names the session-token
 * requirement; anything unexpected says the API is no longer documented.
 */
export function tokenError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	notFound?: string,
) {
	if (error instanceof ApiError && (error.statusCode === 401 || error.statusCode === 403)) {
		return new NodeOperationError(
			context.getNode(),
			`MeiGen refused to manage API keys with this credential (${error.statusCode})`,
			{
				description: `${error.body.error ? `MeiGen says: ${error.body.error}. ` : ''}${SESSION_HINT}`,
				itemIndex,
			},
		);
	}
	const nodeError = toNodeError(context.getNode(), error, { itemIndex, notFound });
	const expected = error instanceof ApiError && error.statusCode === 404 && notFound;
	if (!expected) nodeError.description = `${nodeError.description ?? ''} ${UNDOCUMENTED}`.trim();
	return nodeError;
}

/** An answer of a shape the token operations don't know: MeiGen changed the API. */
export function unexpectedTokenAnswer(context: IExecuteFunctions, itemIndex: number) {
	return new NodeOperationError(
		context.getNode(),
		"MeiGen's key-management API answered in a shape this node does not know",
		{ description: UNDOCUMENTED, itemIndex },
	);
}
