/**
 * Debian packages a test needs (Redis and Postgres for queue mode, Chromium for the browser test),
 * installed with apt-get when they are missing and the run is root, as on CI's own machines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const isRoot = process.getuid?.() === 0;

/** The first `name` in PATH (then in `extraDirs`). */
export function onPath(name: string, extraDirs: string[] = []): string | undefined {
	const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs];
	for (const dir of dirs) {
		const file = path.join(dir, name);
		if (dir && existsSync(file)) return file;
	}
	return undefined;
}

/** Whether this run may install Debian packages itself. */
export function canAptInstall(): boolean {
	return isRoot && onPath('apt-get') !== undefined;
}

/** Installs Debian packages (as root): `apt-get update`, then the packages without extras. */
export function aptInstall(packages: string[], tag = 'services'): void {
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...packages]]) {
		console.log(`[${tag}] apt-get ${args.join(' ')}`);
		const result = spawnSync('apt-get', args, {
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			encoding: 'utf8',
			timeout: 900_000,
		});
		if (result.status !== 0) {
			throw new Error(
				`apt-get ${args.join(' ')} failed (${result.status ?? result.signal ?? result.error?.message}):\n${(result.stdout + result.stderr).slice(-3000)}`,
			);
		}
	}
}
