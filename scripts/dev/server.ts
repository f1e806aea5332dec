/**
 * `n8n start` as a long-running child for the editor (scripts/lib/process.ts): its own process
 * group (n8n starts a task runner of its own), its output in a log file, stopped with SIGTERM,
 * then SIGKILL if it is still there after a grace period.
 */
import { appendFileSync } from 'node:fs';

import type { Runtime } from '../lib/cache';
import { n8nEnv } from '../lib/env';
import { startService, waitUntil, type Service } from '../lib/process';

export interface ServerOptions {
	runtime: Runtime;
	userFolder: string;
	filesFolder: string;
	port: number;
	logFile: string;
	/** N8N_DEV_RELOAD: n8n watches its loaded node packages and reloads them when their files change. */
	devReload: boolean;
}

export class N8nServer {
	readonly editorUrl: string;
	private service?: Service;

	constructor(private readonly options: ServerOptions) {
		this.editorUrl = `http://127.0.0.1:${options.port}`;
	}

	/** The n8n process group's ID (the group leader's pid); undefined before start. */
	get pid(): number | undefined {
		return this.service?.pid;
	}

	/** Resolves with n8n's exit code once it has exited (never before start). */
	get exited(): Promise<number | null> {
		return this.service?.exited ?? new Promise(() => undefined);
	}

	/** The last lines n8n printed. */
	tail(lines = 30): string {
		return this.service?.tail(lines) ?? '';
	}

	private async env(): Promise<NodeJS.ProcessEnv> {
		const { runtime, userFolder, filesFolder, port, devReload } = this.options;
		return await n8nEnv(runtime, userFolder, filesFolder, {
			DB_TYPE: 'sqlite',
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_EDITOR_BASE_URL: this.editorUrl,
			// Plain http on loopback.
			N8N_SECURE_COOKIE: 'false',
			...(devReload ? { N8N_DEV_RELOAD: 'true' } : {}),
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
			N8N_DISABLED_MODULES: 'mcp-registry',
		});
	}

	async start(): Promise<void> {
		const { runtime, userFolder, logFile } = this.options;
		appendFileSync(logFile, `\n--- n8n start at ${new Date().toISOString()} ---\n`);
		this.service = startService('n8n', runtime.nodeBin, [runtime.n8nBin, 'start'], {
			cwd: userFolder,
			env: await this.env(),
			logFile,
			stopTimeoutMs: 15_000,
		});
	}

	/** Waits until n8n answers /healthz/readiness (it is then serving the editor and REST API). */
	async ready(timeoutMs = 180_000): Promise<void> {
		await waitUntil(
			'n8n to be ready',
			timeoutMs,
			async () => {
				const response = await fetch(`${this.editorUrl}/healthz/readiness`, {
					signal: AbortSignal.timeout(2000),
				});
				await response.arrayBuffer();
				return response.ok || undefined;
			},
			this.service,
		);
	}

	/** SIGTERM to n8n's process group (a clean shutdown), SIGKILL after 15 s. */
	async stop(): Promise<void> {
		await this.service?.stop();
	}
}
