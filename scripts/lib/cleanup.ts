/**
 * What a run started, stopped in reverse order exactly once: at the end, on failure, and on
 * Ctrl-C / SIGTERM / SIGHUP. Only things registered here are stopped; nothing is looked up by name.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

type Teardown = { label: string; run: () => Promise<void> };

/**
 * The real process: in jest's sandbox `process` is a copy whose signal handlers never fire, so
 * scripts/lib/jest/environment.js hands the real one in.
 */
const host = (globalThis as { hostProcess?: NodeJS.Process }).hostProcess ?? process;

const teardowns: Teardown[] = [];
let running: Promise<void> = Promise.resolve();

export function onCleanup(label: string, run: () => Promise<void> | void): void {
	teardowns.push({ label, run: async () => await run() });
}

/** Stops everything registered so far (after a stop already under way); each thing once. */
export function cleanup(): Promise<void> {
	running = running.then(async () => {
		for (let teardown = teardowns.pop(); teardown; teardown = teardowns.pop()) {
			try {
				await teardown.run();
			} catch (error) {
				const why = error instanceof Error ? error.message : String(error);
				console.error(`[cleanup] ${teardown.label}: ${why}`);
			}
		}
	});
	return running;
}

/** Ctrl-C, SIGTERM and SIGHUP stop what the run started, then end the run with 130. */
export function cleanupOnSignals(tag: string): void {
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		host.once(signal, () => {
			console.log(`\n[${tag}] stopped by ${signal}; stopping what this run started`);
			void cleanup().then(() => host.exit(130));
		});
	}
}

/** A new temporary folder, removed at cleanup unless the environment sets `keepEnv`. */
export async function tempFolder(prefix: string, keepEnv?: string, tag = '[cleanup]') {
	const dir = await mkdtemp(path.join(tmpdir(), prefix));
	onCleanup(`remove ${dir}`, async () => {
		if (keepEnv && process.env[keepEnv]) console.log(`${tag} kept ${dir}`);
		else await rm(dir, { recursive: true, force: true });
	});
	return dir;
}
