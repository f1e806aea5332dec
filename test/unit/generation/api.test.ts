import { nextPollDelay } from '../../../nodes/MeiGen/generation/api';

describe('nextPollDelay', () => {
	it('polls at the interval when there is no hint', () => {
		expect(nextPollDelay({ status: 'processing' }, 3000, 0)).toBe(3000);
	});

	it('polls at the interval when the hint is shorter', () => {
		expect(
			nextPollDelay({ status: 'processing', pollHintSeconds: 1, expectedWaitSeconds: 60 }, 3000, 0),
		).toBe(3000);
		expect(
			nextPollDelay(
				{ status: 'processing', pollHintSeconds: 0, expectedWaitSeconds: 60 },
				3000,
				50_000,
			),
		).toBe(3000);
	});

	it('follows a longer hint', () => {
		expect(
			nextPollDelay(
				{ status: 'processing', pollHintSeconds: 20, expectedWaitSeconds: 120 },
				3000,
				10_000,
			),
		).toBe(20_000);
	});

	it('never sleeps past the moment the job is expected to be done', () => {
		expect(
			nextPollDelay(
				{ status: 'processing', pollHintSeconds: 20, expectedWaitSeconds: 30 },
				3000,
				20_000,
			),
		).toBe(10_000);
	});

	it('polls at the interval without an expected time', () => {
		expect(nextPollDelay({ status: 'processing', pollHintSeconds: 20 }, 3000, 0)).toBe(3000);
	});

	it('backs off by half each time once the expected time has passed, up to 30 s', () => {
		const status = { status: 'processing' as const, pollHintSeconds: 20, expectedWaitSeconds: 30 };
		// Just past the estimate: the Poll Interval.
		expect(nextPollDelay(status, 3000, 31_000)).toBe(3000);
		// Each pause is half the overrun so far, so the overrun (and the pause) grows 1.5× a poll.
		let elapsed = 36_000;
		const pauses: number[] = [];
		for (let poll = 0; poll < 12; poll++) {
			const pause = nextPollDelay(status, 3000, elapsed);
			pauses.push(pause);
			elapsed += pause;
		}
		expect(pauses[0]).toBe(3000);
		expect(pauses[1]).toBe(4500);
		expect(pauses[2]).toBe(6750);
		expect(Math.max(...pauses)).toBe(30_000);
		expect(pauses.slice(-3)).toEqual([30_000, 30_000, 30_000]);
	});

	it('never backs off to less than a longer Poll Interval', () => {
		const status = { status: 'processing' as const, expectedWaitSeconds: 30 };
		expect(nextPollDelay(status, 45_000, 600_000)).toBe(45_000);
	});
});
