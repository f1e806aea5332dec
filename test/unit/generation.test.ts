import { ApiError, NetworkError } from '../../nodes/MeiGen/transport/errors';
import { nextPollDelay } from '../../nodes/MeiGen/generation/api';
import { mediaUrls } from '../../nodes/MeiGen/generation/result';
import { classifyReadError, classifySubmitError } from '../../nodes/MeiGen/transport/retry';

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

describe('mediaUrls', () => {
	it('gives all images, the first alone, or the video', () => {
		expect(mediaUrls({ status: 'completed', imageUrl: 'a', imageUrls: ['a', 'b'] })).toEqual([
			'a',
			'b',
		]);
		expect(mediaUrls({ status: 'completed', imageUrl: 'a', imageUrls: null })).toEqual(['a']);
		expect(
			mediaUrls({ status: 'completed', mediaType: 'video', videoUrl: 'v', imageUrl: null }),
		).toEqual(['v']);
		expect(mediaUrls({ status: 'completed', imageUrl: null, imageUrls: [] })).toEqual([]);
	});
});
