import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { apiRequest } from '../transport';
import type { TokenSummary } from '../types';

/**
 * The Token field's list: the account's API keys by name, with their masked value. Only a session
 * token may list them; with an API key MeiGen refuses, and the editor shows its error in the list.
 */
export async function searchApiKeys(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const answer = await apiRequest<TokenSummary[] | { tokens?: unknown }>(this, 'GET', '/tokens');
	const list = Array.isArray(answer) ? answer : answer?.tokens;
	const needle = filter?.trim().toLowerCase();
	const results = (Array.isArray(list) ? (list as TokenSummary[]) : [])
		.filter((key) => typeof key?.id === 'string')
		.filter(
			(key) =>
				!needle || [key.id, key.name, key.token_value].join(' ').toLowerCase().includes(needle),
		)
		.map((key) => {
			const masked = key.token_value ? ` (${key.token_value})` : '';
			const inactive = key.is_active === false ? ' — revoked' : '';
			return { name: `${key.name ?? key.id}${masked}${inactive}`, value: key.id };
		});
	return { results };
}
