/**
 * The runtime the end-to-end test needs, installed once and kept outside the repo:
 *
 *   ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-meigen/e2e/
 *     node-<version>/            the npm package `node@<version>` (a Node binary and its headers)
 *     n8n-<version>-node-<v>/    `n8n@<version>`, installed without scripts, sqlite3 built for that Node
 *
 * Each folder is built under a temporary name, gets a `.complete` marker written last, and is
 * then renamed into place. A folder without the marker (an install that was interrupted) is
 * removed and installed again, so a half-finished earlier run never counts as a cache hit.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

export const N8N_VERSION = process.env.E2E_N8N_VERSION ?? '2.41.1';
/** n8n 2.41 needs Node 24; pinned so the cache key (and the headers sqlite3 is built against) is stable. */
export const NODE_VERSION = process.env.E2E_NODE_VERSION ?? '24.21.0';

const MARKER = '.complete';

export interface Runtime {
	/** The Node 24 binary that runs n8n. */
	nodeBin: string;
	/** The folder with that Node's `include/node` headers (node-gyp's `--nodedir`). */
	nodeDir: string;
	/** n8n's CLI entry, run as `<nodeBin> <n8nBin> <command>`. */
	n8nBin: string;
	/** The folder whose node_modules holds n8n and its dependencies. */
	n8nRoot: string;
}

export function cacheRoot(): string {
	const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
	return path.join(base, 'n8n-nodes-meigen', 'e2e');
}

/** npm's settings from the environment of `npm run` (e.g. the repo's ignore-scripts=true) must not leak into these installs. */
function cleanEnv(extraPath?: string): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_/i.test(key)) continue;
		env[key] = value;
	}
	if (extraPath) env.PATH = `${extraPath}${path.delimiter}${env.PATH ?? ''}`;
	return env;
}

export function run(
	command: string,
	args: string[],
	options: { cwd: string; env?: NodeJS.ProcessEnv; logFile?: string },
): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
		const output: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			const text = Buffer.concat(output).toString('utf8');
			const done = options.logFile ? writeFile(options.logFile, text) : Promise.resolve();
			void done.then(() => {
				if (code === 0) resolve();
				else reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${text.slice(-4000)}`));
			});
		});
	});
}

function seconds(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/**
 * Builds `finalDir` with `build(tmpDir)` unless it is already complete. The marker is written
 * last, then the folder is renamed into place.
 */
async function ensureDir(finalDir: string, label: string, build: (dir: string) => Promise<void>): Promise<void> {
	if (existsSync(path.join(finalDir, MARKER))) {
		console.log(`[cache] ${label}: cached in ${finalDir}`);
		return;
	}
	if (existsSync(finalDir)) {
		console.log(`[cache] ${label}: ${finalDir} is incomplete (an earlier install was interrupted); removing it`);
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
		throw error;
	}
	console.log(`[cache] ${label}: installed in ${seconds(started)}`);
}

/** Where the `node` npm package puts the platform binary and headers (its preinstall script installs `node-<platform>-<arch>`). */
function nodeFolders(dir: string): { nodeDir: string; nodeBin: string } {
	const nodeDir = path.join(dir, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
	return { nodeDir, nodeBin: path.join(nodeDir, 'bin', 'node') };
}

export async function ensureRuntime(): Promise<Runtime> {
	const root = cacheRoot();
	await mkdir(root, { recursive: true });
	const started = Date.now();

	const nodeCache = path.join(root, `node-${NODE_VERSION}`);
	await ensureDir(nodeCache, `Node ${NODE_VERSION}`, async (dir) => {
		await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'e2e-node-runtime', private: true }, null, 2));
		// The package's preinstall script fetches the binary as the npm package node-<platform>-<arch>;
		// scripts must run here, whatever the calling environment says.
		await run(
			'npm',
			['install', `node@${NODE_VERSION}`, '--ignore-scripts=false', '--no-audit', '--no-fund', '--loglevel=error'],
			{ cwd: dir, logFile: path.join(root, `node-${NODE_VERSION}.install.log`) },
		);
		const { nodeBin, nodeDir } = nodeFolders(dir);
		if (!existsSync(nodeBin) || !existsSync(path.join(nodeDir, 'include', 'node', 'node.h'))) {
			throw new Error(`node@${NODE_VERSION} installed, but ${nodeBin} or its headers are missing`);
		}
	});
	const { nodeBin, nodeDir } = nodeFolders(nodeCache);
	const nodeBinDir = path.dirname(nodeBin);

	const n8nCache = path.join(root, `n8n-${N8N_VERSION}-node-${NODE_VERSION}`);
	await ensureDir(n8nCache, `n8n ${N8N_VERSION}`, async (dir) => {
		await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'e2e-n8n-runtime', private: true }, null, 2));
		// Node 24 first on PATH: npm and every script it runs use the Node that will run n8n.
		const env = cleanEnv(nodeBinDir);
		// Without scripts: some optional native modules try to download prebuilt binaries from
		// outside the npm registry. The one n8n cannot run without, sqlite3, is built below.
		let step = Date.now();
		console.log(`[cache]   npm install n8n@${N8N_VERSION} --ignore-scripts (a few minutes)`);
		await run(
			'npm',
			['install', `n8n@${N8N_VERSION}`, '--ignore-scripts', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'],
			{ cwd: dir, env, logFile: path.join(root, `n8n-${N8N_VERSION}.install.log`) },
		);
		console.log(`[cache]   npm install done in ${seconds(step)}`);
		step = Date.now();
		console.log(`[cache]   npm rebuild sqlite3 --build-from-source --nodedir=${nodeDir}`);
		await run(
			'npm',
			['rebuild', 'sqlite3', '--build-from-source', `--nodedir=${nodeDir}`, '--ignore-scripts=false', '--foreground-scripts'],
			{ cwd: dir, env, logFile: path.join(root, `n8n-${N8N_VERSION}.sqlite3.log`) },
		);
		if (!existsSync(path.join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'))) {
			throw new Error('sqlite3 was rebuilt but node_sqlite3.node is missing');
		}
		console.log(`[cache]   sqlite3 built in ${seconds(step)}`);
		// Proves the install: the CLI starts under Node 24.
		await run(nodeBin, [path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), '--version'], { cwd: dir, env });
	});

	const runtime: Runtime = {
		nodeBin,
		nodeDir,
		n8nRoot: n8nCache,
		n8nBin: path.join(n8nCache, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
	const installed = JSON.parse(await readFile(path.join(n8nCache, 'node_modules', 'n8n', 'package.json'), 'utf8')) as {
		version: string;
	};
	console.log(`[cache] ready in ${seconds(started)}: n8n ${installed.version} on Node ${NODE_VERSION} (${root})`);
	return runtime;
}
