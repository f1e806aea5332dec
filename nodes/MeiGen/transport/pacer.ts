import { cancellableSleep } from './sleep';

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
