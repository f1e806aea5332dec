import { CancelledError } from '../../../nodes/MeiGen/transport/errors';
import { waitForJob, type JobWatch } from '../../../nodes/MeiGen/jobs/job';
import { track, useFakeClock } from '../clock';

useFakeClock();

interface FakeStatus {
	done: boolean;
	n: number;
	hint?: number;
}

/**
 * A job that is done after `doneAfter` reads, with MeiGen's estimate `estimateMs`; each read is
 * recorded with its time.
 */
function fakeJob(doneAfter: number, estimateMs?: number) {
	const reads: number[] = [];
	const started = Date.now();
	const watch: JobWatch<FakeStatus> = {
		read: async () => {
			reads.push(Date.now() - started);
			return { done: reads.length >= doneAfter, n: reads.length };
		},
		isDone: (status) => status.done,
		estimateMs: () => estimateMs,
		noProgress: (status) => status.hint === 0,
	};
	return { watch, reads, started };
}

const deadline = (ms: number) => ({ at: Date.now() + ms, reason: 'waitTimeout' as const });

describe('waitForJob', () => {
	it('a job just submitted is first read one interval later, then every interval within the estimate', async () => {
		const { watch, reads, started } = fakeJob(3, 60_000);
		const probe = track(
			waitForJob(watch, {
				intervalMs: 500,
				deadline: deadline(60_000),
				startedAt: started,
				stopWithoutProgress: true,
			}),
		);
		await jest.advanceTimersByTimeAsync(1500);
		expect(reads).toEqual([500, 1000, 1500]);
		expect(probe.value).toEqual({ status: { done: true, n: 3 }, end: 'done' });
	});

	it('a status already in hand is used as the first read: no request for it', async () => {
		const { watch, reads, started } = fakeJob(1);
		const probe = track(
			waitForJob(watch, {
				initial: { done: false, n: 0 },
				intervalMs: 1000,
				deadline: deadline(60_000),
				startedAt: started,
				stopWithoutProgress: true,
			}),
		);
		await jest.advanceTimersByTimeAsync(999);
		expect(reads).toEqual([]);
		await jest.advanceTimersByTimeAsync(1);
		expect(reads).toEqual([1000]);
		expect(probe.value).toEqual({ status: { done: true, n: 1 }, end: 'done' });
	});

	it('past the estimate the pauses grow, 1.5× each time', async () => {
		const { watch, reads, started } = fakeJob(Infinity, 2000);
		track(
			waitForJob(watch, {
				intervalMs: 1000,
				deadline: deadline(60_000),
				startedAt: started,
				stopWithoutProgress: true,
			}),
		);
		await jest.advanceTimersByTimeAsync(20_000);
		const pauses = reads.slice(1).map((time, index) => time - reads[index]);
		// Within the estimate (2 s), and until the overrun is two intervals: every second; then
		// half the overrun so far.
		expect(reads.slice(0, 4)).toEqual([1000, 2000, 3000, 4000]);
		expect(pauses.slice(3, 7)).toEqual([1000, 1500, 2250, 3375]);
	});

	it('at the deadline: one last read, then the last status', async () => {
		const { watch, reads, started } = fakeJob(Infinity);
		const probe = track(
			waitForJob(watch, {
				intervalMs: 2000,
				deadline: deadline(5000),
				startedAt: started,
				stopWithoutProgress: true,
			}),
		);
		await jest.advanceTimersByTimeAsync(10_000);
		expect(reads).toEqual([2000, 4000, 5000]);
		expect(probe.value).toEqual({ status: { done: false, n: 3 }, end: 'deadline' });
	});

	it('Stop ends the wait at once, with no read after it', async () => {
		const { watch, reads, started } = fakeJob(Infinity);
		const controller = new AbortController();
		const probe = track(
			waitForJob(watch, {
				intervalMs: 5000,
				deadline: deadline(60_000),
				signal: controller.signal,
				startedAt: started,
				stopWithoutProgress: true,
			}),
		);
		await jest.advanceTimersByTimeAsync(7000);
		controller.abort();
		await jest.advanceTimersByTimeAsync(60_000);
		expect(probe.error).toBeInstanceOf(CancelledError);
		expect(reads).toEqual([5000]);
	});

	it('the wait ends when MeiGen stops promising progress, unless a Timeout keeps it', async () => {
		const reads: number[] = [];
		const started = Date.now();
		const watch: JobWatch<{ hint: number }> = {
			read: async () => {
				reads.push(Date.now() - started);
				return { hint: Math.max(0, 3 - reads.length) };
			},
			isDone: () => false,
			estimateMs: () => undefined,
			noProgress: (status) => status.hint === 0,
		};
		const plan = () => ({ intervalMs: 1000, deadline: deadline(6000), startedAt: started });
		const probe = track(waitForJob(watch, { ...plan(), stopWithoutProgress: true }));
		await jest.advanceTimersByTimeAsync(10_000);
		expect(reads).toEqual([1000, 2000, 3000]);
		expect(probe.value).toEqual({ status: { hint: 0 }, end: 'noProgress' });

		reads.length = 0;
		const kept = track(waitForJob(watch, { ...plan(), stopWithoutProgress: false }));
		await jest.advanceTimersByTimeAsync(20_000);
		expect(kept.value).toEqual({ status: { hint: 0 }, end: 'deadline' });
		expect(reads.length).toBeGreaterThan(3);
	});
});
