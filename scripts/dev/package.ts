/**
 * This package inside the local n8n, installed the way n8n installs a community package (see
 * scripts/lib/install-package.ts), so its node types are `n8n-nodes-meigen.*` exactly as users and
 * the example workflows have them. On later starts and after every rebuild, the build in the
 * repo's dist/ is copied over the installed one (only files whose content changed). With
 * N8N_DEV_RELOAD=true, n8n 2.x watches every loaded node package's folder
 * (LoadNodesAndCredentials.setupHotReload, with @parcel/watcher) and reloads the package when its
 * files change, then tells open editors to refresh the node descriptions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, watch, type FSWatcher } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { cleanEnv, run } from '../lib/process';
import {
	installIntoUserFolder,
	packPackage,
	recordInDatabase,
	type PackageJson,
} from '../lib/install-package';
import type { N8nInstance } from '../lib/n8n';

export const repoRoot = path.resolve(__dirname, '..', '..');
const repoDist = path.join(repoRoot, 'dist');

/** `npm run build`: tsc and the icons into dist/. */
export async function buildPackage(): Promise<void> {
	await run('npm', ['run', 'build', '--silent'], { cwd: repoRoot, env: cleanEnv() });
}

async function newestMtime(dir: string, match: (file: string) => boolean): Promise<number> {
	let newest = 0;
	for (const file of await listFiles(dir)) {
		if (!match(file)) continue;
		newest = Math.max(newest, (await stat(path.join(dir, file))).mtimeMs);
	}
	return newest;
}

/**
 * Whether dist/ is older than the sources it is built from (tsc rewrites every output file, so
 * the node's entry file carries the time of the last build).
 */
export async function buildIsStale(): Promise<boolean> {
	const entry = path.join(repoDist, 'nodes', 'MeiGen', 'MeiGen.node.js');
	const built = await stat(entry).then(
		(s) => s.mtimeMs,
		() => 0,
	);
	if (!built) return true;
	const sources = Math.max(
		await newestMtime(path.join(repoRoot, 'nodes'), () => true),
		await newestMtime(path.join(repoRoot, 'credentials'), () => true),
		(await stat(path.join(repoRoot, 'package.json'))).mtimeMs,
		(await stat(path.join(repoRoot, 'tsconfig.build.json'))).mtimeMs,
	);
	return sources > built;
}

async function packageName(): Promise<string> {
	const { name } = JSON.parse(
		await readFile(path.join(repoRoot, 'package.json'), 'utf8'),
	) as PackageJson;
	return name;
}

export async function installedDirectory(n8n: N8nInstance): Promise<string> {
	return path.join(n8n.nodesFolder, 'node_modules', await packageName());
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
	const files: string[] = [];
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) files.push(...(await listFiles(full, base)));
		else if (entry.isFile()) files.push(path.relative(base, full));
	}
	return files;
}

async function sameFile(a: string, b: string): Promise<boolean> {
	const [sa, sb] = await Promise.all([stat(a), stat(b).catch(() => undefined)]);
	if (!sb || sa.size !== sb.size) return false;
	const [ba, bb] = await Promise.all([readFile(a), readFile(b)]);
	return ba.equals(bb);
}

/** Copies `from` over `to`: changed and new files, and removes files `from` no longer has. Returns what changed. */
export async function syncFolder(from: string, to: string): Promise<string[]> {
	const changed: string[] = [];
	const source = await listFiles(from);
	for (const file of source) {
		const target = path.join(to, file);
		if (await sameFile(path.join(from, file), target)) continue;
		await mkdir(path.dirname(target), { recursive: true });
		await copyFile(path.join(from, file), target);
		changed.push(file);
	}
	const keep = new Set(source);
	for (const file of await listFiles(to)) {
		if (keep.has(file)) continue;
		await rm(path.join(to, file), { force: true });
		changed.push(file);
	}
	return changed;
}

/** The repo's package.json as n8n keeps an installed package's (no dev, peer or optional dependencies). */
async function installedPackageJson(): Promise<string> {
	const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(
		await readFile(path.join(repoRoot, 'package.json'), 'utf8'),
	) as PackageJson;
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	return JSON.stringify(packageJson, null, 2);
}

/** Brings the installed package up to date with the repo's dist/ and package.json. Returns what changed. */
export async function syncInstalled(directory: string): Promise<string[]> {
	const changed = await syncFolder(repoDist, path.join(directory, 'dist'));
	const manifest = path.join(directory, 'package.json');
	const wanted = await installedPackageJson();
	const current = await readFile(manifest, 'utf8').catch(() => '');
	if (current !== wanted) {
		await writeFile(manifest, wanted);
		changed.push('package.json');
	}
	return changed;
}

/**
 * Installs the package into the user folder when it is not there yet (pack, unpack, n8n's
 * package rules, the installed_packages rows), else syncs the build into it.
 */
export async function ensureInstalled(
	n8n: N8nInstance,
	workDir: string,
): Promise<{ directory: string; installed: boolean; changed: string[] }> {
	const directory = await installedDirectory(n8n);
	if (existsSync(path.join(directory, 'package.json'))) {
		return { directory, installed: false, changed: await syncInstalled(directory) };
	}
	const tarball = await packPackage(repoRoot, path.join(workDir, 'pack'));
	const installed = await installIntoUserFolder(n8n, tarball);
	await recordInDatabase(n8n, installed, repoRoot);
	await rm(path.join(workDir, 'pack'), { recursive: true, force: true });
	return { directory, installed: true, changed: [] };
}

/** What `gulp build:icons` copies next to the compiled code. */
function isAsset(file: string, inCredentials: boolean): boolean {
	return inCredentials ? /\.(png|svg)$/.test(file) : /\.(png|svg|json)$/.test(file);
}

export interface Watcher {
	stop(): Promise<void>;
	pid: number | undefined;
}

/**
 * Rebuilds on change: `tsc --watch` (tsconfig.build.json) writes dist/, the icons and codex files
 * are copied there as `npm run build` does, and each change is synced into the installed package,
 * which n8n then reloads.
 */
export function watchAndSync(
	directory: string,
	log: (message: string) => void,
	logFile: string,
): Watcher {
	const tscBin = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
	const tsc: ChildProcess = spawn(
		process.execPath,
		[tscBin, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'],
		{ cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
	);
	let tscExited = false;
	// tsc's first compile at start rewrites dist/ with what is already there: only changes seen
	// after it (a source file or an icon) are news.
	let changeSeen = false;
	tsc.once('exit', () => {
		tscExited = true;
	});
	const tscLog = createWriteStream(logFile, { flags: 'a' });
	const onTscOutput = (chunk: Buffer) => {
		tscLog.write(chunk);
		for (const line of chunk.toString('utf8').split('\n')) {
			// tsc clears nothing with --preserveWatchOutput; strip its colour codes and timestamps.
			// eslint-disable-next-line no-control-regex
			const text = line.replace(/\u001b\[[0-9;]*m/g, '').trim();
			if (!text) continue;
			if (/error TS\d+/.test(text) || /Found [1-9]\d* errors?/.test(text))
				log(`[tsc] ${text.replace(/^\d+:\d+:\d+ [AP]M - /, '')}`);
			else if (/File change detected/.test(text)) {
				changeSeen = true;
				log('[tsc] change detected, compiling');
			}
		}
	};
	tsc.stdout?.on('data', onTscOutput);
	tsc.stderr?.on('data', onTscOutput);

	let timer: NodeJS.Timeout | undefined;
	let syncing = Promise.resolve();
	const schedule = () => {
		if (timer) clearTimeout(timer);
		timer = setTimeout(() => {
			syncing = syncing.then(async () => {
				try {
					const changed = await syncInstalled(directory);
					const code = changed.filter((file) => !file.endsWith('.map') && !file.endsWith('.d.ts'));
					const report = changeSeen;
					changeSeen = false;
					if (code.length && report)
						log(
							`[dev] rebuilt: ${code.slice(0, 5).join(', ')}${code.length > 5 ? ` and ${code.length - 5} more` : ''}; n8n reloads the node (refresh the editor tab if a form looks stale)`,
						);
				} catch (error) {
					log(
						`[dev] syncing the build failed: ${error instanceof Error ? error.message : String(error)}`,
					);
				}
			});
		}, 400);
	};

	const copyAsset = async (root: string, file: string) => {
		const from = path.join(repoRoot, root, file);
		const to = path.join(repoDist, root, file);
		if (!existsSync(from)) return;
		await mkdir(path.dirname(to), { recursive: true });
		if (!(await sameFile(from, to))) await copyFile(from, to);
	};
	const watchers: FSWatcher[] = [];
	for (const root of ['nodes', 'credentials']) {
		watchers.push(
			watch(path.join(repoRoot, root), { recursive: true }, (_event, file) => {
				if (file && isAsset(file, root === 'credentials')) {
					changeSeen = true;
					void copyAsset(root, file).catch(() => undefined);
				}
			}),
		);
	}
	if (existsSync(repoDist)) watchers.push(watch(repoDist, { recursive: true }, schedule));

	return {
		pid: tsc.pid,
		stop: async () => {
			for (const watcher of watchers) watcher.close();
			tscLog.end();
			if (timer) clearTimeout(timer);
			await syncing;
			if (!tscExited && tsc.pid !== undefined) {
				const exited = new Promise((resolve) => tsc.once('exit', resolve));
				try {
					process.kill(-tsc.pid, 'SIGTERM');
				} catch {
					return;
				}
				await exited;
			}
		},
	};
}
