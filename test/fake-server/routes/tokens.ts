/** /tokens: API key management, session token only, at most five active keys. */
import { randomBytes, randomUUID } from 'node:crypto';

import { authenticate, unauthorized } from '../auth';
import { fail, isRecord, type Reply } from '../http';
import type { FakeState, TokenRecord } from '../state';
import type { ApiRequest, ApiRoute } from './route';

const MAX_ACTIVE_TOKENS = 5;

function list(state: FakeState): Reply {
	return {
		status: 200,
		body: state.tokens.map(({ token, ...rest }) => ({
			...rest,
			token_value: `${token.slice(0, 14)}...****`,
		})),
	};
}

function create(state: FakeState, body: unknown): Reply {
	const name = isRecord(body) && typeof body.name === 'string' ? body.name.trim() : '';
	if (!name) return fail(400, 'missing_name', 'Token name is required');
	if (state.tokens.filter((t) => t.is_active).length >= MAX_ACTIVE_TOKENS) {
		return fail(
			400,
			'token_limit_reached',
			`You can have at most ${MAX_ACTIVE_TOKENS} active API keys`,
		);
	}
	const record: TokenRecord = {
		id: randomUUID(),
		token: `meigen_sk_${randomBytes(24).toString('base64url').slice(0, 32)}`,
		name,
		is_active: true,
		last_used_at: null,
		created_at: new Date().toISOString(),
	};
	state.tokens.push(record);
	return {
		status: 200,
		body: { id: record.id, token: record.token, name: record.name, created_at: record.created_at },
	};
}

function usage(state: FakeState, tokenId: string): Reply {
	const generations = [...state.jobs.values()]
		.filter((j) => j.tokenId === tokenId)
		.map((j) => ({
			id: j.id,
			model: j.modelId,
			credits_used: j.creditsUsed,
			status: j.status,
			created_at: new Date(j.createdAt).toISOString(),
		}));
	return { status: 200, body: { generations } };
}

function tokens(state: FakeState, { req, method, params, body }: ApiRequest): Reply {
	const auth = authenticate(state, req);
	if (!auth) return unauthorized();
	if (auth.kind === 'apiKey')
		return fail(403, 'session_required', 'API keys cannot manage tokens. Use a session token.');
	const { id, sub } = params;
	if (!id && method === 'GET') return list(state);
	if (!id && method === 'POST') return create(state, body);
	const record = state.tokens.find((t) => t.id === id);
	if (!record) return fail(404, 'not_found', 'Token not found');
	if (!sub && method === 'DELETE') {
		record.is_active = false;
		return { status: 200, body: { success: true } };
	}
	if (sub === 'usage' && method === 'GET') return usage(state, record.id);
	return fail(405, 'method_not_allowed', 'Method not allowed');
}

/** One route for the family: every method and sub-path answers the session check first, as MeiGen does. */
export const tokenRoutes: ApiRoute[] = [
	{ fault: 'tokens', path: 'tokens/:id?/:sub?', handle: tokens },
];
