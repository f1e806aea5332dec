/**
 * One local n8n for working on this package: build, the cached n8n 2.x runtime (scripts/lib/cache.ts),
 * its own user folder in the project's cache, this package installed into it, `n8n start` with
 * hot reload, an owner account to log in with, and optionally a rebuild-on-change watcher.
 * `stop()` ends everything it started, in reverse order.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { ensureRuntime, type Runtime } from '../lib/cache';
import { LINES } from '../lib/lines';
import { N8nInstance, type N8nServer } from '../lib/n8n';
import { portInUse } from '../lib/ports';
import { requireBuild } from '../lib/process';
import { N8nRest } from '../lib/rest';
import { devFolders, lockFolders, type DevFolders } from './folders';
import { buildWhenStale, ensureInstalled, repoRoot, watchAndSync } from './package';

/** The account the local n8n is set up with, printed on start. */
const LOGIN = { email: 'meigen@example.com', password: 'MeiGen-local-1' };
const OWNER = { ...LOGIN, firstName: 'MeiGen', lastName: 'Developer' };

export interface SessionOptions {
	/** `dev` or `demo`: which user folder under the cache. */
	profile: string;
	port?: number;
	userFolder?: string;
	quiet?: boolean;
	/** Run `npm run build` first when dist/ is older than the sources (the default), or not. */
	build?: boolean;
	/** Rebuild on change and let n8n reload the package. */
	watch?: boolean;
}

export interface Session {
	editorUrl: string;
	email: string;
	password: string;
	runtime: Runtime;
	folders: DevFolders;
	/** Logged in as the owner. */
	rest: N8nRest;
	/** n8n's CLI on the same user folder (e.g. `execute`). */
	cli: N8nInstance;
	server: N8nServer;
	/** Whether this start created the user folder's database and installed the package. */
	firstStart: boolean;
	timings: Record<string, number>;
	log(message: string): void;
	/** Registers something to stop before n8n is stopped. */
	onStop(fn: () => Promise<void>): void;
	stop(): Promise<void>;
}

export async function startSession(options: SessionOptions): Promise<Session> {
	const timings: Record<string, number> = {};
	const log = (message: string) => void (options.quiet || console.log(message));
	const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
		const at = Date.now();
		return await fn().finally(() => (timings[name] = Date.now() - at));
	};
	const teardowns: Array<() => Promise<void>> = [];
	const stopAll = async () => {
		for (let teardown = teardowns.pop(); teardown; teardown = teardowns.pop())
			await teardown().catch((error: unknown) => console.error(`[dev] stopping: ${String(error)}`));
	};

	try {
		const port = options.port ?? Number(process.env.N8N_PORT ?? 5678);
		if (!Number.isInteger(port) || port <= 0) throw new Error(`invalid port ${port}`);
		if (await portInUse(port))
			throw new Error(
				`port ${port} is in use (another n8n?). Stop it or choose another port: N8N_PORT=5679 npm run ${options.profile}`,
			);
		if (options.build === false) requireBuild(repoRoot);
		else await step('build', () => buildWhenStale(log));
		const runtime = await step('runtime', () => ensureRuntime(LINES['2']));
		const folders = devFolders(runtime.n8nVersion, options.profile, options.userFolder);
		teardowns.push(await lockFolders(folders));

		const cli = new N8nInstance(runtime, folders.userFolder, folders.filesFolder);
		await cli.init();
		const firstStart = !existsSync(cli.database);
		if (firstStart) {
			// A CLI command creates the database (and n8n's settings with the CLI's encryption key, which
			// the server then reads), so the package can be recorded as installed before n8n starts.
			log(`[dev] first start: creating n8n's database in ${folders.userFolder}`);
			await step('database', () => cli.cliOrThrow(['list:workflow']));
		}
		const pkg = await step('package', () => ensureInstalled(cli, folders.root));
		if (pkg.installed) log(`[dev] installed the package into ${pkg.directory}`);
		else if (pkg.changed.length)
			log(`[dev] updated ${pkg.changed.length} files of the installed package`);

		log(`[dev] starting n8n ${runtime.n8nVersion} on port ${port} (log: ${folders.logFile})`);
		const server = await step('n8n', async () => {
			const reload: NodeJS.ProcessEnv = options.watch ? { N8N_DEV_RELOAD: 'true' } : {};
			const logLevel = { N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info' };
			return await cli.serve(port, folders.logFile, { ...reload, ...logLevel });
		});
		teardowns.push(async () => await server.service.stop());

		const rest = new N8nRest(server.url);
		await step('owner', async () => {
			if (await rest.needsOwner()) {
				await rest.setupOwner(OWNER);
				log(`[dev] created the owner account ${OWNER.email}`);
			} else await rest.login(OWNER.email, OWNER.password);
		});

		if (options.watch) {
			const watcher = watchAndSync(pkg.directory, log, path.join(folders.root, 'tsc.log'));
			teardowns.push(async () => await watcher.stop());
		}

		return {
			editorUrl: server.url,
			...LOGIN,
			runtime,
			folders,
			rest,
			cli,
			server,
			firstStart,
			timings,
			log,
			onStop: (fn) => teardowns.push(fn),
			stop: async () => {
				cli.stopAll();
				await stopAll();
			},
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}
