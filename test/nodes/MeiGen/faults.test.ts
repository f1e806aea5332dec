import { expectedMediaBytes } from '../../fake-server';
import { itemsNode, meiGenNode, runWorkflow, startNode, type RunResult } from '../../harness';
import {
	everything,
	expectStoppedCleanly,
	generate,
	getImage,
	getStatus,
	keyOf,
	onlyJob,
	requestsAfter,
	quickPoll,
	runMeiGen,
	submitOnly,
	submits,
	TEST_API_KEY,
	useFakeMeiGen,
} from './setup';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Idempotency: a paid job is never paid twice', () => {
	const fake = useFakeMeiGen();

	it('every submit carries a UUID idempotency key, and the output shows it as requestId', async () => {
		const run = await runMeiGen(fake(), submitOnly('a keyed job'));

		const [submit] = submits(fake());
		expect(keyOf(submit)).toMatch(UUID);
		expect(run.items[0].json.requestId).toBe(keyOf(submit));
		expect(onlyJob(fake()).idempotencyKey).toBe(keyOf(submit));
	});

	it('a lost submit answer is looked up by its request ID: the job it made is continued, never sent again', async () => {
		// The answer is lost after the job was made and charged; Retry On Fail is on as well.
		fake().inject({ route: 'submit', kind: 'drop', afterProcessing: true, times: 3 });
		const run = await runMeiGen(fake(), submitOnly('retry on fail'), {
			node: { retryOnFail: true, maxTries: 4, waitBetweenTries: 0 },
		});

		expect(run.status).toBe('success');
		const posts = submits(fake());
		expect(posts).toHaveLength(1);
		const lookups = fake().requestsTo('GET', '/generate/v2/requests');
		expect(lookups.map((lookup) => lookup.path.split('/').pop())).toEqual([keyOf(posts[0])]);
		expect(lookups[0].time).toBeGreaterThan(posts[0].time);
		expect(fake().chargedJobs()).toBe(1);
		const job = onlyJob(fake());
		expect(run.items[0].json).toMatchObject({ generationId: job.id, requestId: keyOf(posts[0]) });
	});

	it('a submit lost before MeiGen took it in: the look-up says so, and it is sent again with the same key', async () => {
		fake().inject({ route: 'submit', kind: 'drop' });
		const run = await runMeiGen(fake(), submitOnly('lost on the way'));

		expect(run.status).toBe('success');
		const posts = submits(fake());
		expect(posts).toHaveLength(2);
		expect(keyOf(posts[1])).toBe(keyOf(posts[0]));
		const [lookup] = fake().requestsTo('GET', '/generate/v2/requests');
		expect(lookup.status).toBe(404);
		expect(lookup.time).toBeGreaterThan(posts[0].time);
		expect(lookup.time).toBeLessThan(posts[1].time);
		expect(fake().chargedJobs()).toBe(1);
	});

	it('Retry On Fail after a failure while waiting submits with the same key and is not charged again', async () => {
		fake().inject({
			route: 'status',
			status: 404,
			body: { success: false, error: 'Generation not found', code: 'not_found' },
		});
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'fails once while polling', {
				options: quickPoll({ download: false }),
			}),
			{
				node: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
			},
		);

		expect(run.status).toBe('success');
		const posts = submits(fake());
		expect(posts).toHaveLength(2);
		expect(keyOf(posts[1])).toBe(keyOf(posts[0]));
		expect(fake().chargedJobs()).toBe(1);
		expect(run.items[0].json).toMatchObject({ status: 'completed', deduped: true });
	});

	it('a second item with the same prompt generates anew', async () => {
		const run = await runMeiGen(fake(), submitOnly('={{ $json.prompt }}'), {
			items: [{ json: { prompt: 'twins' } }, { json: { prompt: 'twins' } }],
		});

		expect(run.items).toHaveLength(2);
		const keys = submits(fake()).map(keyOf);
		expect(new Set(keys).size).toBe(2);
		expect(fake().chargedJobs()).toBe(2);
		expect(run.items[0].json.generationId).not.toBe(run.items[1].json.generationId);
	});

	it('a new execution of the same workflow generates anew', async () => {
		await runMeiGen(fake(), submitOnly('same prompt, two executions'));
		await runMeiGen(fake(), submitOnly('same prompt, two executions'));

		const keys = submits(fake()).map(keyOf);
		expect(keys).toHaveLength(2);
		expect(keys[0]).not.toBe(keys[1]);
		expect(fake().chargedJobs()).toBe(2);
		expect([...fake().jobs.values()].every((job) => job.dedupeCount === 0)).toBe(true);
	});

	it('the next run of the node in the same execution (a loop) generates anew', async () => {
		// Two parents feed the node: n8n runs it twice in one execution (run index 0 and 1), same item, same prompt.
		const node = meiGenNode(submitOnly('={{ $json.prompt }}'));
		const same = [{ json: { prompt: 'loop body' } }];
		const nodes = [startNode(), itemsNode(same, 'First'), itemsNode(same, 'Second'), node];
		const edge = (to: string) => ({ main: [[{ node: to, type: 'main' as const, index: 0 }]] });
		const run = await runWorkflow({
			nodes,
			connections: {
				Start: {
					main: [
						[
							{ node: 'First', type: 'main', index: 0 },
							{ node: 'Second', type: 'main', index: 0 },
						],
					],
				},
				First: edge('MeiGen'),
				Second: edge('MeiGen'),
			},
			credentials: { 'cred-1': { apiKey: TEST_API_KEY, baseUrl: fake().apiUrl } },
		});

		expect(run.status).toBe('success');
		expect(run.run.data.resultData.runData.MeiGen).toHaveLength(2);
		const first = run.output('MeiGen', 0, 0)[0].json;
		const second = run.output('MeiGen', 0, 1)[0].json;
		expect(first.requestId).not.toBe(second.requestId);
		expect(first.generationId).not.toBe(second.generationId);
		expect(fake().chargedJobs()).toBe(2);
	});

	it('Options → Request ID is sent as given; the same key and inputs again dedupe instead of paying', async () => {
		const key = '3f0b9a52-1c4e-4d8e-9a51-2f7f5c0e6b1d';
		const first = await runMeiGen(
			fake(),
			submitOnly('my own key', { options: { idempotencyKey: key } }),
		);
		const second = await runMeiGen(
			fake(),
			submitOnly('my own key', { options: { idempotencyKey: key } }),
		);

		expect(submits(fake()).map(keyOf)).toEqual([key, key]);
		expect(first.items[0].json.requestId).toBe(key);
		expect(second.items[0].json).toMatchObject({
			requestId: key,
			generationId: first.items[0].json.generationId,
			deduped: true,
		});
		expect(fake().chargedJobs()).toBe(1);
	});

	it('409: a key reused with another prompt fails naming both IDs, with one POST and no fresh key', async () => {
		const key = '9d4c1f2e-7b3a-4c5d-8e9f-0a1b2c3d4e5f';
		const first = await runMeiGen(
			fake(),
			submitOnly('the first prompt', { options: { idempotencyKey: key } }),
		);
		const existing = String(first.items[0].json.generationId);
		const before = submits(fake()).length;
		const second = await runMeiGen(
			fake(),
			submitOnly('a different prompt', { options: { idempotencyKey: key } }),
		);

		expect(second.status).toBe('error');
		const posts = submits(fake()).slice(before);
		expect(posts).toHaveLength(1);
		expect(keyOf(posts[0])).toBe(key);
		const error = second.nodeError('MeiGen');
		const text = `${error?.message} ${error?.description}`;
		expect(text).toContain(existing);
		expect(text).toContain(key);
		expect(text).toMatch(/This request ID was already used/);
		expect(fake().chargedJobs()).toBe(1);
	});

	it('409 with Continue On Fail: the error item carries the request ID and the other items go on', async () => {
		const key = '0b7e6f3a-2c1d-4e5f-9a8b-7c6d5e4f3a2b';
		await runMeiGen(fake(), submitOnly('taken', { options: { idempotencyKey: key } }));
		const run = await runMeiGen(
			fake(),
			submitOnly('={{ $json.prompt }}', { options: { idempotencyKey: '={{ $json.key }}' } }),
			{
				items: [{ json: { prompt: 'clashes', key } }, { json: { prompt: 'fine', key: '' } }],
				node: { onError: 'continueRegularOutput' },
			},
		);

		expect(run.status).toBe('success');
		expect(run.items).toHaveLength(2);
		expect(run.items[0].json).toMatchObject({ requestId: key });
		expect(String(run.items[0].json.error)).toMatch(/This request ID was already used/);
		expect(run.items[1].json).toMatchObject({ status: 'processing' });
		expect(fake().chargedJobs()).toBe(2);
	});
});

describe('Submit retries: the same key every time', () => {
	const fake = useFakeMeiGen();

	function expectOneKeyAndOneCharge(minPosts: number): void {
		const posts = submits(fake());
		expect(posts.length).toBeGreaterThanOrEqual(minPosts);
		expect(new Set(posts.map(keyOf)).size).toBe(1);
		expect(keyOf(posts[0])).toMatch(UUID);
		expect(fake().chargedJobs()).toBe(1);
	}

	it('a lost answer (job created, answer dropped) is found by its key, not sent again', async () => {
		fake().inject({ route: 'submit', kind: 'drop', afterProcessing: true });
		const run = await runMeiGen(fake(), submitOnly('lost answer'));

		expect(run.status).toBe('success');
		expectOneKeyAndOneCharge(1);
		expect(submits(fake())).toHaveLength(1);
		expect(run.items[0].json).toMatchObject({ generationId: onlyJob(fake()).id });
	});

	it('a 500 is retried with the same key', async () => {
		fake().inject({ route: 'submit', status: 500 });
		const run = await runMeiGen(fake(), submitOnly('server trouble'));

		expect(run.status).toBe('success');
		expectOneKeyAndOneCharge(2);
	});

	it('a 503 reference_probe_timeout is retried after retryAfterSeconds with the same key', async () => {
		fake().inject({
			route: 'submit',
			status: 503,
			body: {
				success: false,
				error: 'Reference image probe timed out',
				code: 'reference_probe_timeout',
				retryable: true,
				retryAfterSeconds: 1,
			},
		});
		const run = await runMeiGen(fake(), submitOnly('probe'));

		expect(run.status).toBe('success');
		expectOneKeyAndOneCharge(2);
		const [first, second] = submits(fake());
		expect(second.time - first.time).toBeGreaterThanOrEqual(900);
	});

	it('a 429 is retried after Retry-After with the same key', async () => {
		fake().inject({ route: 'submit', status: 429, retryAfter: 1 });
		const run = await runMeiGen(fake(), submitOnly('rate limited'));

		expect(run.status).toBe('success');
		expectOneKeyAndOneCharge(2);
		const [first, second] = submits(fake());
		expect(second.time - first.time).toBeGreaterThanOrEqual(900);
	});

	it('5xx until the tries run out: a bounded number of POSTs, one key, and an error that names the request ID', async () => {
		fake().inject({ route: 'submit', status: 502, retryAfter: 0, times: 50 });
		const run = await runMeiGen(fake(), submitOnly('always 502'));

		expect(run.status).toBe('error');
		const posts = submits(fake());
		expect(posts.length).toBeGreaterThan(1);
		expect(posts.length).toBeLessThanOrEqual(10);
		expect(new Set(posts.map(keyOf)).size).toBe(1);
		const error = run.nodeError('MeiGen');
		expect(error?.message).toContain('502');
		expect(error?.description).toContain(keyOf(posts[0]));
		expect(error?.description).toContain('Get Status');
		expect(error?.description).toMatch(/try again/i);
		expect(fake().chargedJobs()).toBe(0);
	});

	it('a 429 whose Retry-After lies past the wait deadline fails at once, saying how to get unstuck', async () => {
		fake().inject({ route: 'submit', status: 429, retryAfter: 30, times: 50 });
		const started = Date.now();
		const run = await runMeiGen(
			fake(),
			submitOnly('rate limited for long', { options: { waitTimeout: 10 } }),
		);

		expect(run.status).toBe('error');
		expect(Date.now() - started).toBeLessThan(5000);
		expect(submits(fake())).toHaveLength(1);
		const error = run.nodeError('MeiGen');
		expect(error?.message).toContain('429');
		expect(error?.description).toMatch(/Concurrency|later/);
	});

	it('a 429 storm with a long Retry-After sends nothing after the execution is stopped', async () => {
		fake().inject({ route: 'submit', status: 429, retryAfter: 30, times: 50 });
		const run = await runMeiGen(fake(), submitOnly('stopped in a storm'), { stopAfterMs: 2000 });

		expectStoppedCleanly(fake(), run);
		expect(submits(fake())).toHaveLength(1);
	});

	it('a 429 storm ends the node before the workflow execution timeout cuts it off', async () => {
		fake().inject({ route: 'submit', status: 429, retryAfter: 30, times: 50 });
		const run = await runMeiGen(fake(), submitOnly('storm against the clock'), {
			settings: { executionTimeout: 3 },
		});

		expect(run.stopReason).toBeUndefined();
		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toContain('429');
		expect(submits(fake())).toHaveLength(1);
	});

	it.each([
		[400, { success: false, error: 'Bad', code: 'invalid_model' }],
		[401, undefined],
		[
			402,
			{
				success: false,
				error: 'Not enough credits',
				code: 'insufficient_credits',
				required: 5,
				available: 0,
			},
		],
		[403, { success: false, error: 'Nope', code: 'model_not_available' }],
		[404, undefined],
		[
			409,
			{ success: false, error: 'conflict', code: 'idempotency_conflict', generationId: 'gen-x' },
		],
	])('a %i is never retried', async (status, body) => {
		fake().inject({ route: 'submit', status, ...(body ? { body } : {}) });
		const run = await runMeiGen(fake(), submitOnly('final answer'));

		expect(run.status).toBe('error');
		expect(submits(fake())).toHaveLength(1);
	});
});

describe('Status polls and downloads retry what is transient, a bounded number of times', () => {
	const fake = useFakeMeiGen();

	it('a status poll survives a dropped connection, a 500, a 503 and a 429 in a row', async () => {
		fake().inject({ route: 'status', kind: 'drop' });
		fake().inject({ route: 'status', status: 500, retryAfter: 0 });
		fake().inject({ route: 'status', status: 503, retryAfter: 0 });
		fake().inject({ route: 'status', status: 429, retryAfter: 0 });
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'poll through trouble', { options: quickPoll({ download: false }) }),
		);

		expect(run.status).toBe('success');
		expect(run.items[0].json.status).toBe('completed');
		const polls = fake().requestsTo('GET', '/generate/v2/status');
		expect(polls.map((poll) => poll.status)).toEqual([0, 500, 503, 429, 200]);
		expect(fake().chargedJobs()).toBe(1);
	});

	it("a status poll waits out a 429's Retry-After", async () => {
		fake().inject({ route: 'status', status: 429, retryAfter: 1 });
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'poll after 429', { options: quickPoll({ download: false }) }),
		);

		expect(run.status).toBe('success');
		const [limited, next] = fake().requestsTo('GET', '/generate/v2/status');
		expect(next.time - limited.time).toBeGreaterThanOrEqual(900);
	});

	it('a status that keeps failing gives up after a bounded number of polls, naming both IDs and Get Status', async () => {
		fake().inject({ route: 'status', status: 500, retryAfter: 0, times: 100 });
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'status broken', { options: quickPoll({ download: false }) }),
		);

		expect(run.status).toBe('error');
		const polls = fake().requestsTo('GET', '/generate/v2/status');
		expect(polls.length).toBeGreaterThan(1);
		expect(polls.length).toBeLessThanOrEqual(8);
		const job = onlyJob(fake());
		const error = run.nodeError('MeiGen');
		expect(error?.description).toContain(job.id);
		expect(error?.description).toContain(String(job.idempotencyKey));
		expect(error?.description).toContain('Get Status');
		expect(submits(fake())).toHaveLength(1);
	});

	it('a 404 on a status poll fails at once: one request', async () => {
		const run = await runMeiGen(fake(), getStatus({ generationId: 'no-such-generation' }));

		expect(run.status).toBe('error');
		expect(fake().requestsTo('GET', '/generate/v2/status')).toHaveLength(1);
		expect(run.nodeError('MeiGen')?.message).toContain('no-such-generation');
	});

	it('a 401 on a status poll fails at once: one request', async () => {
		const run = await runMeiGen(fake(), getStatus({ generationId: 'whatever' }), {
			apiKey: 'meigen_sk_notavalidkeynotavalidkeynotava',
		});

		expect(run.status).toBe('error');
		expect(fake().requestsTo('GET', '/generate/v2/status')).toHaveLength(1);
		expect(run.nodeError('MeiGen')?.message).toContain('401');
	});

	it('a media download survives a dropped connection, a 503 and a 429 in a row, and delivers the right bytes', async () => {
		fake().inject({ route: 'media', kind: 'drop' });
		fake().inject({ route: 'media', status: 503, retryAfter: 0 });
		fake().inject({ route: 'media', status: 429, retryAfter: 0 });
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'download through trouble', { options: quickPoll() }),
		);

		expect(run.status).toBe('success');
		const job = onlyJob(fake());
		expect((await run.binary(run.items[0])).equals(expectedMediaBytes(job.id, 0, 'png'))).toBe(
			true,
		);
		expect(fake().cdnRequests.map((request) => request.status)).toEqual([0, 503, 429, 200]);
	});

	it('a media download cut off half way is fetched again, whole', async () => {
		fake().inject({ route: 'media', kind: 'truncate' });
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'truncated download', { options: quickPoll() }),
		);

		expect(run.status).toBe('success');
		const job = onlyJob(fake());
		expect((await run.binary(run.items[0])).equals(expectedMediaBytes(job.id, 0, 'png'))).toBe(
			true,
		);
		expect(fake().cdnRequests).toHaveLength(2);
	});

	it('a media download that keeps failing gives up after a bounded number of tries, naming both IDs', async () => {
		fake().inject({ route: 'media', status: 500, retryAfter: 0, times: 100 });
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'cdn down', { options: quickPoll() }),
		);

		expect(run.status).toBe('error');
		expect(fake().cdnRequests.length).toBeGreaterThan(1);
		expect(fake().cdnRequests.length).toBeLessThanOrEqual(6);
		const job = onlyJob(fake());
		const error = run.nodeError('MeiGen');
		expect(error?.description).toContain(job.id);
		expect(error?.description).toContain(String(job.idempotencyKey));
		expect(fake().chargedJobs()).toBe(1);
	});

	it('a media 404 fails at once', async () => {
		fake().inject({ route: 'media', status: 404 });
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'cdn 404', { options: quickPoll() }),
		);

		expect(run.status).toBe('error');
		expect(fake().cdnRequests).toHaveLength(1);
	});
});

describe('Stop and execution timeout', () => {
	const fake = useFakeMeiGen();

	it('a stop during a 429 storm on status polls sends nothing more', async () => {
		fake().inject({ route: 'status', status: 429, retryAfter: 30, times: 50 });
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'poll storm', { options: quickPoll() }),
			{ stopAfterMs: 1500 },
		);

		expectStoppedCleanly(fake(), run);
		expect(fake().requestsTo('GET', '/generate/v2/status').length).toBeGreaterThanOrEqual(1);
	});

	it('a stop during a slow media download ends it at once', async () => {
		fake().inject({ route: 'media', delayMs: 8000 });
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'slow cdn', { options: quickPoll() }),
			{ stopAfterMs: 1600 },
		);

		expectStoppedCleanly(fake(), run);
		expect(fake().cdnRequests).toHaveLength(1);
	});

	it('a stop while the submit waits to be retried sends nothing more', async () => {
		fake().inject({ route: 'submit', status: 503, retryAfter: 20, times: 5 });
		const run = await runMeiGen(fake(), submitOnly('stop between submits'), { stopAfterMs: 1000 });

		expectStoppedCleanly(fake(), run);
		expect(submits(fake())).toHaveLength(1);
	});

	it('with several items, a stop submits no further item', async () => {
		fake().setJobDuration('flux2-klein', 60_000);
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', '={{ $json.prompt }}', { options: quickPoll({ concurrency: 1 }) }),
			{
				items: [
					{ json: { prompt: 'one' } },
					{ json: { prompt: 'two' } },
					{ json: { prompt: 'three' } },
				],
				stopAfterMs: 1500,
			},
		);

		expectStoppedCleanly(fake(), run);
		expect(submits(fake())).toHaveLength(1);
	});

	it('the workflow execution timeout during a wait: the node answers first and sends nothing after', async () => {
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'never done [never]', { options: quickPoll() }),
			{
				settings: { executionTimeout: 2 },
			},
		);

		expect(run.stopReason).toBeUndefined();
		expect(run.status).toBe('error');
		const job = onlyJob(fake());
		const error = run.nodeError('MeiGen');
		expect(error?.message).toContain('execution timeout');
		expect(error?.description).toContain(job.id);
		expect(error?.description).toContain(String(job.idempotencyKey));
		expect(error?.description).toContain('Get Status');
		// The advice fits the limit that ended the wait: the workflow's, not the node's Timeout.
		expect(error?.description).toContain("raise the workflow's timeout (Workflow Settings)");
		expect(error?.description).not.toContain('Options → Timeout');
		expect(requestsAfter(fake(), run.startedAt + 2000)).toEqual([]);
	});
});

describe('Recovery: every error about an existing job says how to resume it', () => {
	const fake = useFakeMeiGen();

	it('a lost answer while the request look-up is down names the request ID, and Get Status by request ID finds the job', async () => {
		fake().inject({ route: 'submit', kind: 'drop', afterProcessing: true });
		fake().inject({ route: 'requests', status: 503, times: 4 });
		const lost = await runMeiGen(
			fake(),
			submitOnly('answer lost for good', { options: { waitTimeout: 1 } }),
		);

		expect(lost.status).toBe('error');
		const requestId = keyOf(submits(fake())[0]);
		const error = lost.nodeError('MeiGen');
		expect(error?.description).toContain(String(requestId));
		expect(error?.description).toContain('Get Status');
		expect(error?.description).toContain('Request ID');

		const found = await runMeiGen(
			fake(),
			getStatus({
				lookUpBy: 'requestId',
				requestId,
				waitForCompletion: true,
				options: quickPoll({ download: false }),
			}),
		);
		expect(found.status).toBe('success');
		const job = onlyJob(fake());
		expect(found.items[0].json).toMatchObject({ generationId: job.id, status: 'completed' });
		expect(fake().chargedJobs()).toBe(1);
	});

	it('with Continue On Fail, a lost submit becomes an item with the request ID to recover it', async () => {
		fake().inject({ route: 'submit', kind: 'drop', afterProcessing: true });
		fake().inject({ route: 'requests', status: 503, times: 4 });
		const run = await runMeiGen(
			fake(),
			submitOnly('lost, continue', { options: { waitTimeout: 1 } }),
			{ node: { onError: 'continueRegularOutput' } },
		);

		expect(run.status).toBe('success');
		const requestId = String(keyOf(submits(fake())[0]));
		expect(run.items[0].json.requestId).toBe(requestId);
		expect(run.items[0].json.error).toBeTruthy();
		expect(String(run.items[0].json.errorDescription)).toContain(requestId);
		expect(String(run.items[0].json.errorDescription)).toContain('Get Status');
	});

	it('a failed job names both IDs', async () => {
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'bad [fail]', { options: quickPoll() }),
		);

		const job = onlyJob(fake());
		expect(run.nodeError('MeiGen')?.description).toContain(job.id);
		expect(run.nodeError('MeiGen')?.description).toContain(String(job.idempotencyKey));
	});

	it('a stop after the submit names the job to resume', async () => {
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'stopped [never]', { options: quickPoll() }),
			{ stopAfterMs: 1500, node: { onError: 'continueRegularOutput' } },
		);

		const job = onlyJob(fake());
		const text = everything(run);
		expect(text).toContain(job.id);
		expect(text).toContain(String(job.idempotencyKey));
	});

	it('Get Status by request ID: an unknown key says nothing was submitted under it, after one request', async () => {
		const requestId = '11111111-2222-4333-8444-555555555555';
		const run = await runMeiGen(fake(), getStatus({ lookUpBy: 'requestId', requestId }));

		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toContain(requestId);
		expect(fake().requestsTo('GET', '/generate/v2/requests')).toHaveLength(1);
	});

	it('Get Status by request ID waits out a 503 in_progress', async () => {
		const submitted = await runMeiGen(fake(), submitOnly('being taken in'));
		const requestId = String(submitted.items[0].json.requestId);
		fake().inject({
			route: 'requests',
			status: 503,
			body: { success: false, error: 'in progress', code: 'in_progress', retryAfterSeconds: 1 },
		});
		const run = await runMeiGen(fake(), getStatus({ lookUpBy: 'requestId', requestId }));

		expect(run.status).toBe('success');
		expect(run.items[0].json).toMatchObject({ generationId: submitted.items[0].json.generationId });
		expect(fake().requestsTo('GET', '/generate/v2/requests')).toHaveLength(2);
	});
});

describe('Security', () => {
	const fake = useFakeMeiGen();
	const BIG = 3 * 1024 * 1024;

	it('URL-encodes path parameters: a generation ID cannot reach another route', async () => {
		const run = await runMeiGen(fake(), getStatus({ generationId: '../../models' }));

		expect(run.status).toBe('error');
		expect(fake().requests.map((request) => request.path)).toEqual([
			'/api/generate/v2/status/..%2F..%2Fmodels',
		]);
		expect(fake().requestsTo('GET', '/models')).toHaveLength(0);
	});

	it('URL-encodes a request ID too', async () => {
		await runMeiGen(fake(), getStatus({ lookUpBy: 'requestId', requestId: '../../tokens?x=1' }));

		expect(fake().requests.map((request) => request.path)).toEqual([
			'/api/generate/v2/requests/..%2F..%2Ftokens%3Fx%3D1',
		]);
	});

	it('keeps the key out of output, errors and run data, even when the server echoes it back', async () => {
		const runs: RunResult[] = [];
		fake().inject({
			route: 'submit',
			status: 400,
			body: {
				success: false,
				error: `Bad request for Bearer ${TEST_API_KEY}`,
				code: 'invalid_model',
			},
		});
		runs.push(await runMeiGen(fake(), submitOnly('echo 400')));
		fake().inject({
			route: 'status',
			status: 404,
			body: { success: false, error: `no job for ${TEST_API_KEY}` },
		});
		runs.push(await runMeiGen(fake(), getStatus({ generationId: 'x' })));
		runs.push(
			await runMeiGen(fake(), submitOnly('echo continue'), {
				node: { onError: 'continueRegularOutput' },
			}),
		);
		runs.push(await runMeiGen(fake(), generate('flux2-klein', 'ok', { options: quickPoll() })));
		runs.push(
			await runMeiGen(
				fake(),
				generate('flux2-klein', 'stopped [never]', { options: quickPoll() }),
				{ stopAfterMs: 1200 },
			),
		);
		fake().inject({ route: 'submit', kind: 'drop', afterProcessing: true, times: 2 });
		runs.push(await runMeiGen(fake(), submitOnly('lost', { options: { waitTimeout: 1 } })));

		for (const run of runs) expect(everything(run)).not.toContain(TEST_API_KEY);
		expect(everything(runs[0])).toContain('[redacted]');
	});

	it('media downloads never carry the key, even when the CDN redirects to the API host', async () => {
		fake().inject({ route: 'media', kind: 'redirect', location: `${fake().apiUrl}/models` });
		await runMeiGen(fake(), generate('flux2-klein', 'redirect to api', { options: quickPoll() }), {
			node: { onError: 'continueRegularOutput' },
		});

		expect(fake().cdnRequests.length).toBeGreaterThan(0);
		for (const request of fake().cdnRequests) expect(request.headers.authorization).toBeUndefined();
		// The node's own model lookup (before the submit) carries the key; the redirected download (after it) must not.
		const fromDownload = fake()
			.requestsTo('GET', '/models')
			.filter((request) => request.time >= submits(fake())[0].time);
		expect(fromDownload.length).toBeGreaterThan(0);
		for (const request of fromDownload) expect(request.headers.authorization).toBeUndefined();
	});

	it.each(['file:///etc/passwd', 'ftp://example.com/a.png', 'data:image/png;base64,AAAA'])(
		'refuses a redirect to %s: an item error, no crash, and no retry',
		async (location) => {
			fake().inject({ route: 'media', kind: 'redirect', location, times: 10 });
			const run = await runMeiGen(fake(), getImage('img_123'));

			expect(run.status).toBe('error');
			expect(run.nodeError('MeiGen')?.message).toMatch(/refused to download media/i);
			expect(fake().cdnRequests).toHaveLength(1);
		},
	);

	it('with Continue On Fail, a refused redirect is an error item and the next item still gets its file', async () => {
		fake().inject({ route: 'media', kind: 'redirect', location: 'file:///etc/passwd' });
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', '={{ $json.prompt }}', { options: quickPoll() }),
			{
				items: [{ json: { prompt: 'first' } }, { json: { prompt: 'second' } }],
				node: { onError: 'continueRegularOutput' },
			},
		);

		expect(run.status).toBe('success');
		expect(run.items).toHaveLength(2);
		const failed = run.items.filter((item) => item.json.error !== undefined);
		expect(failed).toHaveLength(1);
		expect(String(failed[0].json.error)).toMatch(/refused to download media/i);
		expect(failed[0].json.generationId).toBeDefined();
		expect(failed[0].json.requestId).toBeDefined();
		expect(run.items.filter((item) => item.binary?.data)).toHaveLength(1);
	});

	it('follows an http redirect to another CDN URL and stores that file', async () => {
		fake().inject({
			route: 'media',
			kind: 'redirect',
			location: `${fake().cdnUrl}/media/img_set/1.png`,
		});
		const run = await runMeiGen(fake(), getImage('img_123'));

		expect(run.status).toBe('success');
		expect((await run.binary(run.items[0])).equals(expectedMediaBytes('img_set', 1, 'png'))).toBe(
			true,
		);
		expect(fake().cdnRequests.map((request) => request.path)).toEqual([
			'/media/img_123/0.png',
			'/media/img_set/1.png',
		]);
	});

	it('a video whose Content-Length is over Max Download Size fails cleanly, naming the job', async () => {
		fake().setVideoBytes(BIG);
		const run = await runMeiGen(
			fake(),
			generate('seedance-2-0', 'too big', {
				additionalFields: { duration: 5 },
				options: quickPoll({ maxDownloadSize: 1 }),
			}),
		);

		expect(run.status).toBe('error');
		const error = run.nodeError('MeiGen');
		expect(error?.message).toContain('3 MB, over the 1 MB download limit');
		expect(error?.description).toMatch(/Max Download Size/);
		expect(error?.description).toContain(onlyJob(fake()).id);
		expect(fake().cdnRequests).toHaveLength(1);
	});

	it.each(['default', 'filesystem'] as const)(
		'a Content-Length over the limit is refused before the body is read (%s mode)',
		async (binaryMode) => {
			fake().inject({ route: 'media', kind: 'lyingLength', bytes: BIG });
			const run = await runMeiGen(fake(), getImage('img_123', { maxDownloadSize: 1 }), {
				binaryMode,
			});

			expect(run.status).toBe('error');
			expect(run.nodeError('MeiGen')?.message).toContain('over the 1 MB download limit');
		},
	);

	it.each(['default', 'filesystem'] as const)(
		'a download with no Content-Length that runs over the limit fails cleanly (%s mode)',
		async (binaryMode) => {
			fake().inject({ route: 'media', kind: 'chunked', bytes: BIG });
			const run = await runMeiGen(fake(), getImage('img_123', { maxDownloadSize: 1 }), {
				binaryMode,
			});

			expect(run.status).toBe('error');
			expect(run.nodeError('MeiGen')?.message).toMatch(/larger than the 1 MB download limit/);
			expect(run.nodeError('MeiGen')?.description).toMatch(/Max Download Size/);
		},
	);

	it.each(['default', 'filesystem'] as const)(
		'a body that ends only when the connection closes is limited too (%s mode)',
		async (binaryMode) => {
			fake().inject({ route: 'media', kind: 'untilClose', bytes: BIG });
			const run = await runMeiGen(fake(), getImage('img_123', { maxDownloadSize: 1 }), {
				binaryMode,
			});

			expect(run.status).toBe('error');
			expect(run.nodeError('MeiGen')?.message).toMatch(/larger than the 1 MB download limit/);
		},
	);

	it('a download under the limit with no Content-Length is stored whole', async () => {
		fake().inject({ route: 'media', kind: 'chunked', bytes: BIG });
		const run = await runMeiGen(fake(), getImage('img_123', { maxDownloadSize: 4 }));

		expect(run.status).toBe('success');
		const bytes = await run.binary(run.items[0]);
		expect(bytes.length).toBe(BIG);
	});
});

describe('Edges found by the fault suite', () => {
	const fake = useFakeMeiGen();

	it('a 429 storm never sends a submit after the wait deadline', async () => {
		fake().inject({ route: 'submit', kind: 'status', status: 429, retryAfter: 1, times: 50 });
		const run = await runMeiGen(fake(), submitOnly('storm', { options: { waitTimeout: 7 } }));
		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toMatch(/429|rate limiting/);
		const posts = submits(fake());
		const deadline = posts[0].time + 7000;
		expect(posts.filter((post) => post.time > deadline + 250)).toEqual([]);
		expect(run.finishedAt - posts[0].time).toBeLessThan(8500);
	});

	it('Get Status by request ID outputs the request ID it was given, also for a job that is already done', async () => {
		const submitted = await runMeiGen(fake(), submitOnly('done before the lookup'));
		const requestId = String(submitted.items[0].json.requestId);
		await new Promise((resolve) => setTimeout(resolve, 800));
		const found = await runMeiGen(
			fake(),
			getStatus({ lookUpBy: 'requestId', requestId, options: { download: false } }),
		);
		expect(found.items[0].json).toMatchObject({
			generationId: submitted.items[0].json.generationId,
			status: 'completed',
			requestId,
		});
	});

	it('409 with Continue On Fail: the error item carries the existing generation ID too', async () => {
		const key = '0b7e6f3a-2c1d-4e5f-9a8b-7c6d5e4f3a2b';
		const first = await runMeiGen(
			fake(),
			submitOnly('taken', { options: { idempotencyKey: key } }),
		);
		const run = await runMeiGen(
			fake(),
			submitOnly('clashes', { options: { idempotencyKey: key } }),
			{ node: { onError: 'continueRegularOutput' } },
		);
		expect(run.items[0].json).toMatchObject({
			requestId: key,
			generationId: first.items[0].json.generationId,
		});
	});

	it('Extra Body cannot smuggle an empty prompt past the checks: nothing is sent', async () => {
		const run = await runMeiGen(
			fake(),
			generate('nanobanana-2', 'fine', {
				waitForCompletion: false,
				additionalFields: { extraBody: '{"prompt": ""}' },
			}),
		);
		expect(run.status).toBe('error');
		expect(submits(fake())).toHaveLength(0);
	});

	it("Extra Body's model is the one checked: an unknown model there sends nothing", async () => {
		const run = await runMeiGen(
			fake(),
			generate('nanobanana-2', 'fine', {
				waitForCompletion: false,
				additionalFields: { extraBody: '{"modelId": "no-such-model"}' },
			}),
		);
		expect(run.nodeError('MeiGen')?.message).toBe('Unknown model "no-such-model"');
		expect(submits(fake())).toHaveLength(0);
	});

	it('a media URL that answers with a web page is an item error, not a stored file', async () => {
		fake().inject({ route: 'media', kind: 'redirect', location: `${fake().apiUrl}/models` });
		const run = await runMeiGen(fake(), generate('flux2-klein', 'page', { options: quickPoll() }));
		expect(run.nodeError('MeiGen')?.message).toContain('not an image or a video');
		expect(run.nodeError('MeiGen')?.description).toContain('completed');
	});
});

describe('A video cut off while it streams', () => {
	const fake = useFakeMeiGen();

	it('is downloaded again whole, in filesystem mode too', async () => {
		const size = 4 * 1024 * 1024;
		fake().setVideoBytes(size);
		fake().inject({ route: 'media', kind: 'truncate' });
		const run = await runMeiGen(
			fake(),
			generate('seedance-2-0', 'cut', { additionalFields: { duration: 5 }, options: quickPoll() }),
			{ binaryMode: 'filesystem' },
		);

		expect(run.status).toBe('success');
		const job = onlyJob(fake());
		expect(
			(await run.binary(run.items[0])).equals(expectedMediaBytes(job.id, 0, 'mp4', size)),
		).toBe(true);
		expect(fake().cdnRequests).toHaveLength(2);
	});
});
