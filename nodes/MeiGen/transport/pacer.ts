import { CancelledError } from './errors';
import { cancellableSleep } from './sleep';

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
