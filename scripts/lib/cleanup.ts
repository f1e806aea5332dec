/**
 * What a run started, stopped in reverse order exactly once: at the end, on failure, and on
 * Ctrl-C / SIGTERM. Only things registered here are stopped; nothing is looked up by name.
 */
type Teardown = { label: string; run: () => Promise<void> };

const teardowns: Teardown[] = [];
let running: Promise<void> | undefined;
let signalled = false;

/** Whether Ctrl-C / SIGTERM ended the run (what fails afterwards is a consequence, not a finding). */
export function interrupted(): boolean {
	return signalled;
}

export function onCleanup(label: string, run: () => Promise<void>): void {
	teardowns.push({ label, run });
}

export function cleanup(): Promise<void> {
	running ??= (async () => {
		while (teardowns.length) {
			const teardown = teardowns.pop();
			if (!teardown) break;
			try {
				await teardown.run();
			} catch (error) {
				console.error(
					`[cleanup] ${teardown.label}: ${error instanceof Error ? error.message : String(error)}`,
				);
			}
		}
	})();
	return running;
}

let exiting = false;

/** Prints the closing line and exits, once, whichever path (end of run or signal) gets here first. */
export function exitWith(closingLine: string, code: number): void {
	if (exiting) return;
	exiting = true;
	console.log(closingLine);
	process.exit(code);
}

/** Ctrl-C and SIGTERM stop what the run started, then end the run with 130. */
export function cleanupOnSignals(closingLine: () => string): void {
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			signalled = true;
			console.log(`\n[queue] stopped by ${signal}; stopping what this run started`);
			void cleanup().then(() => exitWith(closingLine(), 130));
		});
	}
}
