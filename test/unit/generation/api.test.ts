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
				100_000,
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

	it('falls back to the interval once the expected time has passed', () => {
		expect(
			nextPollDelay(
				{ status: 'processing', pollHintSeconds: 20, expectedWaitSeconds: 30 },
				3000,
				40_000,
			),
		).toBe(3000);
		expect(nextPollDelay({ status: 'processing', pollHintSeconds: 20 }, 3000, 0)).toBe(3000);
	});
});
