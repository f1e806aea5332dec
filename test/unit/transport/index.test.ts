import { fetchModels } from '../../../nodes/MeiGen/catalog/models';
import { fetchSkillCatalog } from '../../../nodes/MeiGen/catalog/skills';
import { apiRequest, endpoint } from '../../../nodes/MeiGen/transport';
import { NetworkError } from '../../../nodes/MeiGen/transport/errors';
import { retryAfterMs } from '../../../nodes/MeiGen/transport/response';
import { classifyReadError } from '../../../nodes/MeiGen/transport/retry';
import { fakeApiContext } from '../fakeApi';

describe('endpoint', () => {
	it('leaves a plain path alone', () => {
		expect(endpoint`/generate/v2/status/abc-123`).toBe('/generate/v2/status/abc-123');
	});

	it('URL-encodes every interpolated value, so an ID cannot reach another route', () => {
		const id = '../../models';
		expect(endpoint`/generate/v2/status/${id}`).toBe('/generate/v2/status/..%2F..%2Fmodels');
	});

	it.each([
		['a query string', 'abc?x=1', '/images/abc%3Fx%3D1'],
		['a fragment', 'abc#frag', '/images/abc%23frag'],
		['a backslash', '..\\..\\models', '/images/..%5C..%5Cmodels'],
		['spaces and unicode', 'a b/ü', '/images/a%20b%2F%C3%BC'],
		['an already-encoded slash', '..%2Fmodels', '/images/..%252Fmodels'],
		['a number', 42, '/images/42'],
	])('encodes %s', (_name, value, expected) => {
		expect(endpoint`/images/${value}`).toBe(expected);
	});

	it('encodes several values and keeps the text between them', () => {
		const id = 'a/b';
		const sub = 'use?x';
		expect(endpoint`/tokens/${id}/${sub}/end`).toBe('/tokens/a%2Fb/use%3Fx/end');
	});
});

describe('apiRequest: a time limit on every call', () => {
	it.each([
		[undefined, 15_000],
		['submit', 90_000],
		['catalog', 10_000],
		['skillRun', 130_000],
		['skillUpload', 130_000],
		['presign', 20_000],
	] as const)('limit %s → %i ms', async (limit, timeout) => {
		const { context, requests } = fakeApiContext(() => ({ statusCode: 200, body: {} }));
		await apiRequest(context, 'GET', '/models', { limit });
		expect(requests[0].timeout).toBe(timeout);
	});

	it("each call asks for its own limit: the Skills catalog 10 s, the model list a read's 15 s", async () => {
		const { context, requests } = fakeApiContext(() => ({ statusCode: 200, body: { skills: [] } }));
		await fetchSkillCatalog(context);
		await fetchModels(context, { includeInactive: false }).catch(() => undefined);
		expect(requests.map((request) => request.timeout)).toEqual([10_000, 15_000]);
	});

	it('a call past its limit is a NetworkError that says so (so a read is read again)', async () => {
		const { context } = fakeApiContext(() => {
			throw Object.assign(new Error('timeout of 15000ms exceeded'), { code: 'ECONNABORTED' });
		});
		const failure = await apiRequest(context, 'GET', '/models').catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NetworkError);
		expect((failure as NetworkError).message).toBe('no answer within 15 s');
		expect(classifyReadError(failure)).toEqual({ retry: true });
	});
});

describe('retryAfterMs: Retry-After as seconds or as an HTTP date', () => {
	const now = Date.parse('2026-12-07T10:00:00Z');

	it('seconds', () => {
		expect(retryAfterMs({ 'retry-after': '4' }, {}, now)).toBe(4000);
	});

	it('an HTTP date: the time until then', () => {
		expect(retryAfterMs({ 'retry-after': 'Mon, 07 Dec 2026 10:00:04 GMT' }, {}, now)).toBe(4000);
	});

	it('a date already past: at once', () => {
		expect(retryAfterMs({ 'retry-after': 'Mon, 07 Dec 2026 09:59:00 GMT' }, {}, now)).toBe(0);
	});

	it("no header, or one that can't be read: the body's retryAfterSeconds", () => {
		expect(retryAfterMs({}, { retryAfterSeconds: 7 }, now)).toBe(7000);
		expect(retryAfterMs({ 'retry-after': 'soon' }, { retryAfterSeconds: 7 }, now)).toBe(7000);
		expect(retryAfterMs({ 'retry-after': 'soon' }, {}, now)).toBeUndefined();
	});
});
