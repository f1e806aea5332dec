import { CancelledError } from '../transport/errors';
import { cancellableSleep } from '../transport/sleep';

export type PollStep<T> = { done: true; value: T } | { done: false; nextDelayMs: number };

export interface PollOptions {
	/** Epoch ms after which no further check starts */
	deadline: number;
	signal?: AbortSignal;
}

/**
 * Calls `check` until it reports done, the deadline passes, or the signal aborts (CancelledError).
 * The last sleep is cut short so one final check runs at the deadline itself.
 */
export async function pollUntil<T>(
	check: () => Promise<PollStep<T>>,
	options: PollOptions,
): Promise<{ done: true; value: T } | { done: false }> {
	for (;;) {
		if (options.signal?.aborted) throw new CancelledError();
		const step = await check();
		if (step.done) return step;
		const remaining = options.deadline - Date.now();
		if (remaining <= 0) return { done: false };
		await cancellableSleep(Math.min(step.nextDelayMs, remaining), options.signal);
	}
}
