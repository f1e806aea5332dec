/**
 * The processes the tests start: a long-running child (Redis, Postgres, an n8n process) in its own
 * process group, its output in a log file, stopped by its own pid only; one-off commands; pid checks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { onCleanup } from './cleanup';

export interface StartOptions {
	cwd: string;
	env: NodeJS.ProcessEnv;
	logFile: string;
	/** Run as this user (Postgres refuses root). */
	uid?: number;
	gid?: number;
	/** Signal for a clean stop; SIGKILL follows after `stopTimeoutMs`. */
	stopSignal?: NodeJS.Signals;
	stopTimeoutMs?: number;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export class Service {
	readonly exited: Promise<number | null>;
	private exitCode: number | null | undefined;

	constructor(
		readonly name: string,
		private readonly child: ChildProcess,
		readonly logFile: string,
		private readonly options: StartOptions,
	) {
		this.exited = new Promise((resolve) => {
			const end = (code: number | null) => resolve((this.exitCode = code));
			child.once('exit', (code, signal) => end(code ?? (signal ? -1 : null)));
			child.once('error', () => end(-1));
		});
	}

	get pid(): number {
		if (this.child.pid === undefined) throw new Error(`${this.name} has no pid`);
		return this.child.pid;
	}

	get running(): boolean {
		return this.exitCode === undefined;
	}

	log(): string {
		try {
			return readFileSync(this.logFile, 'utf8');
		} catch {
			return '';
		}
	}

	tail(lines = 25): string {
		return this.log()
			.trimEnd()
			.split('\n')
			.slice(-lines)
			.map((line) => `    | ${line}`)
			.join('\n');
	}

	/** Signals the whole process group (n8n starts a task runner of its own). */
	private signal(signal: NodeJS.Signals, always = false): void {
		if ((!always && !this.running) || this.child.pid === undefined) return;
		try {
			process.kill(-this.child.pid, signal);
		} catch {
			// the group is gone already
		}
	}

	/** `kill -9` of the whole group, as a crash would end it (no graceful shutdown); resolves once it is gone. */
	async crash(): Promise<void> {
		this.signal('SIGKILL');
		await this.exited;
	}

	async stop(): Promise<void> {
		if (!this.running) return;
		this.signal(this.options.stopSignal ?? 'SIGTERM');
		const timeout = delay(this.options.stopTimeoutMs ?? 10_000).then(() => false);
		if (!(await Promise.race([this.exited.then(() => true), timeout]))) {
			this.signal('SIGKILL');
			await Promise.race([this.exited, delay(5000)]);
		}
		// Whatever is left of the group (n8n's task runner) goes too.
		this.signal('SIGKILL', true);
	}
}

/** Starts `command` detached, with stdout and stderr in `logFile`; registers its stop with the cleanup. */
export function startService(
	name: string,
	command: string,
	args: string[],
	options: StartOptions,
): Service {
	const fd = openSync(options.logFile, 'a');
	let child: ChildProcess;
	try {
		const { cwd, env, uid, gid } = options;
		child = spawn(command, args, { cwd, env, uid, gid, stdio: ['ignore', fd, fd], detached: true });
	} finally {
		closeSync(fd);
	}
	const service = new Service(name, child, options.logFile, options);
	onCleanup(`stop ${name}`, () => service.stop());
	return service;
}

/** Polls `probe` until it returns a value, the process exits, or the time is up. */
export async function waitUntil<T>(
	what: string,
	timeoutMs: number,
	probe: () => Promise<T | undefined> | T | undefined,
	service?: Service,
	intervalMs = 250,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError = '';
	for (;;) {
		if (service && !service.running)
			throw new Error(`${service.name} exited while waiting for ${what}\n${service.tail()}`);
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error instanceof Error ? error.message : String(error);
		}
		if (Date.now() > deadline) {
			const last = lastError ? ` (last error: ${lastError})` : '';
			const tail = service ? `\n  ${service.name} log (last lines):\n${service.tail()}` : '';
			throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last}${tail}`);
		}
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** Whether a process with this pid (`-pid`: any process of that group) exists. */
export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Whether any process of the group led by `pid` is still alive. */
export const groupAlive = (pid: number) => isAlive(-pid);

/** npm's settings from the environment of `npm run` (e.g. the repo's ignore-scripts=true) must not leak into these installs. */
export function cleanEnv(extraPath?: string): NodeJS.ProcessEnv {
	const env = Object.fromEntries(
		// jest sets NODE_ENV=test, which changes how tools behave (n8n's lint rules, for one).
		Object.entries(process.env).filter(
			([key, value]) => !/^npm_/i.test(key) && !(key === 'NODE_ENV' && value === 'test'),
		),
	);
	if (extraPath) env.PATH = `${extraPath}${path.delimiter}${env.PATH ?? ''}`;
	return env;
}

/** Runs a command to its end; its output goes to `logFile`, and into the error when it fails. */
export function run(
	command: string,
	args: string[],
	options: { cwd: string; env?: NodeJS.ProcessEnv; logFile?: string },
): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? cleanEnv(),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const output: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			const text = Buffer.concat(output).toString('utf8');
			void (options.logFile ? writeFile(options.logFile, text) : Promise.resolve()).then(() =>
				code === 0
					? resolve()
					: reject(
							new Error(`${command} ${args.join(' ')} exited with ${code}\n${text.slice(-4000)}`),
						),
			);
		});
	});
}
