import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

import { isObject } from './json';

export interface PackedPackage {
	/** Absolute path of the .tgz. */
	tarball: string;
	/** Paths inside the tarball, relative to its package/ folder, as npm lists them. */
	files: string[];
	/** Folder the tarball was unpacked into (its package/ folder). */
	dir: string;
}

function run(command: string, args: string[], cwd: string): string {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
	if (result.error) throw result.error;
	if (result.status !== 0) {
		throw new Error(
			`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.trim()}`,
		);
	}
	return result.stdout;
}

/**
 * `npm pack` into workDir and unpack the tarball as n8n would install it. The unpacked folder gets a
 * node_modules link one level up (to the project's own node_modules), so the node and credential
 * modules can be loaded to read their descriptions without installing anything.
 */
export function packAndUnpack(projectRoot: string, workDir: string): PackedPackage {
	const stdout = run('npm', ['pack', '--json', '--pack-destination', workDir], projectRoot);
	const parsed: unknown = JSON.parse(stdout);
	const entry: unknown = Array.isArray(parsed) ? parsed[0] : undefined;
	if (!isObject(entry) || typeof entry.filename !== 'string' || !Array.isArray(entry.files)) {
		throw new Error(`unexpected npm pack output: ${stdout.slice(0, 200)}`);
	}
	const files = entry.files
		.map((file: unknown) => (isObject(file) && typeof file.path === 'string' ? file.path : ''))
		.filter((path: string) => path !== '');

	const tarball = join(workDir, entry.filename);
	const dir = join(workDir, 'package');
	mkdirSync(dir, { recursive: true });
	run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], workDir);
	symlinkSync(join(projectRoot, 'node_modules'), join(workDir, 'node_modules'), 'dir');

	return { tarball, files, dir };
}
