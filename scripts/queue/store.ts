/**
 * Reads what n8n stored, straight from its Postgres database and binary storage: executions,
 * their run data, and the bytes behind a binary reference (`database:<uuid>` rows in
 * `binary_data`, or `filesystem-v2:<path>` files under N8N_BINARY_DATA_STORAGE_PATH).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';

import type { Runtime } from '../lib/cache';
import type { BinaryRef, RunExecutionData } from '../lib/n8n';
import { withPg, type PgClient, type PgTarget } from './pg';

export interface ExecutionRow {
	id: string;
	status: string;
	mode: string;
	stoppedAt: Date | null;
	/** When a parked (`waiting`) execution is due to resume. */
	waitTill: Date | null;
}

export interface StoredFile {
	bytes: number;
	sha256: string;
	/** The file itself when it is small enough to compare byte by byte. */
	data?: Buffer;
	where: string;
}

const SMALL_FILE = 64 * 1024 * 1024;

export class N8nStore {
	constructor(
		private readonly runtime: Runtime,
		private readonly db: PgTarget,
		private readonly binaryStorage: string,
	) {}

	private query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
		const rows = async (client: PgClient) => (await client.query<Row>(sql, params)).rows;
		return withPg(this.runtime, this.db, rows);
	}

	async executions(workflowId: string): Promise<ExecutionRow[]> {
		const rows = await this.query<ExecutionRow & { id: string | number }>(
			'SELECT id, status, mode, "stoppedAt", "waitTill" FROM execution_entity WHERE "workflowId" = $1 ORDER BY id',
			[workflowId],
		);
		return rows.map((row) => ({ ...row, id: String(row.id) }));
	}

	/** How many executions of each status there are, over all workflows (`running`, `waiting`, `new`, …). */
	async statusCounts(): Promise<Record<string, number>> {
		const rows = await this.query<{ status: string; count: string | number }>(
			'SELECT status, count(*) AS count FROM execution_entity GROUP BY status',
		);
		return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
	}

	/** Run data is stored in `flatted` form; n8n's own copy of flatted reads it. */
	async runData(executionId: string): Promise<RunExecutionData | undefined> {
		const [row] = await this.query<{ data: string }>(
			'SELECT data FROM execution_data WHERE "executionId" = $1',
			[executionId],
		);
		if (!row) return undefined;
		const flatted = require(path.join(this.runtime.n8nRoot, 'node_modules', 'flatted')) as {
			parse(text: string): unknown;
		};
		return flatted.parse(row.data) as RunExecutionData;
	}

	/** Reads the file behind a binary reference, hashing it (and keeping it when small). */
	async file(ref: BinaryRef): Promise<StoredFile> {
		const id = ref.id ?? '';
		const [mode, key] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
		if (mode === 'database') {
			type Row = { size: number; sha256: string; data: Buffer | null };
			const [row] = await this.query<Row>(
				'SELECT length(data) AS size, encode(sha256(data), \'hex\') AS sha256, CASE WHEN length(data) <= $2 THEN data END AS data FROM binary_data WHERE "fileId" = $1',
				[key, SMALL_FILE],
			);
			if (!row) throw new Error(`binary_data has no row for ${id}`);
			const where = `Postgres binary_data row ${key}`;
			return { bytes: Number(row.size), sha256: row.sha256, data: row.data ?? undefined, where };
		}
		if (!mode.startsWith('filesystem'))
			throw new Error(
				`binary reference ${JSON.stringify(id)} is in neither database nor filesystem storage`,
			);
		const file = path.join(this.binaryStorage, key);
		const hash = createHash('sha256');
		const chunks: Buffer[] = [];
		let bytes = 0;
		for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
			hash.update(chunk);
			bytes += chunk.length;
			if (bytes <= SMALL_FILE) chunks.push(chunk);
		}
		const data = bytes <= SMALL_FILE ? Buffer.concat(chunks) : undefined;
		return { bytes, sha256: hash.digest('hex'), data, where: file };
	}
}
