import { CancelledError } from '../../../nodes/MeiGen/transport/errors';
import { SubmitPacer } from '../../../nodes/MeiGen/transport/retry';
import { track, useFakeClock } from '../clock';

useFakeClock();

/** When each of `count` submits gets its turn, in ms from now. */
async function turns(pacer: SubmitPacer, count: number, budgetMs: number): Promise<number[]> {
	const started = Date.now();
	const times: number[] = [];
	const all = (async () => {
		for (let n = 0; n < count; n++) {
			await pacer.wait();
			times.push(Date.now() - started);
		}
	})();
	await jest.advanceTimersByTimeAsync(budgetMs);
	await all;
	return times;
}

describe('SubmitPacer', () => {
	it('lets submissions through at once while nothing was rate limited', async () => {
		expect(await turns(new SubmitPacer(), 5, 0)).toEqual([0, 0, 0, 0, 0]);
	});

	it('holds the next submit back for the server delay after a rate-limit answer', async () => {
		const pacer = new SubmitPacer();
		await pacer.wait();
		pacer.rateLimited(300);
		const probe = track(pacer.wait());
		await jest.advanceTimersByTimeAsync(299);
		expect(probe.settled).toBe(false);
		await jest.advanceTimersByTimeAsync(1);
		expect(probe.value).toBe(true);
	});

	it('widens the gap between submits after rate limiting, up to its maximum', async () => {
		const pacer = new SubmitPacer(1500);
		pacer.rateLimited(0);
		expect(await turns(pacer, 2, 1000)).toEqual([0, 1000]);
		// 1000 → 2000 → … capped at 1500: the gap never exceeds the maximum.
		for (let n = 0; n < 5; n++) pacer.rateLimited(0);
		const gaps = await turns(pacer, 2, 3000);
		expect(gaps[1] - gaps[0]).toBe(1500);
	});

	it('the pace recovers step by step after accepted submits', async () => {
		const pacer = new SubmitPacer(8000);
		for (let n = 0; n < 3; n++) pacer.rateLimited(0); // gap 4000
		await jest.advanceTimersByTimeAsync(0);
		pacer.accepted(); // 2000
		pacer.accepted(); // 1000
		const times = await turns(pacer, 2, 1000);
		expect(times[1] - times[0]).toBe(1000);
		pacer.accepted(); // 500
		pacer.accepted(); // 250
		pacer.accepted(); // under 500: back to no gap at all
		await jest.advanceTimersByTimeAsync(1000);
		expect(await turns(pacer, 3, 0)).toEqual([0, 0, 0]);
	});

	it('a rate-limit answer that arrives while items wait moves their turn back', async () => {
		const pacer = new SubmitPacer();
		pacer.rateLimited(1000);
		const probe = track(pacer.wait());
		await jest.advanceTimersByTimeAsync(500);
		pacer.rateLimited(2000);
		await jest.advanceTimersByTimeAsync(1999);
		expect(probe.settled).toBe(false);
		await jest.advanceTimersByTimeAsync(1);
		expect(probe.value).toBe(true);
	});

	it('gives up, without taking a turn, when the turn would come after the deadline', async () => {
		const pacer = new SubmitPacer();
		pacer.rateLimited(5000);
		expect(await pacer.wait(undefined, Date.now() + 1000)).toBe(false);
	});

	it('a stopped execution ends the wait with CancelledError', async () => {
		const pacer = new SubmitPacer();
		pacer.rateLimited(2000);
		const controller = new AbortController();
		const probe = track(pacer.wait(controller.signal));
		await jest.advanceTimersByTimeAsync(50);
		controller.abort();
		await jest.advanceTimersByTimeAsync(0);
		expect(probe.error).toBeInstanceOf(CancelledError);
	});
});

describe('SubmitPacer: at most four submissions in flight', () => {
	it('a fifth submit waits until one of the four has its answer, first come first served', async () => {
		const pacer = new SubmitPacer();
		const answers: Array<() => void> = [];
		const order: number[] = [];
		const sends = [0, 1, 2, 3, 4, 5].map((n) =>
			pacer.inSlot(async () => {
				order.push(n);
				await new Promise<void>((resolve) => answers.push(resolve));
				return n;
			}),
		);
		await jest.advanceTimersByTimeAsync(0);
		expect(order).toEqual([0, 1, 2, 3]);
		answers[0]();
		await jest.advanceTimersByTimeAsync(0);
		expect(order).toEqual([0, 1, 2, 3, 4]);
		answers.slice(1).forEach((answer) => answer());
		await jest.advanceTimersByTimeAsync(0);
		answers.forEach((answer) => answer());
		expect(await Promise.all(sends)).toEqual([0, 1, 2, 3, 4, 5]);
	});

	it('a failed submit gives its slot back too', async () => {
		const pacer = new SubmitPacer(10_000, 1);
		await expect(pacer.inSlot(async () => Promise.reject(new Error('lost')))).rejects.toThrow(
			'lost',
		);
		expect(await pacer.inSlot(async () => 'next')).toBe('next');
	});

	it('Stop takes a waiting submit out of the line: it is never sent', async () => {
		const pacer = new SubmitPacer(10_000, 1);
		let release = () => {};
		const first = pacer.inSlot(async () => await new Promise<void>((r) => (release = r)));
		const controller = new AbortController();
		let sent = false;
		const waiting = track(
			pacer.inSlot(async () => {
				sent = true;
			}, controller.signal),
		);
		await jest.advanceTimersByTimeAsync(0);
		controller.abort();
		await jest.advanceTimersByTimeAsync(0);
		expect(waiting.error).toBeInstanceOf(CancelledError);
		release();
		await first;
		expect(sent).toBe(false);
	});
});
