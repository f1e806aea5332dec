/**
 * One throw-away n8n instance: a fresh user folder, the real n8n CLI under the line's Node, nothing
 * that reaches outside this machine.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

import type { Runtime } from './cache';
import { n8nEnv } from './env';

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface BinaryRef {
	id?: string;
	mimeType?: string;
	fileName?: string;
	fileExtension?: string;
	fileSize?: string;
	bytes?: number;
	data?: string;
}

export interface OutputItem {
	json: Record<string, unknown>;
	binary?: Record<string, BinaryRef>;
}

export interface TaskData {
	executionStatus?: string;
	error?: { message?: string; description?: string };
	data?: Record<string, Array<OutputItem[] | null>>;
}

export interface RunExecutionData {
	resultData: {
		runData: Record<string, TaskData[]>;
		error?: { message?: string; description?: string; node?: { name?: string } };
		lastNodeExecuted?: string;
	};
}

export interface Execution {
	id: string;
	status: string;
	/** Where the data came from: the CLI's `--rawOutput` JSON, or n8n's database. */
	source: 'cli' | 'database';
	data: RunExecutionData;
	/** The execution data exactly as stored or printed, to search for leaked secrets. */
	raw: string;
}

/** What a node output in its last run (its first output). */
export function nodeItems(data: RunExecutionData | undefined, node: string): OutputItem[] {
	const runs = data?.resultData.runData[node];
	return runs?.[runs.length - 1]?.data?.main?.[0] ?? [];
}

export class N8nInstance {
	readonly n8nFolder: string;
	readonly database: string;
	private env: NodeJS.ProcessEnv = {};
	private readonly children = new Set<ReturnType<typeof spawn>>();

	constructor(
		private readonly runtime: Runtime,
		/** N8N_USER_FOLDER: n8n keeps its data in `<this>/.n8n`. */
		readonly userFolder: string,
		/** The only folder the file nodes may read and write (N8N_RESTRICT_FILE_ACCESS_TO). */
		readonly filesFolder: string,
	) {
		this.n8nFolder = path.join(userFolder, '.n8n');
		this.database = path.join(this.n8nFolder, 'database.sqlite');
	}

	/** The folder n8n installs community packages into (InstanceSettings.nodesDownloadDir). */
	get nodesFolder(): string {
		return path.join(this.n8nFolder, 'nodes');
	}

	/**
	 * Where filesystem binary data lives: n8n 2.x keeps it in `<n8n folder>/storage`
	 * (StorageConfig), n8n 1.x in `<n8n folder>/binaryData` (BinaryDataConfig.localStoragePath).
	 */
	get binaryStorage(): string {
		return path.join(this.n8nFolder, this.major >= 2 ? 'storage' : 'binaryData');
	}

	/** n8n's major version, which decides where it keeps files and what its defaults are. */
	get major(): number {
		return Number.parseInt(this.runtime.n8nVersion, 10);
	}

	async init(): Promise<void> {
		this.env = await n8nEnv(this.runtime, this.userFolder, this.filesFolder, {
			N8N_ENCRYPTION_KEY: 'meigen-e2e-encryption-key-0123456789',
			DB_TYPE: 'sqlite',
			// Binary data on disk, where the test reads it back (n8n 1.x would keep it in memory).
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			// `n8n execute` prints its JSON through the logger at level info; task runners (Code
			// node) are off by default in n8n 1.x.
			N8N_RUNNERS_ENABLED: 'true',
		});
	}

	/** Runs `n8n <args>` under the line's Node. */
	cli(args: string[], timeoutMs = 120_000): Promise<CliResult> {
		const started = Date.now();
		return new Promise((resolve, reject) => {
			const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
				cwd: this.userFolder,
				env: this.env,
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: true,
			});
			this.children.add(child);
			const out: Buffer[] = [];
			const err: Buffer[] = [];
			child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
			child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
			const timer = setTimeout(() => {
				err.push(Buffer.from(`\n[e2e] n8n ${args[0]} timed out after ${timeoutMs} ms; stopped\n`));
				this.kill(child);
			}, timeoutMs);
			child.on('error', (error) => {
				clearTimeout(timer);
				this.children.delete(child);
				reject(error);
			});
			child.on('close', (code) => {
				clearTimeout(timer);
				this.children.delete(child);
				resolve({
					code,
					stdout: Buffer.concat(out).toString('utf8'),
					stderr: Buffer.concat(err).toString('utf8'),
					ms: Date.now() - started,
				});
			});
		});
	}

	/** Runs a short script under the line's Node (22.13+ and 24 have `node:sqlite`), with n8n's modules resolvable. */
	node(script: string, args: string[]): Promise<CliResult> {
		const started = Date.now();
		return new Promise((resolve, reject) => {
			const child = spawn(this.runtime.nodeBin, ['--no-warnings', '-e', script, '--', ...args], {
				cwd: this.runtime.n8nRoot,
				env: { ...this.env, NODE_PATH: path.join(this.runtime.n8nRoot, 'node_modules') },
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			const out: Buffer[] = [];
			const err: Buffer[] = [];
			child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
			child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
			child.on('error', reject);
			child.on('close', (code) =>
				resolve({
					code,
					stdout: Buffer.concat(out).toString('utf8'),
					stderr: Buffer.concat(err).toString('utf8'),
					ms: Date.now() - started,
				}),
			);
		});
	}

	/**
	 * Signals the whole process group the child leads (the CLI starts a task runner of its own).
	 * n8n answers SIGTERM with a graceful shutdown that waits for running executions, so SIGKILL
	 * follows if it is still there after a few seconds.
	 */
	private kill(child: ReturnType<typeof spawn>, signal: NodeJS.Signals = 'SIGTERM'): void {
		const pid = child.pid;
		if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
		try {
			process.kill(-pid, signal);
		} catch {
			return; // already gone
		}
		if (signal !== 'SIGKILL') {
			setTimeout(() => this.kill(child, 'SIGKILL'), 5000).unref();
		}
	}

	/** Stops at once every n8n process this instance started that is still running (its data is thrown away). */
	stopAll(): void {
		for (const child of this.children) this.kill(child, 'SIGKILL');
	}

	async cliOrThrow(args: string[]): Promise<CliResult> {
		const result = await this.cli(args);
		if (result.code !== 0) {
			throw new Error(
				`n8n ${args.join(' ')} exited with ${result.code}\n${tail(result.stdout)}\n${tail(result.stderr)}`,
			);
		}
		return result;
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`, then the execution's status (and, when the CLI printed
	 * no data, as it does for a failed run, its data) from n8n's database.
	 */
	async execute(workflowId: string): Promise<{ cli: CliResult; execution: Execution }> {
		const cli = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], 180_000);
		const stored = await this.latestExecution(workflowId);
		const printed = parsePrintedExecution(cli.stdout);
		if (printed) {
			return {
				cli,
				execution: {
					...stored,
					source: 'cli',
					data: printed.data,
					raw: `${printed.raw}\n${stored.raw}`,
				},
			};
		}
		if (!isRunData(stored.data)) {
			// The CLI died before n8n saved the run (the row stays "running" with no data): its output is all there is.
			throw new Error(
				`execution ${stored.id} is "${stored.status}" with no run data; n8n execute exited with ${cli.code}:\n${tail(cli.stdout, 1500)}\n${tail(cli.stderr, 1500)}`,
			);
		}
		return { cli, execution: stored };
	}

	/** Reads the newest execution of a workflow from the sqlite database (data is stored in `flatted` form). */
	async latestExecution(workflowId: string): Promise<Execution> {
		const script = `
const { DatabaseSync } = require('node:sqlite');
const { parse } = require('flatted');
const [file, workflowId] = process.argv.slice(-2);
const db = new DatabaseSync(file, { readOnly: true });
const row = db.prepare('SELECT e.id AS id, e.status AS status, d.data AS data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? ORDER BY e.id DESC LIMIT 1').get(workflowId);
if (!row) { console.log('null'); process.exit(0); }
console.log(JSON.stringify({ id: String(row.id), status: row.status, raw: row.data, data: parse(row.data) }));
`;
		const result = await this.node(script, [this.database, workflowId]);
		if (result.code !== 0)
			throw new Error(`reading the execution from ${this.database} failed:\n${result.stderr}`);
		const parsed = JSON.parse(result.stdout) as {
			id: string;
			status: string;
			raw: string;
			data: RunExecutionData;
		} | null;
		if (!parsed) throw new Error(`n8n stored no execution of workflow ${workflowId}`);
		return { ...parsed, source: 'database' };
	}

	/** Runs SQL statements against n8n's database (after n8n created it). */
	async sql(
		statements: Array<{ sql: string; params: Array<string | number | null> }>,
	): Promise<void> {
		const script = `
const { DatabaseSync } = require('node:sqlite');
const [file, json] = process.argv.slice(-2);
const db = new DatabaseSync(file);
db.exec('BEGIN');
for (const { sql, params } of JSON.parse(json)) db.prepare(sql).run(...params);
db.exec('COMMIT');
`;
		const result = await this.node(script, [this.database, JSON.stringify(statements)]);
		if (result.code !== 0) throw new Error(`writing to ${this.database} failed:\n${result.stderr}`);
	}
}

function isRunData(data: unknown): data is RunExecutionData {
	return typeof data === 'object' && data !== null && 'resultData' in data;
}

function tail(text: string, max = 3000): string {
	return text.length > max ? `…${text.slice(-max)}` : text;
}

/**
 * With N8N_LOG_LEVEL=info the CLI's stdout holds log lines and, for a successful run, the
 * execution's JSON (pretty-printed, so it starts with a line `{` and ends with a line `}`).
 */
export function parsePrintedExecution(
	stdout: string,
): { data: RunExecutionData; raw: string } | undefined {
	const start = stdout.search(/^\{$/m);
	if (start < 0) return undefined;
	const lines = stdout.slice(start).split('\n');
	for (let end = lines.length; end > 0; end--) {
		if (lines[end - 1] !== '}') continue;
		const raw = lines.slice(0, end).join('\n');
		try {
			const parsed = JSON.parse(raw) as { data?: RunExecutionData };
			if (parsed.data?.resultData) return { data: parsed.data, raw };
		} catch {
			// not the end of the JSON yet
		}
	}
	return undefined;
}
