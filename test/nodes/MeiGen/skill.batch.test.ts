/** Skills over many items: concurrency, a shared pace under 429s, deadlines, and paid runs never lost. */
import { imageItem, quickPoll, runMeiGen, skill, skillRunPosts, useFakeMeiGen } from './setup';

const prompts = (...texts: string[]) =>
	texts.map((prompt) => imageItem('data', undefined, 'image/png', { prompt }));

const customBackground = (options = {}) =>
	skill('aiBackground', {
		mode: 'custom',
		customPrompt: '={{ $json.prompt }}',
		options: quickPoll(options),
	});

describe('Skills over many items', () => {
	const fake = useFakeMeiGen();

	it('runs items concurrently and keeps outputs in input order with their pairedItem', async () => {
		const run = await runMeiGen(fake(), customBackground({ concurrency: 4 }), {
			items: prompts('a', 'b', 'c', 'd'),
		});

		expect(run.status).toBe('success');
		expect(run.items.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3].map((item) => ({ item })),
		);
		const prompt = (requestId: unknown) =>
			(fake().skillRuns.get(String(requestId))?.body as { customPrompt?: string }).customPrompt;
		expect(run.items.map((item) => prompt(item.json.requestId))).toEqual(['a', 'b', 'c', 'd']);
		// Side by side, as the fake saw it: all four runs were sent within one Poll Interval (one
		// after the other, each would wait at least an interval for its result first).
		const sent = skillRunPosts(fake()).map((request) => request.time);
		expect(sent).toHaveLength(4);
		expect(Math.max(...sent) - Math.min(...sent)).toBeLessThan(1000);
		expect(fake().skillCharges()).toEqual({ runs: 4, credits: 12, refunded: 0 });
	});

	it('Concurrency 1 runs one item after the other', async () => {
		const run = await runMeiGen(fake(), customBackground({ concurrency: 1 }), {
			items: prompts('a', 'b'),
		});

		expect(run.status).toBe('success');
		const [first, second] = skillRunPosts(fake());
		const firstDone = fake().skillRuns.get(String((first.body as { requestId: string }).requestId));
		expect(second.time).toBeGreaterThan((firstDone?.createdAt ?? 0) + 900);
	});

	it('a 429 storm on the run slows the whole batch instead of failing items', async () => {
		fake().inject({
			route: 'skillRun',
			status: 429,
			retryAfter: 1,
			times: 2,
			body: { success: false, error: 'Too many requests', code: 'rate_limited' },
		});
		const run = await runMeiGen(fake(), customBackground({ concurrency: 2, download: false }), {
			items: prompts('a', 'b'),
		});

		expect(run.status).toBe('success');
		expect(run.items.map((item) => item.json.status)).toEqual(['completed', 'completed']);
		const posts = skillRunPosts(fake());
		expect(posts.map((post) => post.status)).toEqual([429, 429, 200, 200]);
		// After the 429s, both items waited for the server's Retry-After, and then for each other.
		const [first429, , accepted, next] = posts;
		expect(accepted.time - first429.time).toBeGreaterThanOrEqual(900);
		expect(next.time - accepted.time).toBeGreaterThanOrEqual(900);
		expect(fake().skillCharges()).toEqual({ runs: 2, credits: 6, refunded: 0 });
	});

	it("without Continue On Fail, the error names the other items' paid runs by request ID", async () => {
		const run = await runMeiGen(fake(), customBackground({ download: false }), {
			items: prompts('Forest', 'Beach [fail]'),
		});

		expect(run.status).toBe('error');
		const paid = [...fake().skillRuns.values()].find((r) => r.body.customPrompt === 'Forest');
		expect(paid?.items[0].status).toBe('completed');
		const description = String(run.nodeError('MeiGen')?.description);
		expect(description).toContain(String(paid?.requestId));
		expect(description).toContain('Skill → Get Status');
	});

	it('a stop mid-batch sends nothing after the stop', async () => {
		const run = await runMeiGen(
			fake(),
			skill('upscale', {
				imageSource: 'url',
				imageUrl: '=https://images.meigen.ai/{{ $json.prompt }}[never].png',
				options: quickPoll({ concurrency: 2 }),
			}),
			{ items: prompts('a', 'b', 'c', 'd'), stopAfterMs: 1500 },
		);

		expect(run.stoppedAt).toBeDefined();
		expect(run.settled).toBe(true);
		expect(fake().requests.filter((r) => r.time > (run.stoppedAt ?? 0))).toEqual([]);
		expect(skillRunPosts(fake())).toHaveLength(2);
	});

	it("ends the wait before the workflow's execution timeout, naming the running job", async () => {
		const run = await runMeiGen(
			fake(),
			skill('upscale', {
				imageSource: 'url',
				imageUrl: 'https://images.meigen.ai/p[never].png',
				options: quickPoll(),
			}),
			{ settings: { executionTimeout: 3 } },
		);

		// The node answered before n8n cut the execution off.
		expect(run.stopReason).toBeUndefined();
		expect(run.status).toBe('error');
		const error = run.nodeError('MeiGen');
		const requestId = (skillRunPosts(fake())[0].body as { requestId: string }).requestId;
		expect(error?.message).toContain('execution timeout');
		expect(error?.description).toContain(requestId);
	});
});
