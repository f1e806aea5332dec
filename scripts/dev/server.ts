/**
 * `n8n start` as a long-running child for the editor: its own process group (n8n starts a task
 * runner of its own), its output in a log file (and on the console unless quiet), stopped with
 * SIGTERM, then SIGKILL if it is still there after a grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

import type { Runtime } from '../lib/cache';
import { n8nEnv } from '../lib/env';

export interface ServerOptions {
	runtime: Runtime;
	userFolder: string;
	filesFolder: string;
	port: number;
	logFile: string;
	/** N8N_DEV_RELOAD: n8n watches its loaded node packages and reloads them when their files change. */
	devReload: boolean;
	/** Echo n8n's output to the console. */
	echo: boolean;
}

export class N8nServer {
	readonly editorUrl: string;
	readonly exited: Promise<number | null>;
	private child?: ChildProcess;
	private exitCode: number | null | undefined;
	private resolveExit: (code: number | null) => void = () => undefined;
	private recent: string[] = [];

	constructor(private readonly options: ServerOptions) {
		this.editorUrl = `http://127.0.0.1:${options.port}`;
		this.exited = new Promise((resolve) => {
			this.resolveExit = resolve;
		});
	}

	/** The n8n process group's ID (the group leader's pid); undefined before start. */
	get pid(): number | undefined {
		return this.child?.pid;
	}

	get running(): boolean {
		return this.child !== undefined && this.exitCode === undefined;
	}

	/** The last lines n8n printed. */
	tail(lines = 30): string {
		return this.recent.slice(-lines).join('\n');
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
		const { runtime, userFolder, logFile, echo } = this.options;
		const log = createWriteStream(logFile, { flags: 'a' });
		log.write(`\n--- n8n start at ${new Date().toISOString()} ---\n`);
		const child = spawn(runtime.nodeBin, [runtime.n8nBin, 'start'], {
			cwd: userFolder,
			env: await this.env(),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.child = child;
		const onData = (chunk: Buffer) => {
			log.write(chunk);
			const lines = chunk.toString('utf8').split('\n').filter(Boolean);
			this.recent.push(...lines);
			if (this.recent.length > 200) this.recent = this.recent.slice(-200);
			if (echo) for (const line of lines) console.log(`[n8n] ${line}`);
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		child.once('exit', (code, signal) => {
			this.exitCode = code ?? (signal ? -1 : null);
			log.end();
			this.resolveExit(this.exitCode);
		});
		child.once('error', (error) => {
			this.recent.push(String(error));
			this.exitCode = -1;
			this.resolveExit(-1);
		});
	}

	/** Waits until n8n answers /healthz/readiness (it is then serving the editor and REST API). */
	async ready(timeoutMs = 180_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (!this.running) {
				throw new Error(`n8n exited (${this.exitCode}) before it was ready:\n${this.tail()}`);
			}
			try {
				const response = await fetch(`${this.editorUrl}/healthz/readiness`, {
					signal: AbortSignal.timeout(2000),
				});
				await response.arrayBuffer();
				if (response.ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(`n8n was not ready after ${timeoutMs / 1000} s:\n${this.tail()}`);
	}

	private signal(signal: NodeJS.Signals): void {
		const pid = this.child?.pid;
		if (!this.running || pid === undefined) return;
		try {
			process.kill(-pid, signal);
		} catch {
			// the group is gone already
		}
	}

	/** SIGTERM to n8n's process group (a clean shutdown), SIGKILL after `graceMs`. */
	async stop(graceMs = 15_000): Promise<void> {
		if (!this.running) return;
		this.signal('SIGTERM');
		const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
		await this.exited;
		clearTimeout(timer);
		// The task runner shares the group: make sure nothing of it is left.
		const pid = this.child?.pid;
		if (pid !== undefined) {
			try {
				process.kill(-pid, 'SIGKILL');
			} catch {
				// nothing left
			}
		}
	}
}
