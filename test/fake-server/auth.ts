/** The fake's two kinds of token, as MeiGen has them: API keys and session tokens. */
import type { IncomingMessage } from 'node:http';

import { fail, type Reply } from './http';
import type { FakeState } from './state';

/** A valid API key: `meigen_sk_` + 32 characters. Spends purchased credits only. */
export const TEST_API_KEY = 'meigen_sk_T3stK3yAbCdEfGhIjKlMnOpQrStUvWxY';
/** A valid session token (JWT-shaped, as Supabase issues). Spends daily then purchased credits. */
export const TEST_SESSION_TOKEN =
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZXN0LXVzZXIiLCJyb2xlIjoiYXV0aGVudGljYXRlZCJ9.c2lnbmF0dXJlLWZvci10ZXN0cw';

/** A key of another MeiGen account: it can't see this account's requests or receipts. */
export const TEST_OTHER_ACCOUNT_KEY = 'meigen_sk_0th3rAcc0untK3yAbCdEfGhIjKlMnOp';

/** Whose token it is: its kind, its account, and (API keys) which key. */
export type Auth =
	{ kind: 'apiKey'; tokenId: string; account: string } | { kind: 'session'; account: string };

/** The account every seeded token and session belongs to, unless said otherwise. */
export const MAIN_ACCOUNT = 'main';

/** Who the Bearer token belongs to; undefined when missing, unknown or revoked. */
export function authenticate(state: FakeState, req: IncomingMessage): Auth | undefined {
	const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
	if (!match) return undefined;
	const token = match[1].trim();
	if (token === TEST_SESSION_TOKEN) return { kind: 'session', account: MAIN_ACCOUNT };
	if (token === TEST_OTHER_ACCOUNT_KEY)
		return { kind: 'apiKey', tokenId: 'tok_other', account: 'other' };
	const record = state.tokens.find((t) => t.token === token && t.is_active);
	if (!record) return undefined;
	record.last_used_at = new Date().toISOString();
	return { kind: 'apiKey', tokenId: record.id, account: MAIN_ACCOUNT };
}

/** MeiGen documents no code for a refused token: the status says it. */
export const unauthorized = (): Reply => fail(401, undefined, 'Invalid or missing API key');
