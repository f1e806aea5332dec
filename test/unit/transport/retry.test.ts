import { ApiError, CancelledError, NetworkError } from '../../../nodes/MeiGen/transport/errors';
import {
	backoffDelay,
	classifyReadError,
	classifySubmitError,
	withRetries,
	type RetryDecision,
} from '../../../nodes/MeiGen/transport/retry';
import { runToEnd, track, useFakeClock } from '../clock';

class Transient extends Error {}
class Final extends Error {}

const classify = (error: unknown): RetryDecision =>
	error instanceof Transient ? { retry: true, afterMs: 0 } : { retry: false };
const far = () => Date.now() + 60_000;

describe('backoffDelay', () => {
	it('stays between half and all of the capped exponential delay', () => {
		for (let retry = 0; retry < 10; retry++) {
			const ceiling = Math.min(8000, 1000 * 2 ** retry);
			for (let n = 0; n < 50; n++) {
				const delay = backoffDelay(retry, 1000, 8000);
				expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
				expect(delay).toBeLessThanOrEqual(ceiling);
			}
		}
	});

	it('never exceeds the maximum, however many retries', () => {
		expect(backoffDelay(60, 1000, 30_000)).toBeLessThanOrEqual(30_000);
	});
});

describe('withRetries', () => {
	useFakeClock();

	it('returns the first success', async () => {
		let calls = 0;
		const value = await withRetries(async () => ++calls, classify, {
			attempts: 5,
			baseDelayMs: 1,
			maxDelayMs: 1,
			deadline: far(),
		});
		expect(value).toBe(1);
		expect(calls).toBe(1);
	});

	it('retries a transient failure and returns the later success', async () => {
		let calls = 0;
		const value = await runToEnd(
			withRetries(
				async () => {
					calls++;
					if (calls < 3) throw new Transient('again');
					return 'ok';
				},
				classify,
				{ attempts: 5, baseDelayMs: 1, maxDelayMs: 1, deadline: far() },
			),
		);
		expect(value).toBe('ok');
		expect(calls).toBe(3);
	});

	it('makes exactly `attempts` tries, then rethrows the last error as it was', async () => {
		let calls = 0;
		const last = new Transient('still failing');
		const promise = runToEnd(
			withRetries(
				async () => {
					calls++;
					throw calls === 4 ? last : new Transient(`try ${calls}`);
				},
				classify,
				{ attempts: 4, baseDelayMs: 1, maxDelayMs: 1, deadline: far() },
			),
		);
		await expect(promise).rejects.toBe(last);
		expect(calls).toBe(4);
	});

	it('does not retry what classify calls final', async () => {
		let calls = 0;
		const final = new Final('no');
		await expect(
			withRetries(
				async () => {
					calls++;
					throw final;
				},
				classify,
				{ attempts: 5, baseDelayMs: 1, maxDelayMs: 1, deadline: far() },
			),
		).rejects.toBe(final);
		expect(calls).toBe(1);
	});

	it('plans no retry that would start after the deadline', async () => {
		let calls = 0;
		const started = Date.now();
		await expect(
			withRetries(
				async () => {
					calls++;
					throw new Transient('x');
				},
				() => ({ retry: true, afterMs: 5000 }),
				{ attempts: 5, baseDelayMs: 1, maxDelayMs: 1, deadline: Date.now() + 1000 },
			),
		).rejects.toBeInstanceOf(Transient);
		expect(calls).toBe(1);
		expect(Date.now()).toBe(started);
	});

	it('uses the server delay when classify gives one', async () => {
		const times: number[] = [];
		const probe = track(
			withRetries(
				async () => {
					times.push(Date.now());
					if (times.length < 2) throw new Transient('x');
					return true;
				},
				() => ({ retry: true, afterMs: 200 }),
				{ attempts: 3, baseDelayMs: 5000, maxDelayMs: 5000, deadline: far() },
			),
		);
		await jest.advanceTimersByTimeAsync(200);
		expect(probe.value).toBe(true);
		expect(times[1] - times[0]).toBe(200);
	});

	it('tells onRateLimited about a rate-limit answer and its delay', async () => {
		const told: number[] = [];
		let calls = 0;
		await runToEnd(
			withRetries(
				async () => {
					if (++calls === 1) throw new Transient('429');
					return true;
				},
				() => ({ retry: true, afterMs: 10, rateLimited: true }),
				{
					attempts: 3,
					baseDelayMs: 1,
					maxDelayMs: 1,
					deadline: far(),
					onRateLimited: (ms) => told.push(ms),
				},
			),
		);
		expect(told).toEqual([10]);
	});

	it('stops with CancelledError when the signal aborts during the wait between tries', async () => {
		const controller = new AbortController();
		let calls = 0;
		const probe = track(
			withRetries(
				async () => {
					calls++;
					throw new Transient('x');
				},
				() => ({ retry: true, afterMs: 2000 }),
				{ attempts: 5, baseDelayMs: 1, maxDelayMs: 1, deadline: far(), signal: controller.signal },
			),
		);
		await jest.advanceTimersByTimeAsync(100);
		controller.abort();
		await jest.advanceTimersByTimeAsync(0);
		expect(probe.error).toBeInstanceOf(CancelledError);
		expect(calls).toBe(1);
	});

	it('does not try again once the signal has aborted', async () => {
		const controller = new AbortController();
		let calls = 0;
		await expect(
			withRetries(
				async () => {
					calls++;
					controller.abort();
					throw new Transient('x');
				},
				classify,
				{ attempts: 5, baseDelayMs: 1, maxDelayMs: 1, deadline: far(), signal: controller.signal },
			),
		).rejects.toBeInstanceOf(CancelledError);
		expect(calls).toBe(1);
	});
});

describe('classifySubmitError', () => {
	it('retries a lost answer (the idempotency key makes it safe)', () => {
		expect(classifySubmitError(new NetworkError('reset', 'ECONNRESET'))).toEqual({ retry: true });
	});

	it('retries a 429 after Retry-After and reports the rate limit', () => {
		expect(classifySubmitError(new ApiError(429, {}, 7000))).toEqual({
			retry: true,
			afterMs: 7000,
			rateLimited: true,
		});
	});

	it('waits at least 10 s on a 429 without Retry-After', () => {
		const decision = classifySubmitError(new ApiError(429, {}));
		expect(decision.retry && decision.afterMs).toBeGreaterThanOrEqual(10_000);
	});

	it('retries 5xx, honouring retryAfterSeconds', () => {
		expect(
			classifySubmitError(
				new ApiError(503, { code: 'reference_probe_timeout', retryable: true }, 1000),
			),
		).toEqual({ retry: true, afterMs: 1000 });
		expect(classifySubmitError(new ApiError(500, {}))).toMatchObject({ retry: true });
	});

	it.each([400, 401, 402, 403, 404, 409, 422])('never retries a %i', (status) => {
		expect(classifySubmitError(new ApiError(status, {}))).toEqual({ retry: false });
	});

	it('never retries an unknown error', () => {
		expect(classifySubmitError(new Error('bug'))).toEqual({ retry: false });
	});
});

describe('classifyReadError', () => {
	it('retries network trouble, but not a refused URL scheme', () => {
		expect(classifyReadError(new NetworkError('reset', 'ECONNRESET'))).toEqual({ retry: true });
		expect(classifyReadError(new NetworkError('file:', 'unsupported_protocol'))).toEqual({
			retry: false,
		});
	});

	it('retries 429 and 5xx', () => {
		expect(classifyReadError(new ApiError(429, {}, 2000))).toEqual({
			retry: true,
			afterMs: 2000,
			rateLimited: true,
		});
		expect(classifyReadError(new ApiError(502, {}))).toMatchObject({ retry: true });
	});

	it.each([400, 401, 403, 404, 410])('fails a %i at once', (status) => {
		expect(classifyReadError(new ApiError(status, {}))).toEqual({ retry: false });
	});
});
