/**
 * Redis and Postgres for queue mode: this machine's binaries (installed from Debian's packages
 * when missing and running as root, as CI does), each on a free loopback port with its data in a
 * temporary folder that is removed again.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';

import type { Runtime } from '../lib/cache';
import { tempFolder } from '../lib/cleanup';
import { withPg, type PgClient, type PgTarget } from './pg';
import { ensurePackages, isRoot, onPath } from '../lib/apt';
import { freePort } from '../lib/ports';
import { delay, startService, waitUntil } from '../lib/process';

export interface Binaries {
	redisServer: string;
	initdb: string;
	postgres: string;
	versions: { redis: string; postgres: string };
}

function locate(): Partial<Omit<Binaries, 'versions'>> {
	// Debian keeps Postgres's server binaries off PATH, in /usr/lib/postgresql/<major>/bin; initdb
	// and postgres from the same folder, so their versions match.
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)) : [];
	const debian = majors.sort((a, b) => Number(b) - Number(a)).map((m) => path.join(root, m, 'bin'));
	const pgDir = [...(process.env.PATH ?? '').split(path.delimiter), ...debian].find(
		(dir) => dir && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres')),
	);
	return {
		redisServer: onPath('redis-server', ['/usr/bin', '/usr/local/bin', '/usr/sbin']),
		initdb: pgDir && path.join(pgDir, 'initdb'),
		postgres: pgDir && path.join(pgDir, 'postgres'),
	};
}

/** Finds redis-server, initdb and postgres; installs the missing ones with apt-get when root. */
export function ensureBinaries(): Binaries {
	const before = locate();
	const missing = [!before.redisServer && 'redis-server', !before.postgres && 'postgresql'];
	const packages = missing.filter((name): name is string => !!name);
	const find = () => {
		const { redisServer, initdb, postgres } = locate();
		return redisServer && initdb && postgres ? { redisServer, initdb, postgres } : undefined;
	};
	const { found } = ensurePackages('services', packages, find, {
		need: `Redis and PostgreSQL are needed for the queue-mode test; missing: ${packages.join(', ')} (need redis-server, initdb and postgres)`,
		hint: "Install them and run again: on Debian/Ubuntu `sudo apt-get install -y redis-server postgresql` (Debian 12: Redis 7, PostgreSQL 15); on macOS `brew install redis postgresql@17` and put postgresql@17's bin folder on PATH. The test starts its own Redis and Postgres on free loopback ports; it does not use running services.",
	});
	const version = (file: string) => execFileSync(file, ['--version'], { encoding: 'utf8' }).trim();
	const versions = { redis: version(found.redisServer), postgres: version(found.postgres) };
	return { ...found, versions };
}

function redisPing(port: number): Promise<true | undefined> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		const answer = (pong?: true) => {
			socket.destroy();
			resolve(pong);
		};
		socket.setTimeout(1000);
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => answer(data.toString().startsWith('+PONG') || undefined));
		socket.once('error', () => answer());
		socket.once('timeout', () => answer());
	});
}

export async function startRedis(binaries: Binaries, logDir: string) {
	const dir = await tempFolder('meigen-queue-redis-');
	const port = await freePort();
	const args = `--port ${port} --bind 127.0.0.1 --dir ${dir} --appendonly no --daemonize no --protected-mode yes`;
	const service = startService('redis', binaries.redisServer, [...args.split(' '), '--save', ''], {
		cwd: dir,
		env: { PATH: process.env.PATH },
		logFile: path.join(logDir, 'redis.log'),
		stopTimeoutMs: 5000,
	});
	await waitUntil('Redis to answer PING', 15_000, () => redisPing(port), service);
	return { port, service };
}

/** The uid/gid Postgres runs under: the current user, or `postgres` when running as root. */
function postgresUser(): { uid?: number; gid?: number; name: string } {
	if (!isRoot) return { name: process.env.USER ?? 'current user' };
	const id = (flag: string) =>
		Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
	try {
		return { uid: id('-u'), gid: id('-g'), name: 'postgres' };
	} catch {
		throw new Error(
			"Postgres refuses to run as root and there is no `postgres` user: install Debian's postgresql package (it creates the user) or run as a normal user",
		);
	}
}

export async function startPostgres(binaries: Binaries, runtime: Runtime, logDir: string) {
	const dir = await tempFolder('meigen-queue-pg-');
	const user = postgresUser();
	const dataDir = path.join(dir, 'data');
	if (user.uid !== undefined && user.gid !== undefined) chownSync(dir, user.uid, user.gid);
	chmodSync(dir, 0o700);
	const as = { cwd: dir, env: { PATH: process.env.PATH, LC_ALL: 'C', LANG: 'C' }, ...user };

	const initArgs = `-D ${dataDir} -U postgres --auth=trust -E UTF8 --locale=C --no-sync`;
	const logFile = path.join(logDir, 'initdb.log');
	const init = startService('initdb', binaries.initdb, initArgs.split(' '), { ...as, logFile });
	const code = await Promise.race([init.exited, delay(60_000).then(() => 'timeout' as const)]);
	if (code !== 0) {
		await init.stop();
		const why = code === 'timeout' ? 'timed out after 60 s' : `exited with ${code}`;
		throw new Error(`initdb (as ${user.name}) ${why}\n${init.tail()}`);
	}

	const port = await freePort();
	// Throw-away data: durability off for speed.
	const settings = [
		'listen_addresses=127.0.0.1',
		`unix_socket_directories=${dir}`,
		'fsync=off',
		'synchronous_commit=off',
		'full_page_writes=off',
	];
	const args = ['-D', dataDir, '-p', String(port), ...settings.flatMap((set) => ['-c', set])];
	// SIGINT is Postgres's "fast shutdown".
	const service = startService('postgres', binaries.postgres, args, {
		...as,
		logFile: path.join(logDir, 'postgres.log'),
		stopSignal: 'SIGINT',
		stopTimeoutMs: 10_000,
	});
	// Each n8n stack creates its own database on this server.
	const admin: PgTarget = { host: '127.0.0.1', port, user: 'postgres', database: 'postgres' };
	const select = async (client: PgClient) => (await client.query('SELECT 1')).rows.length > 0;
	const accepts = async () => (await withPg(runtime, admin, select)) || undefined;
	await waitUntil('Postgres to accept connections', 30_000, accepts, service, 300);
	return { target: admin, service };
}
