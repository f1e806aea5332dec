import { CancelledError } from '../../../nodes/MeiGen/transport/errors';
import { waitForJob, type JobWatch } from '../../../nodes/MeiGen/jobs/waitForJob';
import { track, useFakeClock } from '../clock';

useFakeClock();

interface FakeStatus {
	done: boolean;
	n: number;
}

/** A job that is done after `doneAfter` reads; each read is recorded with its time. */
function fakeJob(doneAfter: number, delayMs = 1000) {
	const reads: number[] = [];
	const started = Date.now();
	const watch: JobWatch<FakeStatus> = {
		read: async () => {
			reads.push(Date.now() - started);
			return { done: reads.length >= doneAfter, n: reads.length };
		},
		isDone: (status) => status.done,
		nextDelayMs: () => delayMs,
	};
	return { watch, reads };
}

const deadline = (ms: number) => ({ at: Date.now() + ms, reason: 'waitTimeout' as const });

describe('waitForJob', () => {
	it('a job just submitted is first read one interval later, then at the pace the watch gives', async () => {
		const { watch, reads } = fakeJob(3, 2000);
		const probe = track(
			waitForJob(watch, { intervalMs: 500, deadline: deadline(60_000), startedAt: Date.now() }),
		);
		await jest.advanceTimersByTimeAsync(4500);
		expect(reads).toEqual([500, 2500, 4500]);
		expect(probe.value).toMatchObject({ status: { done: true, n: 3 }, timedOut: false });
	});

	it('a status already in hand is used as the first read: no request for it', async () => {
		const { watch, reads } = fakeJob(1);
		const probe = track(
			waitForJob(watch, {
				initial: { done: false, n: 0 },
				intervalMs: 500,
				deadline: deadline(60_000),
				startedAt: Date.now(),
			}),
		);
		await jest.advanceTimersByTimeAsync(999);
		expect(reads).toEqual([]);
		await jest.advanceTimersByTimeAsync(1);
		expect(reads).toEqual([1000]);
		expect(probe.value).toMatchObject({ status: { done: true, n: 1 }, timedOut: false });
	});

	it('at the deadline: one last read, then the last status, timed out', async () => {
		const { watch, reads } = fakeJob(Infinity, 2000);
		const probe = track(
			waitForJob(watch, { intervalMs: 1000, deadline: deadline(5000), startedAt: Date.now() }),
		);
		await jest.advanceTimersByTimeAsync(10_000);
		expect(reads).toEqual([1000, 3000, 5000]);
		expect(probe.value).toEqual({ status: { done: false, n: 3 }, timedOut: true });
	});

	it('Stop ends the wait at once, with no read after it', async () => {
		const { watch, reads } = fakeJob(Infinity, 5000);
		const controller = new AbortController();
		const probe = track(
			waitForJob(watch, {
				intervalMs: 1000,
				deadline: deadline(60_000),
				signal: controller.signal,
				startedAt: Date.now(),
			}),
		);
		await jest.advanceTimersByTimeAsync(2000);
		controller.abort();
		await jest.advanceTimersByTimeAsync(60_000);
		expect(probe.error).toBeInstanceOf(CancelledError);
		expect(reads).toEqual([1000]);
	});

	it('without a Timeout, the wait ends when the service stops promising progress', async () => {
		const reads: number[] = [];
		const started = Date.now();
		const watch: JobWatch<{ hint: number }> = {
			read: async () => {
				reads.push(Date.now() - started);
				return { hint: Math.max(0, 3 - reads.length) };
			},
			isDone: () => false,
			nextDelayMs: () => 1000,
			noProgress: (status) => status.hint === 0,
		};
		const probe = track(
			waitForJob(watch, {
				intervalMs: 1000,
				deadline: deadline(60_000),
				startedAt: started,
				stopWithoutProgress: true,
			}),
		);
		await jest.advanceTimersByTimeAsync(10_000);
		expect(reads).toEqual([1000, 2000, 3000]);
		expect(probe.value).toEqual({ status: { hint: 0 }, timedOut: true, noProgress: true });
	});
});
