import { generate, quickPoll, runMeiGen, submits, useFakeMeiGen } from './setup';

const prompts = (count: number, mark: (index: number) => string = () => '') =>
	Array.from({ length: count }, (_, index) => ({
		json: { prompt: `prompt ${index}${mark(index)}` },
	}));

describe('Many items at once', () => {
	const fake = useFakeMeiGen();

	it('runs items concurrently and keeps outputs in input order with their pairedItem', async () => {
		// Later items finish first: the node must still output them in input order.
		fake().setJobDuration('flux2-klein', 300);
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', '={{ $json.prompt }}', {
				options: quickPoll({ concurrency: 6, download: false }),
			}),
			{ items: prompts(6) },
		);

		expect(run.status).toBe('success');
		expect(run.items.map((item) => item.json.prompt)).toEqual(prompts(6).map((p) => p.json.prompt));
		expect(run.items.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4, 5].map((item) => ({ item })),
		);
		// All six were submitted before the first poll: they ran side by side.
		const submitTimes = submits(fake()).map((r) => r.time);
		const firstPoll = fake().requestsTo('GET', '/generate/v2/status')[0].time;
		expect(submitTimes).toHaveLength(6);
		expect(Math.max(...submitTimes)).toBeLessThan(firstPoll);
	});

	it("keeps Midjourney's four images per item together, in order, each paired with its item", async () => {
		const run = await runMeiGen(
			fake(),
			generate('midjourney-v8.1', '={{ $json.prompt }}', {
				options: quickPoll({ download: false }),
			}),
			{ items: prompts(3) },
		);
		expect(run.items.map((item) => [item.json.prompt, item.pairedItem])).toEqual(
			[0, 1, 2].flatMap((index) =>
				Array.from({ length: 4 }, () => [`prompt ${index}`, { item: index }]),
			),
		);
	});

	it('with Continue On Fail, a failed item among many fails alone', async () => {
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', '={{ $json.prompt }}', { options: quickPoll({ download: false }) }),
			{
				items: prompts(8, (index) => (index === 3 ? ' [fail]' : '')),
				node: { onError: 'continueRegularOutput' },
			},
		);

		expect(run.items).toHaveLength(8);
		expect(run.items.map((item) => item.json.status)).toEqual([
			'completed',
			'completed',
			'completed',
			'failed',
			'completed',
			'completed',
			'completed',
			'completed',
		]);
		expect(run.items[3].json.error).toBeDefined();
		expect(run.items[3].pairedItem).toEqual({ item: 3 });
	});

	it('without Continue On Fail, the first failure stops new submissions but finishes those under way', async () => {
		fake().setJobDuration('flux2-klein', 2500);
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', '={{ $json.prompt }}', {
				additionalFields: { aspectRatio: '={{ $json.ratio }}' },
				options: quickPoll({ concurrency: 2, download: false }),
			}),
			// Item 2 is refused before submission (bad ratio) while items 0 and 1 run.
			{
				items: [
					{ json: { prompt: 'a', ratio: '1:1' } },
					{ json: { prompt: 'b', ratio: '1:1' } },
					{ json: { prompt: 'c', ratio: '7:3' } },
					{ json: { prompt: 'd', ratio: '1:1' } },
				],
			},
		);

		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toContain('7:3');
		// The error that fails the node names the jobs already paid for, so a rerun need not pay again.
		for (const job of fake().jobs.values())
			expect(run.nodeError('MeiGen')?.description).toContain(job.id);
		// Items 0 and 1 were paid for and waited on; item 3 was never submitted.
		expect(
			submits(fake())
				.map((r) => (r.body as { prompt: string }).prompt)
				.sort(),
		).toEqual(['a', 'b']);
	});

	it('a 429 storm on submit slows the whole batch instead of failing items', async () => {
		fake().inject({
			route: 'submit',
			kind: 'status',
			status: 429,
			retryAfter: 1,
			times: 4,
			body: { success: false, error: 'Too many requests', code: 'rate_limited' },
		});
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', '={{ $json.prompt }}', {
				options: quickPoll({ concurrency: 4, download: false }),
			}),
			{ items: prompts(4) },
		);

		expect(run.status).toBe('success');
		expect(run.items.map((item) => item.json.status)).toEqual([
			'completed',
			'completed',
			'completed',
			'completed',
		]);
		expect(fake().chargedJobs()).toBe(4);
		// After the first 429, later submits waited for the server's Retry-After instead of hammering it.
		const posts = submits(fake());
		const first429 = posts.find((r) => r.status === 429);
		const accepted = posts.filter((r) => r.status === 200);
		expect(first429).toBeDefined();
		for (const request of accepted)
			expect(request.time - (first429?.time ?? 0)).toBeGreaterThanOrEqual(900);
	});

	it('a stop mid-batch submits nothing after the stop', async () => {
		fake().setJobDuration('flux2-klein', 60_000);
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', '={{ $json.prompt }}', {
				options: quickPoll({ concurrency: 2, download: false }),
			}),
			{ items: prompts(6), stopAfterMs: 2000 },
		);

		expect(run.stoppedAt).toBeDefined();
		expect(run.settled).toBe(true);
		const after = fake().requests.filter((request) => request.time > (run.stoppedAt ?? 0));
		expect(after).toEqual([]);
		expect(submits(fake())).toHaveLength(2);
	});

	it("close to the workflow's execution timeout, starts no new item and says so for those left", async () => {
		fake().setJobDuration('flux2-klein', 60_000);
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', '={{ $json.prompt }}', {
				options: quickPoll({ concurrency: 1, onTimeout: 'returnPending', download: false }),
			}),
			{
				items: prompts(3),
				settings: { executionTimeout: 4 },
				node: { onError: 'continueRegularOutput' },
			},
		);

		// The node answered before n8n cut the execution off: the first job is pending, the others never started.
		expect(run.stopReason).toBeUndefined();
		expect(run.items).toHaveLength(3);
		expect(run.items[0].json.status).toBe('processing');
		expect(String(run.items[1].json.error)).toContain('execution timeout');
		expect(String(run.items[2].json.error)).toContain('execution timeout');
		expect(submits(fake())).toHaveLength(1);
	});
});
