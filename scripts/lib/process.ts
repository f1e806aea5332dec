/**
 * The processes the tests start: a long-running child (Redis, Postgres, an n8n process) in its own
 * process group, its output in a log file, stopped by its own pid only; one-off commands; pid checks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
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

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** Signals the whole process group `pid` leads (n8n starts a task runner of its own), if it is there. */
export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	try {
		if (pid !== undefined) process.kill(-pid, signal);
	} catch {
		// the group is gone already
	}
}

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
		return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
	}

	tail(lines = 25): string {
		const last = this.log().trimEnd().split('\n').slice(-lines);
		return last.map((line) => `    | ${line}`).join('\n');
	}

	/** `kill -9` of the whole group, as a crash would end it (no graceful shutdown); resolves once it is gone. */
	async crash(): Promise<void> {
		if (this.running) signalGroup(this.child.pid, 'SIGKILL');
		await this.exited;
	}

	async stop(): Promise<void> {
		if (!this.running) return;
		signalGroup(this.child.pid, this.options.stopSignal ?? 'SIGTERM');
		const timeout = delay(this.options.stopTimeoutMs ?? 10_000).then(() => false);
		if (!(await Promise.race([this.exited.then(() => true), timeout]))) {
			signalGroup(this.child.pid, 'SIGKILL');
			await Promise.race([this.exited, delay(5000)]);
		}
		// Whatever is left of the group (n8n's task runner) goes too.
		signalGroup(this.child.pid, 'SIGKILL');
	}
}

/** Starts `command` detached, with stdout and stderr in `logFile`; registers its stop with the cleanup. */
export function startService(name: string, command: string, args: string[], options: StartOptions) {
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

/** The suites run the build: without it they have nothing to test. */
export function requireBuild(root: string): void {
	if (!existsSync(path.join(root, 'dist', 'nodes', 'MeiGen', 'MeiGen.node.js')))
		throw new Error('dist/ is missing: run `npm ci && npm run build` first');
}

/** npm's settings from the environment of `npm run` (e.g. the repo's ignore-scripts=true) must not leak into these installs. */
export function cleanEnv(extraPath?: string): NodeJS.ProcessEnv {
	// jest sets NODE_ENV=test, which changes how tools behave (n8n's lint rules, for one).
	const jestEnv = (key: string, value?: string) => key === 'NODE_ENV' && value === 'test';
	const kept = Object.entries(process.env).filter(([k, v]) => !/^npm_/i.test(k) && !jestEnv(k, v));
	const env = Object.fromEntries(kept);
	if (extraPath) env.PATH = `${extraPath}${path.delimiter}${env.PATH ?? ''}`;
	return env;
}

export type CommandResult = { code: number | null; stdout: string; stderr: string };

/**
 * Runs a command to its end and resolves with its output. `detached`: in a process group of its
 * own, which `onStart` may stop and `timeoutMs` stops (n8n's CLI starts a task runner of its own).
 */
export function capture(
	command: string,
	args: string[],
	options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; detached?: boolean },
	onStart?: (child: ChildProcess) => void,
): Promise<CommandResult> {
	const { cwd, env = cleanEnv(), timeoutMs, detached = false } = options;
	const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached });
	onStart?.(child);
	const [out, err]: Buffer[][] = [[], []];
	child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
	child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
	const timer = timeoutMs
		? setTimeout(() => {
				err.push(Buffer.from(`\n${command} ${args.join(' ')} timed out after ${timeoutMs} ms\n`));
				signalGroup(child.pid, 'SIGTERM');
				setTimeout(() => signalGroup(child.pid, 'SIGKILL'), 5000).unref();
			}, timeoutMs)
		: undefined;
	const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');
	return new Promise<CommandResult>((resolve, reject) => {
		child.once('error', reject);
		child.once('close', (code) => resolve({ code, stdout: text(out), stderr: text(err) }));
	}).finally(() => clearTimeout(timer));
}

/** Runs a command to its end; its output goes to `logFile`, and into the error when it fails. */
export async function run(
	command: string,
	args: string[],
	options: { cwd: string; env?: NodeJS.ProcessEnv; logFile?: string },
): Promise<void> {
	const { code, stdout, stderr } = await capture(command, args, options);
	const text = stdout + stderr;
	if (options.logFile) await writeFile(options.logFile, text);
	if (code !== 0)
		throw new Error(`${command} ${args.join(' ')} exited with ${code}\n${text.slice(-4000)}`);
}
