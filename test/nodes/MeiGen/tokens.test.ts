import { TEST_SESSION_TOKEN } from '../../fake-server';
import { runMeiGen, useFakeMeiGen } from './setup';

/** MeiGen no longer documents /tokens: when it changes, the errors must say so. */
describe('Token operations on an API MeiGen no longer documents', () => {
	const fake = useFakeMeiGen();
	const session = { apiKey: TEST_SESSION_TOKEN };

	it('a route that is gone (404) says the API is no longer documented and where keys are managed now', async () => {
		fake().inject({ route: 'tokens', status: 404, body: { success: false, error: 'Not found' } });
		const run = await runMeiGen(fake(), { resource: 'token', operation: 'getAll' }, session);
		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.description).toContain(
			'MeiGen no longer documents its key-management API (/tokens)',
		);
		expect(run.nodeError('MeiGen')?.description).toContain('account settings');
	});

	it('an answer of an unknown shape fails clearly instead of outputting nothing', async () => {
		fake().inject({ route: 'tokens', status: 200, body: { keys: 'moved' } });
		const run = await runMeiGen(fake(), { resource: 'token', operation: 'getAll' }, session);
		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toBe(
			"MeiGen's key-management API answered in a shape this node does not know",
		);
	});

	it('an unknown key ID on Delete is a plain not-found, not a changed API', async () => {
		const run = await runMeiGen(
			fake(),
			{ resource: 'token', operation: 'delete', tokenId: 'nope' },
			session,
		);
		expect(run.nodeError('MeiGen')?.message).toBe('No API key with ID nope');
		expect(run.nodeError('MeiGen')?.description).not.toContain('no longer documents');
	});
});
