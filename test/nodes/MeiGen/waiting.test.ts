/**
 * Waiting as MeiGen documents it: without a Timeout option the node waits while MeiGen says the job
 * is progressing (`pollHintSeconds` above 0), within the execution timeout; at hint 0 the job ends
 * as On Timeout says. With a Timeout set, the Timeout rules. Within MeiGen's estimate the job is
 * read every Poll Interval, so a finished job is seen within one; the hint never sets the pace. The
 * fake: `[stall]` lets the hint run out at the job's duration, `[never]` keeps MeiGen promising
 * progress for its whole observation window.
 */
import type { IDataObject } from 'n8n-workflow';

import { expectedMediaBytes, type FakeMeiGen, type RecordedRequest } from '../../fake-server';
import {
	expectStoppedCleanly,
	generate,
	getStatus,
	onlyJob,
	quickPoll,
	runMeiGen,
	submitOnly,
	useFakeMeiGen,
} from './setup';

const waitFor = (prompt: string, options: IDataObject = {}) =>
	generate('flux2-klein', prompt, { options: quickPoll({ download: false, ...options }) });

function polls(fake: FakeMeiGen): RecordedRequest[] {
	return fake.requestsTo('GET', '/generate/v2/status');
}

describe('Without a Timeout: as long as MeiGen reports progress', () => {
	const fake = useFakeMeiGen();

	it('a job whose promise of progress runs out ends at hint 0 with an error naming its IDs', async () => {
		fake().setJobDuration('flux2-klein', 1500);
		const run = await runMeiGen(fake(), waitFor('stuck [stall]'));

		expect(run.status).toBe('error');
		const job = onlyJob(fake());
		const error = run.nodeError('MeiGen');
		expect(error?.message).toBe(
			`The MeiGen job ${job.id} did not finish and MeiGen no longer reports progress on it`,
		);
		expect(error?.description).toContain(job.id);
		expect(error?.description).toContain(String(job.idempotencyKey));
		expect(error?.description).toContain('Get Status');
		// No Timeout was set, so raising it is no advice: Return Pending is.
		expect(error?.description).not.toContain('Options → Timeout');
		expect(error?.description).toContain('On Timeout to Return Pending');
		// The wait ended at the first poll that read hint 0, within a Poll Interval of the hint running out.
		const times = polls(fake()).map((poll) => poll.time);
		const ranOut = job.createdAt + 1500;
		expect(times.filter((time) => time >= ranOut)).toHaveLength(1);
		expect(times[times.length - 1] - ranOut).toBeLessThan(1000 + 300);
		expect(job.status).toBe('processing');
	});

	it('with On Timeout = Return Pending, the job is output as processing at hint 0', async () => {
		fake().setJobDuration('flux2-klein', 1500);
		const run = await runMeiGen(fake(), waitFor('stuck [stall]', { onTimeout: 'returnPending' }));

		expect(run.status).toBe('success');
		const job = onlyJob(fake());
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toMatchObject({
			generationId: job.id,
			requestId: job.idempotencyKey,
			status: 'processing',
		});
		expect(run.finishedAt - job.createdAt).toBeLessThan(1500 + 1000 + 500);
	});

	it('a job that keeps promising progress is waited for until Stop', async () => {
		// flux2-klein's expected wait is 7 s: past it, the node polls every interval.
		const run = await runMeiGen(fake(), waitFor('long [never]'), { stopAfterMs: 8500 });

		expect(run.stopReason).toBe('stop');
		expectStoppedCleanly(fake(), run);
		// Still polling when stopped: it never gave up on its own.
		const times = polls(fake()).map((poll) => poll.time);
		expect(times.length).toBeGreaterThanOrEqual(3);
		expect((run.stoppedAt ?? 0) - times[times.length - 1]).toBeLessThan(1300);
	});

	it('a job that keeps promising progress is waited for until just before the execution timeout', async () => {
		const run = await runMeiGen(fake(), waitFor('long [never]'), {
			settings: { executionTimeout: 5 },
		});

		// The node answered before n8n had to cut it off, naming the job.
		expect(run.stopReason).toBeUndefined();
		expect(run.status).toBe('error');
		const job = onlyJob(fake());
		const error = run.nodeError('MeiGen');
		expect(error?.message).toContain("before the workflow's execution timeout");
		expect(error?.description).toContain(job.id);
		expect(run.finishedAt - run.startedAt).toBeGreaterThan(4000);
		expect(run.finishedAt - run.startedAt).toBeLessThan(5000);
	});

	it('Generation → Get Status waits the same way: at hint 0 it returns the pending job', async () => {
		fake().setJobDuration('flux2-klein', 1500);
		const submitted = await runMeiGen(fake(), submitOnly('stuck [stall]'));
		const id = String(submitted.items[0].json.generationId);
		const run = await runMeiGen(
			fake(),
			getStatus({
				generationId: id,
				waitForCompletion: true,
				options: quickPoll({ onTimeout: 'returnPending' }),
			}),
		);

		expect(run.status).toBe('success');
		expect(run.items[0].json).toMatchObject({ generationId: id, status: 'processing' });
		expect(run.finishedAt - onlyJob(fake()).createdAt).toBeLessThan(1500 + 1000 + 500);
	});
});

describe("Within MeiGen's estimate: read every Poll Interval, so a finished job is seen within one", () => {
	const fake = useFakeMeiGen();

	/** flux2-klein with MeiGen's estimate set to `seconds` (its p90, sent as expectedWaitSeconds). */
	function estimate(seconds: number): void {
		const model = fake().models.find((spec) => spec.json.id === 'flux2-klein');
		if (model) model.json.estimatedTiming = { p50: seconds, p90: seconds };
	}

	it.each([
		['early', 1500],
		['on time', 3000],
		['late', 4500],
	])('a job that ends %s against its estimate is seen within one interval', async (_when, ms) => {
		estimate(3);
		fake().setJobDuration('flux2-klein', ms);
		const run = await runMeiGen(fake(), waitFor('a while', { pollInterval: 1 }));

		expect(run.status).toBe('success');
		const job = onlyJob(fake());
		const completedAt = Number(job.completedAt);
		const times = polls(fake()).map((poll) => poll.time);
		const seen = times.find((time) => time >= completedAt);
		expect((seen ?? Infinity) - completedAt).toBeLessThanOrEqual(1000 + 300);
		// Within the estimate, one read per interval, whatever MeiGen's hint says.
		const within = times.filter((time) => time < job.createdAt + 3000);
		within.slice(1).forEach((time, index) => {
			expect(time - within[index]).toBeGreaterThanOrEqual(1000 - 50);
			expect(time - within[index]).toBeLessThanOrEqual(1000 + 300);
		});
		expect(run.items[0].json.status).toBe('completed');
	});

	it("the docs' example: an estimate of 25 s while MeiGen promises progress; a job done after 6 s is seen by 9 s, not 20", async () => {
		estimate(25);
		fake().setJobDuration('flux2-klein', 6000);
		const run = await runMeiGen(fake(), waitFor('a quick one', { pollInterval: 3 }));

		expect(run.status).toBe('success');
		const job = onlyJob(fake());
		const seen = polls(fake()).find((poll) => poll.time >= Number(job.completedAt));
		expect((seen?.time ?? Infinity) - job.createdAt).toBeLessThanOrEqual(9000 + 300);
		expect(polls(fake()).length).toBeLessThanOrEqual(3);
	});

	it('no estimate and no hint (null): read every interval, never taken as overdue or as the end', async () => {
		fake().omitEstimates();
		fake().setJobDuration('flux2-klein', 3500);
		const run = await runMeiGen(fake(), waitFor('no estimate', { pollInterval: 1 }));

		expect(run.status).toBe('success');
		const times = polls(fake()).map((poll) => poll.time);
		expect(times.length).toBeGreaterThanOrEqual(3);
		times.slice(1).forEach((time, index) => {
			expect(time - times[index]).toBeLessThanOrEqual(1000 + 300);
		});
		expect(run.items[0].json.status).toBe('completed');
	});

	it('completed without media URLs: read again until they come, then the file', async () => {
		fake().setJobDuration('flux2-klein', 500);
		fake().delayMediaUrls(2000);
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'result pending', { options: quickPoll() }),
		);

		expect(run.status).toBe('success');
		const job = onlyJob(fake());
		const afterCompletion = polls(fake()).filter((poll) => poll.time >= Number(job.completedAt));
		expect(afterCompletion.length).toBeGreaterThanOrEqual(2);
		expect((await run.binary(run.items[0])).equals(expectedMediaBytes(job.id, 0, 'png'))).toBe(
			true,
		);
		expect(fake().chargedJobs()).toBe(1);
	});

	it('a video job too: seen within one interval of completing', async () => {
		fake().setJobDuration('seedance-2-5', 3500);
		const run = await runMeiGen(
			fake(),
			generate('seedance-2-5', 'a pan', { options: quickPoll({ download: false }) }),
		);

		expect(run.status).toBe('success');
		const job = onlyJob(fake());
		const seen = polls(fake()).find((poll) => poll.time >= (job.completedAt ?? 0));
		expect((seen?.time ?? 0) - (job.completedAt ?? 0)).toBeLessThanOrEqual(1300);
	});
});

describe('With a Timeout set: the Timeout rules', () => {
	const fake = useFakeMeiGen();

	it('a job whose hint ran out is still waited for until the Timeout', async () => {
		fake().setJobDuration('flux2-klein', 1000);
		const run = await runMeiGen(fake(), waitFor('stuck [stall]', { waitTimeout: 4 }));

		expect(run.status).toBe('error');
		const job = onlyJob(fake());
		expect(run.nodeError('MeiGen')?.message).toBe(
			`The MeiGen job ${job.id} did not finish within the node's Timeout option`,
		);
		expect(run.nodeError('MeiGen')?.description).toContain('Or raise Options → Timeout');
		const afterHint = polls(fake()).filter((poll) => poll.time >= job.createdAt + 1000);
		expect(afterHint.length).toBeGreaterThanOrEqual(2);
		expect(run.finishedAt - job.createdAt).toBeGreaterThanOrEqual(3500);
		expect(run.finishedAt - job.createdAt).toBeLessThan(4000 + 1000);
	});

	it('a job that keeps promising progress ends at the Timeout, pending with Return Pending', async () => {
		const run = await runMeiGen(
			fake(),
			waitFor('long [never]', { waitTimeout: 2, onTimeout: 'returnPending' }),
		);

		expect(run.status).toBe('success');
		const job = onlyJob(fake());
		expect(run.items[0].json).toMatchObject({ generationId: job.id, status: 'processing' });
		expect(run.finishedAt - job.createdAt).toBeLessThan(2000 + 1000);
	});

	it('a Timeout past the execution timeout: the execution timeout ends the wait first', async () => {
		const run = await runMeiGen(fake(), waitFor('long [never]', { waitTimeout: 60 }), {
			settings: { executionTimeout: 4 },
		});

		expect(run.stopReason).toBeUndefined();
		expect(run.nodeError('MeiGen')?.message).toContain("before the workflow's execution timeout");
	});

	it('a job that completes within the Timeout is output as usual', async () => {
		fake().setJobDuration('flux2-klein', 1500);
		const run = await runMeiGen(fake(), waitFor('quick enough', { waitTimeout: 10 }));

		expect(run.status).toBe('success');
		expect(run.items[0].json.status).toBe('completed');
	});
});
