/**
 * This package inside an n8n as n8n keeps a community package (lib/install-package.ts), so its types
 * are `n8n-nodes-meigen.*` as the examples name them. Each rebuild's changed files are copied over
 * the installed dist/; with N8N_DEV_RELOAD=true n8n watches the package and reloads it.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, watch, type FSWatcher } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

import {
	installedManifest,
	installIntoUserFolder,
	packPackage,
	recordInDatabase,
	type PackageJson,
} from '../lib/install-package';
import type { N8nInstance } from '../lib/n8n';
import { requireBuild, run, signalGroup } from '../lib/process';

export const repoRoot = path.resolve(__dirname, '..', '..');

const listFiles = async (dir: string) =>
	(await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []))
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));

const mtime = async (file: string) => (await stat(file).catch(() => undefined))?.mtimeMs ?? 0;

/**
 * Whether dist/ is older than the sources it is built from (tsc rewrites every output file, so
 * the node's entry file carries the time of the last build).
 */
async function buildIsStale(root: string): Promise<boolean> {
	const built = await mtime(path.join(root, 'dist', 'nodes', 'MeiGen', 'MeiGen.node.js'));
	const sources = ['package.json', 'tsconfig.build.json'];
	for (const folder of ['nodes', 'credentials'])
		sources.push(...(await listFiles(path.join(root, folder))).map((f) => path.join(folder, f)));
	for (const file of sources) if ((await mtime(path.join(root, file))) > built) return true;
	return !built;
}

/** `npm run build` (tsc and the icons) when dist/ is older than the sources; a dist/ in any case. */
export async function buildWhenStale(log: (message: string) => void, root = repoRoot) {
	if (await buildIsStale(root)) {
		log('[dev] npm run build');
		await run('npm', ['run', 'build', '--silent'], { cwd: root });
	} else log('[dev] dist/ is up to date with nodes/ and credentials/; not rebuilding');
	requireBuild(root);
}

/** Copies `from` over `to` unless `to` holds the same bytes; whether it copied. */
async function copyChanged(from: string, to: string): Promise<boolean> {
	const [a, b] = await Promise.all([stat(from), stat(to).catch(() => undefined)]);
	if (a.size === b?.size && (await readFile(from)).equals(await readFile(to))) return false;
	await mkdir(path.dirname(to), { recursive: true });
	await copyFile(from, to);
	return true;
}

/** Copies `from` over `to`: changed and new files, and removes files `from` no longer has. Returns what changed. */
async function syncFolder(from: string, to: string): Promise<string[]> {
	const changed: string[] = [];
	const source = await listFiles(from);
	for (const file of source)
		if (await copyChanged(path.join(from, file), path.join(to, file))) changed.push(file);
	const keep = new Set(source);
	for (const file of (await listFiles(to)).filter((f) => !keep.has(f))) {
		await rm(path.join(to, file), { force: true });
		changed.push(file);
	}
	return changed;
}

const readManifest = async (root: string) =>
	JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as PackageJson;

/** Brings the installed package in `directory` up to date with the project's dist/ and package.json. Returns what changed. */
export async function syncInstalled(directory: string, root = repoRoot): Promise<string[]> {
	const changed = await syncFolder(path.join(root, 'dist'), path.join(directory, 'dist'));
	const manifest = path.join(directory, 'package.json');
	const wanted = JSON.stringify(installedManifest(await readManifest(root)), null, 2);
	if ((await readFile(manifest, 'utf8').catch(() => '')) !== wanted) {
		await writeFile(manifest, wanted);
		changed.push('package.json');
	}
	return changed;
}

/** Where the package lives in an n8n folder's community packages (`<n8n folder>/nodes`). */
export async function packageFolder(nodesFolder: string, root = repoRoot): Promise<string> {
	return path.join(nodesFolder, 'node_modules', (await readManifest(root)).name);
}

/** Installs the package into the user folder (install-package.ts), or syncs the build into it. */
export async function ensureInstalled(n8n: N8nInstance, workDir: string) {
	const directory = await packageFolder(n8n.nodesFolder);
	if (existsSync(path.join(directory, 'package.json')))
		return { directory, installed: false, changed: await syncInstalled(directory) };
	const tarball = await packPackage(repoRoot, path.join(workDir, 'pack'));
	const { packageJson } = await installIntoUserFolder(n8n, tarball);
	await recordInDatabase(n8n, packageJson, repoRoot);
	await rm(path.join(workDir, 'pack'), { recursive: true, force: true });
	return { directory, installed: true, changed: [] };
}

/**
 * Rebuilds on change: `tsc --watch` (tsconfig.build.json) writes dist/, the icons and codex files
 * are copied there as `npm run build` does, and each change is synced into the installed package
 * in `directory`, which n8n then reloads.
 */
export function watchAndSync(
	directory: string,
	log: (message: string) => void,
	logFile: string,
	root = repoRoot,
) {
	const dist = path.join(root, 'dist');
	const tscBin = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
	const args = [tscBin, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'];
	const tsc = spawn(process.execPath, args, {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const tscExited = new Promise((resolve) => tsc.once('exit', resolve));
	// tsc's first compile at start rewrites dist/ with what is already there: only changes seen
	// after it (a source file or an icon) are news.
	let changeSeen = false;
	const tscLog = createWriteStream(logFile, { flags: 'a' });
	const onTscOutput = (chunk: Buffer) => {
		tscLog.write(chunk);
		for (const line of chunk.toString('utf8').split('\n')) {
			// Without colour codes and tsc's timestamps.
			// eslint-disable-next-line no-control-regex
			const text = line.replace(/\u001b\[[0-9;]*m/g, '').replace(/^\d+:\d+:\d+ [AP]M - /, '');
			if (/error TS\d+|Found [1-9]\d* errors?/.test(text)) log(`[tsc] ${text.trim()}`);
			else if (/File change detected/.test(text)) {
				changeSeen = true;
				log('[tsc] change detected, compiling');
			}
		}
	};
	tsc.stdout.on('data', onTscOutput);
	tsc.stderr.on('data', onTscOutput);

	let timer: NodeJS.Timeout | undefined;
	let syncing = Promise.resolve();
	const sync = async () => {
		try {
			const changed = await syncInstalled(directory, root);
			const code = changed.filter((file) => !file.endsWith('.map') && !file.endsWith('.d.ts'));
			if (code.length && changeSeen) {
				const more = code.length > 5 ? ` and ${code.length - 5} more` : '';
				log(
					`[dev] rebuilt: ${code.slice(0, 5).join(', ')}${more}; n8n reloads the node (refresh the editor tab if a form looks stale)`,
				);
			}
			changeSeen = false;
		} catch (error) {
			log(`[dev] syncing the build failed: ${error instanceof Error ? error.message : error}`);
		}
	};
	const schedule = () => {
		if (timer) clearTimeout(timer);
		timer = setTimeout(() => (syncing = syncing.then(sync)), 400);
	};

	// What `gulp build:icons` copies next to the compiled code.
	const isAsset = (file: string, folder: string) =>
		(folder === 'nodes' ? /\.(png|svg|json)$/ : /\.(png|svg)$/).test(file);
	const watchers: FSWatcher[] = ['nodes', 'credentials'].map((folder) =>
		watch(path.join(root, folder), { recursive: true }, (_event, file) => {
			if (!file || !isAsset(file, folder)) return;
			const [from, to] = [path.join(root, folder, file), path.join(dist, folder, file)];
			changeSeen = true;
			if (existsSync(from)) void copyChanged(from, to).catch(() => undefined);
		}),
	);
	if (existsSync(dist)) watchers.push(watch(dist, { recursive: true }, schedule));

	return {
		stop: async () => {
			for (const watcher of watchers) watcher.close();
			tscLog.end();
			if (timer) clearTimeout(timer);
			await syncing;
			if (tsc.exitCode !== null || tsc.signalCode !== null || tsc.pid === undefined) return;
			signalGroup(tsc.pid, 'SIGTERM');
			await tscExited;
		},
	};
}
