import { endpoint } from '../../../nodes/MeiGen/transport';

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
