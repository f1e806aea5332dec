import { sleep } from 'n8n-workflow';

import { CancelledError } from './errors';

/**
 * Waits `ms`, or rejects with CancelledError the moment `signal` aborts. n8n-workflow before 2.35
 * ignores sleep's signal, so the abort event is raced against it on every version.
 */
export async function cancellableSleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) throw new CancelledError();
	if (!signal) return await sleep(ms);

	let onAbort = () => {};
	const aborted = new Promise<never>((_resolve, reject) => {
		onAbort = () => reject(new CancelledError());
		signal.addEventListener('abort', onAbort, { once: true });
	});
	// On n8n-workflow 2.35+ sleep itself rejects on abort; `aborted` reports that as CancelledError.
	const slept = sleep(ms, signal).then(
		() => true,
		() => false,
	);
	try {
		await Promise.race([slept, aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}
