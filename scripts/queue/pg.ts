/**
 * A Postgres client for the test's own queries: n8n's copy of `pg` (pure JavaScript), so the
 * project needs no extra dependency. Only the few calls used here are typed.
 */
import path from 'node:path';

import type { Runtime } from '../lib/cache';

export interface PgClient {
	connect(): Promise<void>;
	query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
	end(): Promise<void>;
}

export type PgTarget = { host: string; port: number; user: string; database: string };

type PgModule = {
	Client: new (config: PgTarget & { connectionTimeoutMillis: number }) => PgClient;
};

export async function withPg<T>(
	runtime: Runtime,
	target: PgTarget,
	work: (client: PgClient) => Promise<T>,
): Promise<T> {
	const { Client } = require(path.join(runtime.n8nRoot, 'node_modules', 'pg')) as PgModule;
	const client = new Client({ ...target, connectionTimeoutMillis: 5000 });
	await client.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
}
