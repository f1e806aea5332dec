import { ApiError, CancelledError, InvalidAnswerError, NetworkError } from './errors';
import { cancellableSleep } from './sleep';

/**
 * How calls to MeiGen are tried again, and how fast submits go: when an error is worth another
 * try, with what back-off, and the pacer that spaces one execution's submits.
 */

export type RetryDecision =
	{ retry: false } | { retry: true; afterMs?: number; rateLimited?: boolean };

/** When a call must give up, and what ends it at once. */
export interface CallOptions {
	/** No retry is planned to start after this epoch ms */
	deadline: number;
	signal?: AbortSignal;
}

export interface RetryPolicy extends CallOptions {
	/** Tries in all, the first included */
	attempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Told about every rate-limit answer, so a whole batch can slow down */
	onRateLimited?: (afterMs: number) => void;
}

/** Every API read (status polls, lookups, records): a few tries, short backoff. */
export function readPolicy(call: CallOptions): RetryPolicy {
	return { attempts: 5, baseDelayMs: 1000, maxDelayMs: 8000, ...call };
}

/** Media downloads: each try starts the file again, so fewer of them. */
export function downloadPolicy(call: CallOptions): RetryPolicy {
	return { attempts: 4, baseDelayMs: 1000, maxDelayMs: 8000, ...call };
}

/**
 * Uploads (presign and PUT, Skill image uploads): tried again once. MeiGen counts failed uploads
 * against its 1,000 a day, so a file that fails twice is reported rather than sent again.
 */
export function uploadPolicy(call: CallOptions): RetryPolicy {
	return { attempts: 2, baseDelayMs: 2000, maxDelayMs: 2000, ...call };
}

/** Paid submits: safe to repeat with the same idempotency key; 429s slow the whole batch. */
export function submitPolicy(call: CallOptions, pacer: SubmitPacer): RetryPolicy {
	return {
		attempts: 8,
		baseDelayMs: 1000,
		maxDelayMs: 30_000,
		...call,
		onRateLimited: (afterMs) => pacer.rateLimited(afterMs),
	};
}

/**
 * Lost answers, unreadable answers and server trouble: safe to repeat with the same idempotency
 * key (after a look-up of the request ID, where the job may exist); 429s after MeiGen's delay.
 */
export function classifySubmitError(error: unknown): RetryDecision {
	if (error instanceof NetworkError || error instanceof InvalidAnswerError) return { retry: true };
	if (error instanceof ApiError) {
		if (error.statusCode === 429) {
			return { retry: true, afterMs: error.retryAfterMs ?? 15_000, rateLimited: true };
		}
		if (error.statusCode >= 500) return { retry: true, afterMs: error.retryAfterMs };
	}
	return { retry: false };
}

/** Refusals made here, not network trouble: trying again ends the same way. */
const FINAL_NETWORK_CODES = ['unsupported_protocol', 'too_many_redirects'];

/** A connection that broke while a body was streaming (the error comes from the stream, not the request). */
const BROKEN_STREAM_CODES = [
	'ECONNRESET',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'ERR_STREAM_PREMATURE_CLOSE',
];

/**
 * Reads (status polls, lookups, downloads): network trouble (a read past its time limit too),
 * answers that could not be read, 429 and 5xx; other 4xx are final.
 */
export function classifyReadError(error: unknown): RetryDecision {
	if (error instanceof NetworkError) {
		return { retry: !FINAL_NETWORK_CODES.includes(error.code ?? '') };
	}
	if (error instanceof InvalidAnswerError) return { retry: true, afterMs: error.retryAfterMs };
	const code = (error as { code?: unknown } | undefined)?.code;
	if (typeof code === 'string' && BROKEN_STREAM_CODES.includes(code)) return { retry: true };
	if (error instanceof Error && error.message === 'aborted') return { retry: true };
	if (error instanceof ApiError && (error.statusCode === 429 || error.statusCode >= 500)) {
		return { retry: true, afterMs: error.retryAfterMs, rateLimited: error.statusCode === 429 };
	}
	return { retry: false };
}

/** Capped exponential backoff with jitter (half to full delay), so many items don't retry in step. */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number): number {
	const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Runs `attempt` until it succeeds, `classify` says an error is final, the tries run out, or the
 * next try would start after the deadline. The last error is rethrown as it was.
 */
export async function withRetries<T>(
	attempt: () => Promise<T>,
	classify: (error: unknown) => RetryDecision,
	policy: RetryPolicy,
): Promise<T> {
	for (let retry = 0; ; retry++) {
		const outcome = await attempt().then(
			(value) => ({ ok: true as const, value }),
			(error: unknown) => ({ ok: false as const, error }),
		);
		if (outcome.ok) return outcome.value;
		const { error } = outcome;
		if (error instanceof CancelledError || policy.signal?.aborted) throw new CancelledError();
		const decision = classify(error);
		if (!decision.retry || retry + 1 >= policy.attempts) throw error;
		const delay = decision.afterMs ?? backoffDelay(retry, policy.baseDelayMs, policy.maxDelayMs);
		if (decision.rateLimited) policy.onRateLimited?.(delay);
		if (Date.now() + delay > policy.deadline) throw error;
		await cancellableSleep(delay, policy.signal);
	}
}

/**
 * Submissions in flight at once, across all items of one execution: MeiGen's own client sends at
 * most four. Waits and downloads don't take a slot, so Options → Concurrency still runs that many
 * items side by side.
 */
export const MAX_SUBMITS_IN_FLIGHT = 4;

/**
 * Spaces submissions across all items of one execution. At most MAX_SUBMITS_IN_FLIGHT are sent at
 * once. A rate-limit answer holds every submit back for the server's delay and widens the gap
 * between submits, so a batch slows down as a whole instead of each item burning its retries.
 */
export class SubmitPacer {
	private notBefore = 0;

	private gapMs = 0;

	private inFlight = 0;

	/** Submits waiting for a slot, first come first served */
	private readonly queue: Array<() => void> = [];

	constructor(
		private readonly maxGapMs = 10_000,
		private readonly slots = MAX_SUBMITS_IN_FLIGHT,
	) {}

	/**
	 * Waits for this submit's turn. A rate-limit answer that arrives meanwhile moves the turn
	 * back, so every waiting item honours it. False, without taking a turn, when the turn would
	 * come after `deadline`: the caller gives up instead of submitting late.
	 */
	async wait(signal?: AbortSignal, deadline = Infinity): Promise<boolean> {
		for (;;) {
			const now = Date.now();
			const turn = Math.max(now, this.notBefore);
			if (turn > deadline) return false;
			if (turn === now) {
				this.notBefore = now + this.gapMs;
				return true;
			}
			await cancellableSleep(turn - now, signal);
		}
	}

	/**
	 * Runs one submit in a slot: it waits while MAX_SUBMITS_IN_FLIGHT others are on the wire, and
	 * gives its slot to the next in line when its answer (or failure) is in. Stop ends the wait.
	 */
	async inSlot<T>(send: () => Promise<T>, signal?: AbortSignal): Promise<T> {
		while (this.inFlight >= this.slots) await this.nextSlot(signal);
		this.inFlight++;
		try {
			return await send();
		} finally {
			this.inFlight--;
			this.queue.shift()?.();
		}
	}

	private async nextSlot(signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) throw new CancelledError();
		await new Promise<void>((resolve, reject) => {
			const onAbort = () => {
				this.queue.splice(this.queue.indexOf(wake), 1);
				reject(new CancelledError());
			};
			const wake = () => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			};
			this.queue.push(wake);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	}

	rateLimited(afterMs: number): void {
		this.gapMs = Math.min(this.maxGapMs, Math.max(1000, this.gapMs * 2));
		this.notBefore = Math.max(this.notBefore, Date.now() + afterMs);
	}

	/** An accepted submit: the pace recovers step by step once the server takes submits again. */
	accepted(): void {
		this.gapMs = this.gapMs < 500 ? 0 : this.gapMs / 2;
	}
}
