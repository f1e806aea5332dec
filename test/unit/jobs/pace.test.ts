import {
	BACKOFF_CAP_MS,
	checkAgainSeconds,
	PARKED_BACKOFF_CAP_MS,
	pollPause,
} from '../../../nodes/MeiGen/jobs/pace';

describe('pollPause: every Poll Interval within the estimate, backing off past it', () => {
	it('within the estimate, or without one: the Poll Interval, however long the hint', () => {
		expect(pollPause(25_000, 0, 3000)).toBe(3000);
		expect(pollPause(25_000, 24_999, 3000)).toBe(3000);
		expect(pollPause(undefined, 600_000, 3000)).toBe(3000);
	});

	it('past the estimate: each pause is half the overrun so far (1.5× the last), up to 30 s', () => {
		const estimate = 30_000;
		expect(pollPause(estimate, 31_000, 3000)).toBe(3000);
		let elapsed = 36_000;
		const pauses: number[] = [];
		for (let read = 0; read < 12; read++) {
			const pause = pollPause(estimate, elapsed, 3000);
			pauses.push(pause);
			elapsed += pause;
		}
		expect(pauses.slice(0, 3)).toEqual([3000, 4500, 6750]);
		expect(Math.max(...pauses)).toBe(BACKOFF_CAP_MS);
		expect(pauses.slice(-3)).toEqual([30_000, 30_000, 30_000]);
	});

	it('never less than a longer Poll Interval', () => {
		expect(pollPause(30_000, 600_000, 45_000)).toBe(45_000);
	});
});

describe('checkAgainSeconds: when a workflow that parks the job should look again', () => {
	const base = { intervalMs: 3000, elapsedMs: 0, noProgress: false };

	it('the rest of the estimate while the job is within it, never below the Poll Interval', () => {
		expect(checkAgainSeconds({ ...base, estimateMs: 25_000 })).toBe(25);
		expect(checkAgainSeconds({ ...base, estimateMs: 25_000, elapsedMs: 20_000 })).toBe(5);
		expect(checkAgainSeconds({ ...base, estimateMs: 25_000, elapsedMs: 24_000 })).toBe(3);
		expect(checkAgainSeconds({ ...base, estimateMs: 25_000, intervalMs: 90_000 })).toBe(90);
	});

	it('without an estimate, or once MeiGen stops promising progress with no earlier wait: the Poll Interval', () => {
		expect(checkAgainSeconds(base)).toBe(3);
		expect(checkAgainSeconds({ ...base, estimateMs: 25_000, noProgress: true })).toBe(3);
	});

	it('in a loop that waited already: 1.5× its last wait, up to two minutes', () => {
		expect(checkAgainSeconds({ ...base, estimateMs: 25_000, lastAdviceSeconds: 10 })).toBe(15);
		expect(checkAgainSeconds({ ...base, lastAdviceSeconds: 15, noProgress: true })).toBe(23);
		expect(checkAgainSeconds({ ...base, lastAdviceSeconds: 100 })).toBe(
			PARKED_BACKOFF_CAP_MS / 1000,
		);
	});

	it('past the estimate without an earlier wait: the back-off of a wait', () => {
		expect(checkAgainSeconds({ ...base, estimateMs: 10_000, elapsedMs: 30_000 })).toBe(10);
	});
});
