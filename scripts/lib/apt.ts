/**
 * Debian packages a test needs (Redis and Postgres for queue mode, Chromium for the browser test),
 * installed with apt-get when they are missing and the run is root, as on CI's own machines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { seconds } from './timing';

export const isRoot = process.getuid?.() === 0;

/** The first `name` in PATH (then in `extraDirs`). */
export function onPath(name: string, extraDirs: string[] = []): string | undefined {
	const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs];
	return dirs.map((dir) => dir && path.join(dir, name)).find((file) => file && existsSync(file));
}

/** Installs Debian packages (as root): `apt-get update`, then the packages without extras. */
function aptInstall(packages: string[], tag: string): void {
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...packages]]) {
		console.log(`[${tag}] apt-get ${args.join(' ')}`);
		const options = { env, stdio: 'pipe', encoding: 'utf8', timeout: 900_000 } as const;
		const result = spawnSync('apt-get', args, options);
		if (result.status !== 0) {
			const why = result.status ?? result.signal ?? result.error?.message;
			const output = (result.stdout + result.stderr).slice(-3000);
			throw new Error(`apt-get ${args.join(' ')} failed (${why}):\n${output}`);
		}
	}
}

/** What `find` finds, installing `packages` first when it finds nothing and the run is root. */
export function ensurePackages<T>(
	tag: string,
	packages: string[],
	find: () => T | undefined,
	{ need, hint }: { need: string; hint: string },
): { found: T; installed: boolean } {
	const found = find();
	if (found !== undefined) return { found, installed: false };
	if (!isRoot || !onPath('apt-get')) throw new Error(`${need}. ${hint}`);
	const started = Date.now();
	console.log(`[${tag}] ${need}; installing Debian's packages ${packages.join(' ')}`);
	aptInstall(packages, tag);
	console.log(`[${tag}] installed in ${seconds(Date.now() - started)}`);
	const after = find();
	if (after === undefined) throw new Error(`${need}, still after installing. ${hint}`);
	return { found: after, installed: true };
}
