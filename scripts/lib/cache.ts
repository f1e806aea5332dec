/**
 * The runtimes the end-to-end test needs, installed once per n8n line outside the repo, in
 * ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-meigen/e2e: `node-<version>/` (the npm package `node`) and
 * `n8n-<version>-node-<v>/` (n8n without scripts, sqlite3 built for that Node).
 *
 * Each folder is built as `<folder>.partial-<pid>`, marked `.complete` last, then renamed into
 * place: an interrupted install is never a cache hit, and is removed and installed again. While
 * a live process fills a folder, this one waits for it instead of installing it twice.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

import type { N8nLine } from './lines';
import { cleanEnv, isAlive, run } from './process';
import { seconds } from './timing';

const MARKER = '.complete';

export interface Runtime {
	/** As installed (from n8n's package.json). */
	n8nVersion: string;
	nodeBin: string;
	/** n8n's CLI entry, run as `<nodeBin> <n8nBin> <command>`. */
	n8nBin: string;
	/** The folder whose node_modules holds n8n. */
	n8nRoot: string;
	/** Whether this run installed Node or n8n (a cold cache). */
	installed: boolean;
	/** Time spent getting the runtime ready. */
	ms: number;
}

export function cacheRoot(): string {
	const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
	return path.join(base, 'n8n-nodes-meigen', 'e2e');
}

const since = (started: number) => seconds(Date.now() - started);

/** A live process building `finalDir`; partial folders of dead ones are removed on the way. */
async function installerOf(finalDir: string): Promise<number | undefined> {
	const prefix = `${path.basename(finalDir)}.partial-`;
	const entries = await readdir(path.dirname(finalDir)).catch(() => [] as string[]);
	for (const entry of entries) {
		if (!entry.startsWith(prefix)) continue;
		const pid = Number(entry.slice(prefix.length));
		if (!Number.isInteger(pid) || pid === process.pid) continue;
		if (isAlive(pid)) return pid;
		await rm(path.join(path.dirname(finalDir), entry), { recursive: true, force: true });
	}
	return undefined;
}

const WAIT_POLL_MS = 5000;

/** Builds `finalDir` with `build(tmpDir)` unless complete; whether this call installed it. */
async function ensureDir(finalDir: string, label: string, build: (dir: string) => Promise<void>) {
	const complete = (): boolean => existsSync(path.join(finalDir, MARKER));
	let pid: number | undefined;
	let waitedFor: number | undefined;
	while ((pid = await installerOf(finalDir)) !== undefined && !complete()) {
		if (pid !== waitedFor)
			console.log(`[cache] ${label}: process ${pid} is installing it; waiting for it to finish`);
		waitedFor = pid;
		await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
	}
	if (complete()) {
		console.log(`[cache] ${label}: cached in ${finalDir}`);
		return false;
	}
	if (existsSync(finalDir)) {
		console.log(
			`[cache] ${label}: ${finalDir} is incomplete (an earlier install was interrupted); removing it`,
		);
		await rm(finalDir, { recursive: true, force: true });
	}
	const tmpDir = `${finalDir}.partial-${process.pid}`;
	await rm(tmpDir, { recursive: true, force: true });
	await mkdir(tmpDir, { recursive: true });
	const started = Date.now();
	console.log(`[cache] ${label}: installing into ${finalDir} ...`);
	try {
		await build(tmpDir);
		await writeFile(path.join(tmpDir, MARKER), `${new Date().toISOString()}\n`);
		await rename(tmpDir, finalDir);
	} catch (error) {
		await rm(tmpDir, { recursive: true, force: true });
		// Another process that did not see this one finished the same folder first: use theirs.
		if (complete()) {
			console.log(`[cache] ${label}: another process completed ${finalDir} first; using it`);
			return false;
		}
		throw error;
	}
	console.log(`[cache] ${label}: installed in ${since(started)}`);
	return true;
}

/** Where the `node` npm package's preinstall script puts the platform binary and headers. */
function nodeFolders(dir: string): { nodeDir: string; nodeBin: string } {
	const nodeDir = path.join(
		dir,
		'node_modules/node/node_modules',
		`node-${process.platform}-${process.arch}`,
	);
	return { nodeDir, nodeBin: path.join(nodeDir, 'bin', 'node') };
}

/** npm's flags for every install here: quiet, no audit or funding calls. */
const QUIET = ['--no-audit', '--no-fund', '--loglevel=error'];

export async function ensureRuntime(line: N8nLine): Promise<Runtime> {
	const { n8nVersion, nodeVersion } = line;
	const root = cacheRoot();
	await mkdir(root, { recursive: true });
	const started = Date.now();

	const nodeCache = path.join(root, `node-${nodeVersion}`);
	const nodeInstalled = await ensureDir(nodeCache, `Node ${nodeVersion}`, async (dir) => {
		const manifest = { name: 'e2e-node-runtime', private: true };
		await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
		// The package's preinstall script fetches the binary as the npm package node-<platform>-<arch>;
		// scripts must run here, whatever the calling environment says.
		const args = ['install', `node@${nodeVersion}`, '--ignore-scripts=false', ...QUIET];
		const logFile = path.join(root, `node-${nodeVersion}.install.log`);
		await run('npm', args, { cwd: dir, logFile });
		const { nodeBin, nodeDir } = nodeFolders(dir);
		if (!existsSync(nodeBin) || !existsSync(path.join(nodeDir, 'include', 'node', 'node.h')))
			throw new Error(`node@${nodeVersion} installed, but ${nodeBin} or its headers are missing`);
	});
	const { nodeBin, nodeDir } = nodeFolders(nodeCache);

	const n8nCache = path.join(root, `n8n-${n8nVersion}-node-${nodeVersion}`);
	const n8nInstalled = await ensureDir(n8nCache, `n8n ${n8nVersion}`, async (dir) => {
		const manifest: Record<string, unknown> = { name: 'e2e-n8n-runtime', private: true };
		if (Object.keys(line.overrides).length) manifest.overrides = line.overrides;
		await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
		// That Node first on PATH: npm and every script it runs use the Node that will run n8n.
		const env = cleanEnv(path.dirname(nodeBin));
		// Without scripts: some optional native modules try to download prebuilt binaries from
		// outside the npm registry. The one n8n cannot run without, sqlite3, is built below.
		let step = Date.now();
		const overrides = Object.entries(line.overrides).map(([name, version]) => `${name}@${version}`);
		console.log(
			`[cache]   npm install n8n@${n8nVersion} --ignore-scripts${overrides.length ? ` (overrides: ${overrides.join(', ')})` : ''} (a few minutes)`,
		);
		const install = ['install', `n8n@${n8nVersion}`, '--ignore-scripts', '--omit=dev', ...QUIET];
		const installLog = path.join(root, `n8n-${n8nVersion}.install.log`);
		await run('npm', install, { cwd: dir, env, logFile: installLog });
		console.log(`[cache]   npm install done in ${since(step)}`);
		step = Date.now();
		const rebuild = ['rebuild', 'sqlite3', '--build-from-source', `--nodedir=${nodeDir}`];
		console.log(`[cache]   npm ${rebuild.join(' ')}`);
		const logFile = path.join(root, `n8n-${n8nVersion}.sqlite3.log`);
		const args = [...rebuild, '--ignore-scripts=false', '--foreground-scripts'];
		await run('npm', args, { cwd: dir, env, logFile });
		if (!existsSync(path.join(dir, 'node_modules/sqlite3/build/Release/node_sqlite3.node')))
			throw new Error('sqlite3 was rebuilt but node_sqlite3.node is missing');
		console.log(`[cache]   sqlite3 built in ${since(step)}`);
		// Proves the install: the CLI starts under that Node.
		const cli = path.join(dir, 'node_modules/n8n/bin/n8n');
		await run(nodeBin, [cli, '--version'], { cwd: dir, env });
	});

	const manifest = path.join(n8nCache, 'node_modules', 'n8n', 'package.json');
	const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
	console.log(`[cache] ready in ${since(started)}: n8n ${version} on Node ${nodeVersion}`);
	const n8nBin = path.join(manifest, '..', 'bin', 'n8n');
	const installed = nodeInstalled || n8nInstalled;
	const ms = Date.now() - started;
	return { n8nVersion: version, nodeBin, n8nRoot: n8nCache, n8nBin, installed, ms };
}
