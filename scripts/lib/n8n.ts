/**
 * One n8n user folder driven the way a person would: the real n8n CLI under the line's Node
 * (`import:*`, `execute`), `n8n start` for what needs a server (the editor, REST, resuming a
 * waiting execution), and n8n's sqlite data read back. Nothing reaches outside this machine.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

import type { Runtime } from './cache';
import { n8nEnv } from './env';
import { freePort } from './ports';
import { capture, signalGroup, startService, waitUntil } from './process';
import type { CommandResult, Service } from './process';

export type BinaryRef = { id?: string; mimeType?: string; fileName?: string };

export type OutputItem = { json: Record<string, unknown>; binary?: Record<string, BinaryRef> };

export interface RunExecutionData {
	resultData: {
		runData: Record<string, Array<{ data?: { main?: Array<OutputItem[] | null> }; error?: Error }>>;
		error?: { message?: string; description?: string; node?: { name?: string } };
	};
	/** Until when a waiting execution waits; gone once it resumed. */
	waitTill?: string;
	/** n8n 2.x: the signature a waiting execution's resume URLs carry. */
	resumeToken?: string;
}

export interface Execution {
	id: string;
	status: string;
	data: RunExecutionData;
	/** The execution data exactly as stored, to search for leaked secrets. */
	raw: string;
}

/** `n8n start` as a long-running child, and where it answers. */
export type N8nServer = { url: string; service: Service };

/** What a node output in its last run (its first output). */
export function nodeItems(data: RunExecutionData | undefined, node: string): OutputItem[] {
	const runs = data?.resultData.runData[node];
	return runs?.[runs.length - 1]?.data?.main?.[0] ?? [];
}

const tail = (text: string, max = 3000) => (text.length > max ? `…${text.slice(-max)}` : text);

/** `n8n start` on loopback in its own process group (with its task runner), ready to serve. */
export async function startServer(
	name: string,
	runtime: Runtime,
	env: NodeJS.ProcessEnv,
	where: { cwd: string; logFile: string; port: number },
): Promise<N8nServer> {
	const url = `http://127.0.0.1:${where.port}`;
	const service = startService(name, runtime.nodeBin, [runtime.n8nBin, 'start'], {
		cwd: where.cwd,
		logFile: where.logFile,
		stopTimeoutMs: 15_000,
		env: {
			...env,
			N8N_PORT: String(where.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: url,
			WEBHOOK_URL: `${url}/`,
			// Plain http on loopback.
			N8N_SECURE_COOKIE: 'false',
			// n8n 2.x's module that would call out (1.x has no such module, and refuses the name).
			...(parseInt(runtime.n8nVersion) >= 2 && { N8N_DISABLED_MODULES: 'mcp-registry' }),
		},
	});
	const ready = async () => {
		const response = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
		await response.arrayBuffer();
		return (response.ok && service.log().includes('Editor is now accessible')) || undefined;
	};
	await waitUntil(`${name} to be ready (/healthz/readiness)`, 180_000, ready, service, 500);
	return { url, service };
}

export class N8nInstance {
	readonly n8nFolder: string;
	readonly database: string;
	private env: NodeJS.ProcessEnv = {};
	private readonly children = new Set<ChildProcess>();

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

	/** Filesystem binary data: 2.x's StorageConfig, 1.x's BinaryDataConfig.localStoragePath. */
	get binaryStorage(): string {
		return path.join(this.n8nFolder, this.major >= 2 ? 'storage' : 'binaryData');
	}

	get major(): number {
		return parseInt(this.runtime.n8nVersion);
	}

	async init(): Promise<void> {
		this.env = await n8nEnv(this.runtime, this.userFolder, this.filesFolder, {
			N8N_ENCRYPTION_KEY: 'meigen-e2e-encryption-key-0123456789',
			DB_TYPE: 'sqlite',
			// On disk, where the test reads it (1.x keeps it in memory; 2.x's combined mode needs it).
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			// The Code node needs task runners, off by default in n8n 1.x.
			N8N_RUNNERS_ENABLED: 'true',
		});
	}

	/** `n8n start` on the same user folder and settings as the CLI; `env` adds to them. */
	async serve(port: number, logFile: string, env: NodeJS.ProcessEnv = {}): Promise<N8nServer> {
		// Its own task broker port: the CLI's commands run beside it.
		const broker = { N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		const where = { cwd: this.userFolder, logFile, port };
		return await startServer('n8n', this.runtime, { ...this.env, ...broker, ...env }, where);
	}

	/** Runs the line's Node with `args` (in a process group: the CLI starts a task runner). */
	private async node(args: string[], timeoutMs: number, env = this.env, cwd = this.userFolder) {
		const options = { cwd, env, timeoutMs, detached: true };
		let child: ChildProcess | undefined;
		try {
			return await capture(this.runtime.nodeBin, args, options, (started) =>
				this.children.add((child = started)),
			);
		} finally {
			if (child) this.children.delete(child);
		}
	}

	cli(args: string[], timeoutMs = 120_000): Promise<CommandResult> {
		return this.node([this.runtime.n8nBin, ...args], timeoutMs);
	}

	/** Runs a short script under the line's Node (22.13+ and 24 have `node:sqlite`), with n8n's modules resolvable. */
	private script(script: string, args: string[]): Promise<CommandResult> {
		const env = { ...this.env, NODE_PATH: path.join(this.runtime.n8nRoot, 'node_modules') };
		const argv = ['--no-warnings', '-e', script, '--', ...args];
		return this.node(argv, 60_000, env, this.runtime.n8nRoot);
	}

	/** Stops at once every n8n process this instance started that is still running (its data is thrown away). */
	stopAll(): void {
		for (const child of this.children) signalGroup(child.pid, 'SIGKILL');
	}

	async cliOrThrow(args: string[]): Promise<CommandResult> {
		const result = await this.cli(args);
		const { code, stdout, stderr } = result;
		if (code === 0) return result;
		throw new Error(`n8n ${args.join(' ')} exited with ${code}\n${tail(stdout)}\n${tail(stderr)}`);
	}

	/** `n8n execute`, then the execution as n8n stored it. */
	async execute(workflowId: string): Promise<{ cli: CommandResult; execution: Execution }> {
		const cli = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], 180_000);
		const stored = await this.latestExecution(workflowId);
		if (!stored.data?.resultData) {
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
console.log(row ? JSON.stringify({ id: String(row.id), status: row.status, raw: row.data, data: parse(row.data) }) : 'null');
`;
		const result = await this.script(script, [this.database, workflowId]);
		if (result.code !== 0)
			throw new Error(`reading the execution from ${this.database} failed:\n${result.stderr}`);
		const parsed = JSON.parse(result.stdout) as Execution | null;
		if (!parsed) throw new Error(`n8n stored no execution of workflow ${workflowId}`);
		return parsed;
	}

	/** Runs SQL statements against n8n's database (after n8n created it). */
	async sql(statements: Array<{ sql: string; params: Array<string | number | null> }>) {
		const script = `
const { DatabaseSync } = require('node:sqlite');
const [file, json] = process.argv.slice(-2);
const db = new DatabaseSync(file);
db.exec('BEGIN');
for (const { sql, params } of JSON.parse(json)) db.prepare(sql).run(...params);
db.exec('COMMIT');
`;
		const result = await this.script(script, [this.database, JSON.stringify(statements)]);
		if (result.code !== 0) throw new Error(`writing to ${this.database} failed:\n${result.stderr}`);
	}
}
