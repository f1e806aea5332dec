import { CancelledError } from '../../nodes/MeiGen/helpers/errors';
import { cancellableSleep, planDeadline, pollUntil } from '../../nodes/MeiGen/helpers/polling';

describe('cancellableSleep', () => {
	it('waits the time given', async () => {
		const started = Date.now();
		await cancellableSleep(120);
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
	});

	it('rejects at once when the signal is already aborted', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(cancellableSleep(2000, controller.signal)).rejects.toBeInstanceOf(CancelledError);
	});

	it('rejects the moment the signal aborts', async () => {
		const controller = new AbortController();
		const started = Date.now();
		setTimeout(() => controller.abort(), 50);
		await expect(cancellableSleep(2000, controller.signal)).rejects.toBeInstanceOf(CancelledError);
		expect(Date.now() - started).toBeLessThan(1000);
	});

	it('leaves no abort listener behind', async () => {
		const controller = new AbortController();
		const added = jest.spyOn(controller.signal, 'addEventListener');
		const removed = jest.spyOn(controller.signal, 'removeEventListener');
		await cancellableSleep(5, controller.signal);
		expect(removed.mock.calls.filter(([type]) => type === 'abort').length).toBe(
			added.mock.calls.filter(([type]) => type === 'abort').length,
		);
	});
});

describe('pollUntil', () => {
	it('returns the value once a check reports done', async () => {
		let checks = 0;
		const result = await pollUntil(async () => (++checks === 3 ? { done: true, value: 'ready' } : { done: false, nextDelayMs: 10 }), {
			deadline: Date.now() + 5000,
		});
		expect(result).toEqual({ done: true, value: 'ready' });
		expect(checks).toBe(3);
	});

	it('cuts the last sleep short and makes one final check at the deadline', async () => {
		const times: number[] = [];
		const started = Date.now();
		const result = await pollUntil(
			async () => {
				times.push(Date.now() - started);
				return { done: false, nextDelayMs: 2000 };
			},
			{ deadline: started + 300 },
		);
		expect(result).toEqual({ done: false });
		expect(times).toHaveLength(2);
		expect(times[1]).toBeGreaterThanOrEqual(280);
		expect(times[1]).toBeLessThan(1000);
	});

	it('throws CancelledError when stopped between checks, and checks no more', async () => {
		const controller = new AbortController();
		let checks = 0;
		setTimeout(() => controller.abort(), 50);
		await expect(
			pollUntil(
				async () => {
					checks++;
					return { done: false, nextDelayMs: 2000 };
				},
				{ deadline: Date.now() + 60_000, signal: controller.signal },
			),
		).rejects.toBeInstanceOf(CancelledError);
		expect(checks).toBe(1);
	});

	it('does not check at all when already stopped', async () => {
		const controller = new AbortController();
		controller.abort();
		let checks = 0;
		await expect(
			pollUntil(
				async () => {
					checks++;
					return { done: true, value: 1 };
				},
				{ deadline: Date.now() + 60_000, signal: controller.signal },
			),
		).rejects.toBeInstanceOf(CancelledError);
		expect(checks).toBe(0);
	});
});

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

	it('is always before the execution would be cut off', () => {
		for (const limit of [1, 2, 5, 30, 60, 3600]) {
			expect(planDeadline(t0, 100_000, limit).at).toBeLessThan(t0 + limit * 1000);
		}
	});
});
