import { CancelledError } from '../../../nodes/MeiGen/transport/errors';
import { pollUntil } from '../../../nodes/MeiGen/jobs/pollUntil';
import { track, useFakeClock } from '../clock';

useFakeClock();

describe('pollUntil', () => {
	it('returns the value once a check reports done, sleeping the delay between checks', async () => {
		const times: number[] = [];
		const started = Date.now();
		const probe = track(
			pollUntil(
				async () => {
					times.push(Date.now() - started);
					return times.length === 3
						? { done: true as const, value: 'ready' }
						: { done: false as const, nextDelayMs: 10 };
				},
				{ deadline: started + 5000 },
			),
		);
		await jest.advanceTimersByTimeAsync(20);
		expect(probe.value).toEqual({ done: true, value: 'ready' });
		expect(times).toEqual([0, 10, 20]);
	});

	it('cuts the last sleep short and makes one final check at the deadline', async () => {
		const times: number[] = [];
		const started = Date.now();
		const probe = track(
			pollUntil(
				async () => {
					times.push(Date.now() - started);
					return { done: false, nextDelayMs: 2000 };
				},
				{ deadline: started + 300 },
			),
		);
		await jest.advanceTimersByTimeAsync(300);
		expect(probe.value).toEqual({ done: false });
		expect(times).toEqual([0, 300]);
	});

	it('throws CancelledError when stopped between checks, and checks no more', async () => {
		const controller = new AbortController();
		let checks = 0;
		const probe = track(
			pollUntil(
				async () => {
					checks++;
					return { done: false, nextDelayMs: 2000 };
				},
				{ deadline: Date.now() + 60_000, signal: controller.signal },
			),
		);
		await jest.advanceTimersByTimeAsync(50);
		controller.abort();
		await jest.advanceTimersByTimeAsync(10_000);
		expect(probe.error).toBeInstanceOf(CancelledError);
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
