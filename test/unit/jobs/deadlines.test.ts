import { planDeadline } from '../../../nodes/MeiGen/jobs/deadlines';

describe('planDeadline', () => {
	const t0 = 1_700_000_000_000;

	it('uses the node timeout when the workflow has no execution timeout', () => {
		expect(planDeadline(t0, 300, undefined)).toEqual({ at: t0 + 300_000, reason: 'waitTimeout' });
		expect(planDeadline(t0, 300, 0)).toEqual({ at: t0 + 300_000, reason: 'waitTimeout' });
		expect(planDeadline(t0, 300, -1)).toEqual({ at: t0 + 300_000, reason: 'waitTimeout' });
	});

	it('ends 5 s before a long execution timeout that comes first', () => {
		expect(planDeadline(t0, 300, 120)).toEqual({ at: t0 + 115_000, reason: 'executionTimeout' });
	});

	it('keeps a 10 % margin before a short execution timeout', () => {
		expect(planDeadline(t0, 300, 4)).toEqual({ at: t0 + 3600, reason: 'executionTimeout' });
	});

	it('keeps the node timeout when it comes before the execution timeout', () => {
		expect(planDeadline(t0, 10, 600)).toEqual({ at: t0 + 10_000, reason: 'waitTimeout' });
	});

	it('counts the execution timeout from when the node began, not from the wait', () => {
		expect(planDeadline(t0 + 50_000, 300, 120, t0)).toEqual({
			at: t0 + 115_000,
			reason: 'executionTimeout',
		});
	});

	it('is always before the execution would be cut off', () => {
		for (const limit of [1, 2, 5, 30, 60, 3600]) {
			expect(planDeadline(t0, 100_000, limit).at).toBeLessThan(t0 + limit * 1000);
		}
	});
});
