import { CancelledError } from './errors';
import { cancellableSleep } from './polling';

export type RetryDecision = { retry: false } | { retry: true; afterMs?: number; rateLimited?: boolean };

export interface RetryPolicy {
	/** Tries in all, the first included */
	attempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** No retry is planned to start after this epoch ms */
	deadline: number;
	signal?: AbortSignal;
	/** Told about every rate-limit answer, so a whole batch can slow down */
	onRateLimited?: (afterMs: number) => void;
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
 * Spaces submissions across all items of one execution. A rate-limit answer holds every submit
 * back for the server's delay and widens the gap between submits, so a batch slows down as a
 * whole instead of each item burning its retries.
 */
export class SubmitPacer {
	private notBefore = 0;

	private gapMs = 0;

	constructor(private readonly maxGapMs = 10_000) {}

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

	rateLimited(afterMs: number): void {
		this.gapMs = Math.min(this.maxGapMs, Math.max(1000, this.gapMs * 2));
		this.notBefore = Math.max(this.notBefore, Date.now() + afterMs);
	}

	/** An accepted submit: the pace recovers step by step once the server takes submits again. */
	accepted(): void {
		this.gapMs = this.gapMs < 500 ? 0 : this.gapMs / 2;
	}
}
