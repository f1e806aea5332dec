/**
 * n8n in queue mode (or regular mode, for comparison): a main (`n8n start`) and workers
 * (`n8n worker`) on one Postgres database and one Redis, each process with its own user folder
 * into which the packed package is installed the way n8n installs community packages.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { Runtime } from '../lib/cache';
import { installIntoUserFolder } from '../lib/install-package';
import { N8nInstance, startServer } from '../lib/n8n';
import { withPg, type PgTarget } from './pg';
import { startService, waitUntil, type Service } from '../lib/process';
import { N8nRest } from '../lib/rest';
import { n8nEnv } from '../lib/env';
import { freePort } from '../lib/ports';

export type BinaryMode = 'database' | 'filesystem';

export interface StackOptions {
	runtime: Runtime;
	tarball: string;
	/** A folder for this stack's user folders, logs and binary files (removed by the caller). */
	dir: string;
	redisPort: number;
	/** The Postgres server; the stack creates its own database on it. */
	postgres: PgTarget;
	database: string;
	executionsMode: 'queue' | 'regular';
	/** Unset: n8n's default (queue mode: database; regular mode: filesystem). */
	binaryMode?: BinaryMode;
	/** Extra environment for every n8n process of this stack. */
	env?: Record<string, string>;
}

export class N8nStack {
	main?: Service;
	readonly workers: Service[] = [];
	rest?: N8nRest;
	/** N8N_STORAGE_PATH, where filesystem-mode binary files go: one folder shared by main and workers. */
	readonly binaryStorage: string;

	constructor(readonly options: StackOptions) {
		this.binaryStorage = path.join(options.dir, 'binary-data');
	}

	get worker(): Service {
		const worker = this.workers[0];
		if (!worker) throw new Error('no worker started');
		return worker;
	}

	get api(): N8nRest {
		if (!this.rest) throw new Error('main not started');
		return this.rest;
	}

	/** A user folder with the package installed, as n8n installs a community package. */
	private async userFolder(name: string): Promise<string> {
		const [folder, files] = [name, `${name}-files`].map((dir) => path.join(this.options.dir, dir));
		await Promise.all([folder, files].map((dir) => mkdir(dir, { recursive: true })));
		const n8n = new N8nInstance(this.options.runtime, folder, files);
		await installIntoUserFolder(n8n, this.options.tarball);
		return folder;
	}

	private async env(userFolder: string): Promise<NodeJS.ProcessEnv> {
		const { runtime, postgres, executionsMode, binaryMode, redisPort, database } = this.options;
		return await n8nEnv(runtime, userFolder, `${userFolder}-files`, {
			N8N_ENCRYPTION_KEY: 'meigen-queue-encryption-key-0123456789',
			EXECUTIONS_MODE: executionsMode,
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: postgres.host,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			DB_POSTGRESDB_DATABASE: database,
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			// Stacks may share one Redis: keep their queues apart.
			QUEUE_BULL_PREFIX: `bull-${database}`,
			...(binaryMode ? { N8N_DEFAULT_BINARY_DATA_MODE: binaryMode } : {}),
			// Filesystem-mode binary files: one folder for main and workers (in production, a shared volume).
			N8N_STORAGE_PATH: this.binaryStorage,
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			// n8n 2.x's announced default: manual runs go to workers too.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: executionsMode === 'queue' ? 'true' : 'false',
			N8N_DISABLED_MODULES: 'mcp-registry',
			...this.options.env,
		});
	}

	/** Installs the package, creates the database and starts the main; resolves once it is ready. */
	async startMain(): Promise<void> {
		const { runtime, postgres, database, dir } = this.options;
		await withPg(runtime, { ...postgres, database: 'postgres' }, (client) =>
			client.query(`CREATE DATABASE "${database}"`),
		);
		const cwd = await this.userFolder('main');
		const where = { cwd, logFile: path.join(dir, 'main.log'), port: await freePort() };
		const server = await startServer('n8n main', runtime, await this.env(cwd), where);
		this.main = server.service;
		this.rest = new N8nRest(server.url);
	}

	/** Starts a worker; resolves once it says it is ready. */
	async startWorker(): Promise<Service> {
		const name = `worker${this.workers.length + 1}`;
		const cwd = await this.userFolder(name);
		const { runtime, dir } = this.options;
		const args = [runtime.n8nBin, 'worker', '--concurrency=10'];
		const worker = startService(`n8n ${name}`, runtime.nodeBin, args, {
			cwd,
			env: await this.env(cwd),
			logFile: path.join(dir, `${name}.log`),
			stopTimeoutMs: 15_000,
		});
		this.workers.push(worker);
		const ready = () => worker.log().includes('n8n worker is now ready') || undefined;
		await waitUntil(`n8n ${name} to be ready`, 120_000, ready, worker, 500);
		return worker;
	}

	/** Waits until main answers for a production webhook (registered once the workflow is published). */
	async waitUntilWebhook(webhookPath: string): Promise<void> {
		const registered = async () => (await this.api.webhookRegistered(webhookPath)) || undefined;
		const what = `the webhook /webhook/${webhookPath} to be registered`;
		await waitUntil(what, 30_000, registered, this.main);
	}

	async stop(): Promise<void> {
		await Promise.all(this.workers.map((worker) => worker.stop()));
		await this.main?.stop();
	}

	/** The last lines of every n8n log, for a failure message. */
	tails(): string {
		return [this.main, ...this.workers]
			.filter((s) => s !== undefined)
			.map((s) => `  ${s.name} log (last lines, ${s.logFile}):\n${s.tail(20)}`)
			.join('\n');
	}
}
