import { inspect } from 'node:util';

import { apiRequest } from '../../../nodes/MeiGen/transport';
import { ApiError } from '../../../nodes/MeiGen/transport/errors';
import { redact } from '../../../nodes/MeiGen/transport/redact';
import type { ApiErrorBody } from '../../../nodes/MeiGen/types';
import { API_KEY, fakeApiContext } from '../fakeApi';

describe('redact', () => {
	it("replaces the key in the error text, keeping the rest of MeiGen's words", () => {
		expect(
			redact({ error: `Token ${API_KEY} was revoked`, code: 'invalid_token' }, API_KEY),
		).toEqual({ error: 'Token [redacted] was revoked', code: 'invalid_token' });
	});

	it('replaces every occurrence, in every field', () => {
		const body = redact(
			{ error: `${API_KEY} / ${API_KEY}`, message: `key=${API_KEY}`, received: API_KEY },
			API_KEY,
		);
		expect(body).toEqual({
			error: '[redacted] / [redacted]',
			message: 'key=[redacted]',
			received: '[redacted]',
		});
	});

	it('reaches into nested objects and lists (echoed request headers)', () => {
		const body = redact(
			{
				error: 'Unauthorized',
				request: {
					headers: { Authorization: `Bearer ${API_KEY}`, Accept: 'application/json' },
					tokens: ['public', `Bearer ${API_KEY}`],
				},
			},
			API_KEY,
		);
		expect(body).toEqual({
			error: 'Unauthorized',
			request: {
				headers: { Authorization: 'Bearer [redacted]', Accept: 'application/json' },
				tokens: ['public', 'Bearer [redacted]'],
			},
		});
	});

	it('inside URLs', () => {
		const body = redact(
			{ error: 'Bad reference', received: `https://www.meigen.ai/api/x?key=${API_KEY}&size=2` },
			API_KEY,
		);
		expect(body.received).toBe('https://www.meigen.ai/api/x?key=[redacted]&size=2');
	});

	it('in a field name', () => {
		expect(redact({ [API_KEY]: 'x' }, API_KEY)).toEqual({ '[redacted]': 'x' });
	});

	it('a session token (a JWT) as well as an API key', () => {
		const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.abc-DEF_123';
		expect(redact({ error: `Bearer ${jwt} expired` }, jwt)).toEqual({
			error: 'Bearer [redacted] expired',
		});
	});

	it('hands a body without the key back untouched', () => {
		const body: ApiErrorBody = { error: 'Not found', retryable: false, required: 5 };
		expect(redact(body, API_KEY)).toBe(body);
	});

	it('an empty key changes nothing (no "[redacted]" between every character)', () => {
		const body: ApiErrorBody = { error: 'Unauthorized' };
		expect(redact(body, '')).toEqual({ error: 'Unauthorized' });
	});

	it('keeps numbers, booleans and nulls as they were', () => {
		expect(
			redact(
				{ error: API_KEY, required: 40, available: 0, retryable: true, received: null },
				API_KEY,
			),
		).toEqual({ error: '[redacted]', required: 40, available: 0, retryable: true, received: null });
	});
});

describe('apiRequest: an error answer never carries the API key', () => {
	async function failure(answer: { statusCode: number; body: unknown }) {
		const { context } = fakeApiContext(() => answer);
		const error = await apiRequest(context, 'GET', '/generate/v2/status/abc').catch(
			(thrown: unknown) => thrown,
		);
		expect(error).toBeInstanceOf(ApiError);
		return error as ApiError;
	}

	it('in a JSON body: neither the message nor the body has it', async () => {
		const error = await failure({
			statusCode: 401,
			body: {
				error: `Invalid token ${API_KEY}`,
				details: { headers: { authorization: `Bearer ${API_KEY}` } },
			},
		});
		expect(error.message).toBe('Invalid token [redacted]');
		expect(JSON.stringify(error.body)).not.toContain(API_KEY);
	});

	it("in a proxy's plain-text page", async () => {
		const error = await failure({
			statusCode: 502,
			body: `<html>Bad gateway. Request headers: Authorization: Bearer ${API_KEY}</html>`,
		});
		expect(error.message).toBe(
			'<html>Bad gateway. Request headers: Authorization: Bearer [redacted]</html>',
		);
	});

	it('a long page cut to an excerpt keeps no part of a key that straddles the cut', async () => {
		const error = await failure({ statusCode: 502, body: `${'x'.repeat(270)}${API_KEY} trailing` });
		const secret = API_KEY.slice('meigen_sk_'.length);
		for (let length = 6; length <= secret.length; length++) {
			expect(error.message).not.toContain(secret.slice(0, length));
		}
		expect(error.message.startsWith('x'.repeat(270))).toBe(true);
	});

	it('a request that fails on the wire: its error text has no key either', async () => {
		const { context } = fakeApiContext(() => {
			throw new Error(`socket hang up while sending Bearer ${API_KEY}`);
		});
		const error = await apiRequest(context, 'GET', '/models').catch((thrown: unknown) => thrown);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toContain('[redacted]');
		expect(inspect(error, { depth: 20 })).not.toContain(API_KEY);
	});

	it('in a JSON text body', async () => {
		const error = await failure({
			statusCode: 400,
			body: JSON.stringify({ error: 'Bad', received: { token: API_KEY } }),
		});
		expect(error.body).toEqual({ error: 'Bad', received: { token: '[redacted]' } });
	});

	it('response headers that echo it are not kept on the error', async () => {
		const { context } = fakeApiContext(() => ({
			statusCode: 429,
			headers: { 'retry-after': '3', 'x-echo-authorization': `Bearer ${API_KEY}` },
			body: { error: 'Slow down' },
		}));
		const error = await apiRequest(context, 'GET', '/models').catch((thrown: unknown) => thrown);
		expect(error).toBeInstanceOf(ApiError);
		expect((error as ApiError).retryAfterMs).toBe(3000);
		expect(inspect(error, { depth: 20 })).not.toContain(API_KEY);
	});
});
