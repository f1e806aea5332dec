/**
 * Following a long job without holding a worker: without Wait for Completion, Generate and the
 * Skills say when to look again (`checkAgainInSeconds`, from MeiGen's estimate), and Get Status
 * says whether the job is over (`done`), so n8n's Wait node and an If can loop until it is.
 * Inside Wait for Completion, polls back off once a job runs past MeiGen's expected time.
 */
import { expectedMediaBytes, type FakeMeiGen } from '../../fake-server';
import { generate, getStatus, onlyJob, runMeiGen, skill, submitOnly, useFakeMeiGen } from './setup';

const MODEL = 'flux2-klein';
const HOSTED = 'https://images.meigen.ai/products/mug.png';

function p90(fake: FakeMeiGen, modelId: string): number {
	const model = fake.models.find((spec) => spec.json.id === modelId);
	return Number(model?.json.estimatedTiming.p90);
}

function statusPolls(fake: FakeMeiGen): number[] {
	return fake.requestsTo('GET', '/generate/v2/status').map((request) => request.time);
}

describe('Park and resume: checkAgainInSeconds and done', () => {
	const fake = useFakeMeiGen();

	it('Generate without waiting says to look again after the model’s expected time', async () => {
		const run = await runMeiGen(fake(), submitOnly('a red fox'));

		expect(run.status).toBe('success');
		expect(run.items[0].json).toMatchObject({
			generationId: onlyJob(fake()).id,
			status: 'processing',
			checkAgainInSeconds: p90(fake(), MODEL),
		});
	});

	it('checkAgainInSeconds is never below the Poll Interval', async () => {
		const run = await runMeiGen(fake(), submitOnly('a red fox', { options: { pollInterval: 90 } }));

		expect(run.items[0].json.checkAgainInSeconds).toBe(90);
	});

	it('Get Status without waiting: done false while it runs (no error), done true with the file once over', async () => {
		fake().setJobDuration(MODEL, 2500);
		const submitted = await runMeiGen(fake(), submitOnly('a red fox'));
		const generationId = String(submitted.items[0].json.generationId);
		const check = getStatus({ generationId, options: { pollInterval: 1 } });

		const running = await runMeiGen(fake(), check);
		expect(running.status).toBe('success');
		expect(running.items).toHaveLength(1);
		expect(running.items[0].json).toMatchObject({
			generationId,
			status: 'processing',
			done: false,
		});
		expect(running.items[0].binary).toBeUndefined();
		// Not when the job will end (MeiGen's hint only says how long to keep polling): its estimate.
		expect(running.items[0].json.checkAgainInSeconds).toBe(p90(fake(), MODEL));

		await new Promise((resolve) => setTimeout(resolve, 2600));
		const over = await runMeiGen(fake(), check);
		expect(over.items[0].json).toMatchObject({ generationId, status: 'completed', done: true });
		expect(over.items[0].json.checkAgainInSeconds).toBeUndefined();
		const bytes = await over.binary(over.items[0]);
		expect(bytes.equals(expectedMediaBytes(generationId, 0, 'png'))).toBe(true);
		expect(fake().chargedJobs()).toBe(1);
	});

	it('a failed job is over too: with Continue On Fail its error item says done', async () => {
		fake().setJobDuration(MODEL, 100);
		const submitted = await runMeiGen(fake(), submitOnly('blocked [fail]'));
		const generationId = String(submitted.items[0].json.generationId);
		await new Promise((resolve) => setTimeout(resolve, 300));

		const run = await runMeiGen(fake(), getStatus({ generationId }), {
			node: { onError: 'continueRegularOutput' },
		});
		expect(run.items[0].json).toMatchObject({ generationId, status: 'failed', done: true });
		expect(String(run.items[0].json.error)).toContain('could not generate');
	});

	it('Skills: a run without waiting says when to look again; its Get Status says done', async () => {
		fake().setSkillDuration('upscale', 60_000);
		const submitted = await runMeiGen(
			fake(),
			skill('upscale', { imageSource: 'url', imageUrl: HOSTED, waitForCompletion: false }),
		);
		// No estimate from MeiGen for Skills: MeiGen's advised interval for them, 10 s.
		expect(submitted.items[0].json).toMatchObject({
			status: 'processing',
			checkAgainInSeconds: 10,
		});
		const requestId = String(submitted.items[0].json.requestId);

		const now = await runMeiGen(fake(), skill('getStatus', { skill: 'upscale', requestId }));
		expect(now.status).toBe('success');
		expect(now.items[0].json).toMatchObject({
			requestId,
			status: 'processing',
			done: false,
			checkAgainInSeconds: 10,
		});
	});
});

describe('Back-off past the estimate, in a park-and-check loop', () => {
	const fake = useFakeMeiGen();

	it('once MeiGen stops promising progress, each check says to wait 1.5× the last wait, up to 2 minutes', async () => {
		fake().setJobDuration(MODEL, 200);
		const submitted = await runMeiGen(fake(), submitOnly('overdue [stall]'));
		const generationId = String(submitted.items[0].json.generationId);
		await new Promise((resolve) => setTimeout(resolve, 1200));
		const check = getStatus({ generationId: '={{ $json.generationId }}' });
		const advice = async (last?: number) => {
			const run = await runMeiGen(fake(), check, {
				items: [
					{ json: { generationId, ...(last === undefined ? {} : { checkAgainInSeconds: last }) } },
				],
			});
			expect(run.items[0].json).toMatchObject({ generationId, status: 'processing', done: false });
			return run.items[0].json.checkAgainInSeconds;
		};

		// Hint 0: the loop's last wait grows by half each time...
		expect(await advice(10)).toBe(15);
		expect(await advice(15)).toBe(23);
		// ...up to two minutes, so every wait of 65 s or more is parked by n8n.
		expect(await advice(100)).toBe(120);
		expect(await advice(120)).toBe(120);
		// Without an earlier wait to grow from, the Poll Interval.
		expect(await advice()).toBe(3);
		expect(fake().chargedJobs()).toBe(1);
	});

	it('while MeiGen still promises progress, a loop that waited already waits 1.5× longer each time', async () => {
		fake().setJobDuration(MODEL, 60_000);
		const submitted = await runMeiGen(fake(), submitOnly('a long fox'));
		const generationId = String(submitted.items[0].json.generationId);
		const run = await runMeiGen(fake(), getStatus({ generationId: '={{ $json.generationId }}' }), {
			items: [{ json: { generationId, checkAgainInSeconds: 7 } }],
		});

		expect(run.items[0].json).toMatchObject({ status: 'processing', done: false });
		expect(run.items[0].json.checkAgainInSeconds).toBe(11);
	});
});

describe('Back-off past the estimate, inside Wait for Completion', () => {
	const fake = useFakeMeiGen();

	it('a job that overruns MeiGen’s expected time by 20 s is read a handful of times, and seen within one pause', async () => {
		// Expected after 1 s (p90), done after 21 s; a Poll Interval of 1 s would read it 21 times.
		const model = fake().models.find((spec) => spec.json.id === MODEL);
		if (model) model.json.estimatedTiming = { p50: 1, p90: 1 };
		fake().setJobDuration(MODEL, 21_000);

		const run = await runMeiGen(
			fake(),
			generate(MODEL, 'a slow fox', { options: { pollInterval: 1, download: false } }),
		);

		expect(run.status).toBe('success');
		const job = onlyJob(fake());
		expect(run.items[0].json).toMatchObject({ generationId: job.id, status: 'completed' });
		const polls = statusPolls(fake());
		expect(polls.length).toBeLessThanOrEqual(10);
		// The pauses grow once the job is overdue (timer jitter aside)...
		const pauses = polls.slice(1).map((time, index) => time - polls[index]);
		expect(Math.max(...pauses)).toBeGreaterThan(5000);
		for (let index = 1; index < pauses.length; index++) {
			expect(pauses[index]).toBeGreaterThanOrEqual(pauses[index - 1] - 300);
		}
		// ...and the completion is seen by the first read after it, within that read's pause.
		const completedAt = Number(job.completedAt);
		const seen = polls[polls.length - 1];
		expect(polls.filter((time) => time >= completedAt)).toHaveLength(1);
		expect(seen - completedAt).toBeLessThanOrEqual(pauses[pauses.length - 1] + 300);
	}, 60_000);
});
