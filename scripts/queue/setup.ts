/**
 * What the queue-mode test and benchmark share: the runtime, the packed package, Redis and
 * Postgres, the fake MeiGen, and publishing a workflow on a started stack.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	startFakeMeiGen,
	TEST_API_KEY,
	type FakeMeiGen,
	type ModelJson,
} from '../../test/fake-server';
import { ensureRuntime, type Runtime } from '../lib/cache';
import { LINES } from '../lib/lines';

/** Queue mode is tested on n8n 2.x, the line teams running queue mode are on. */
const LINE = LINES['2'];
const N8N_VERSION = LINE.n8nVersion;
import { packPackage } from '../lib/install-package';
import { onCleanup } from '../lib/cleanup';
import {
	ensureBinaries,
	startPostgres,
	startRedis,
	type Binaries,
	type PostgresHandle,
	type RedisHandle,
} from './services';
import type { N8nStack } from './stack';
import type { WorkflowJson } from '../lib/examples';
import { generationWorkflow, type GenerationWorkflow } from './workflows';

export const repoRoot = path.resolve(__dirname, '..', '..');

export function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

export class Timings {
	readonly entries: Array<[string, number]> = [];

	async time<T>(label: string, work: () => Promise<T> | T): Promise<T> {
		const started = Date.now();
		try {
			return await work();
		} finally {
			this.entries.push([label, Date.now() - started]);
			console.log(`[time] ${label}: ${seconds(Date.now() - started)}`);
		}
	}

	print(total: number): void {
		console.log('\nTimings:');
		for (const [label, ms] of this.entries) console.log(`  ${seconds(ms).padStart(8)}  ${label}`);
		console.log(`  ${seconds(total).padStart(8)}  total`);
	}
}

export interface Environment {
	binaries: Binaries;
	runtime: Runtime;
	workDir: string;
	tarball: string;
	redis: RedisHandle;
	postgres: PostgresHandle;
}

/** Binaries and runtime (installed when missing), the packed package, Redis and Postgres. */
export async function prepareEnvironment(timings: Timings, keepEnv: string): Promise<Environment> {
	const binaries = await timings.time('install: Redis and Postgres', () => ensureBinaries());
	console.log(
		`[services] ${binaries.versions.redis.split(' ').slice(0, 3).join(' ')}; ${binaries.versions.postgres}`,
	);
	const pgMajor = Number(/\) (\d+)/.exec(binaries.versions.postgres)?.[1]);
	if (pgMajor < 17) {
		console.log(
			`[services] note: n8n 2.41 logs that Postgres ${pgMajor} is not supported (it wants 17, 16 on compatibility support); it runs these checks on it all the same`,
		);
	}
	const runtime = await timings.time(`install: Node 24 + n8n ${N8N_VERSION} (cache)`, () =>
		ensureRuntime(LINE),
	);

	const workDir = await mkdtemp(path.join(tmpdir(), 'meigen-queue-'));
	onCleanup(`remove ${workDir}`, async () => {
		if (process.env[keepEnv]) console.log(`[queue] kept ${workDir}`);
		else await rm(workDir, { recursive: true, force: true });
	});
	const tarball = await timings.time('install: pack the package', () =>
		packPackage(repoRoot, path.join(workDir, 'pack')),
	);

	const [redis, postgres] = await timings.time('startup: Redis + Postgres', () =>
		Promise.all([startRedis(binaries, workDir), startPostgres(binaries, runtime, workDir)]),
	);
	console.log(
		`[services] Redis on 127.0.0.1:${redis.port}, Postgres on 127.0.0.1:${postgres.target.port}`,
	);
	return { binaries, runtime, workDir, tarball, redis, postgres };
}

export async function startFake(): Promise<FakeMeiGen> {
	const fake = await startFakeMeiGen();
	onCleanup('close the fake MeiGen', () => fake.close());
	return fake;
}

/** A model the checks can use: active, offered, one file per job. */
export function pickModel(fake: FakeMeiGen, mediaType: 'image' | 'video'): ModelJson {
	const spec = fake.models.find(
		(model) =>
			model.json.media_type === mediaType &&
			model.json.is_active &&
			!model.restricted &&
			!model.json.extra_config.hidden &&
			model.outputs === 1,
	);
	if (!spec) throw new Error(`the fake MeiGen offers no usable ${mediaType} model`);
	return spec.json;
}

/** Image → Generate's Additional Fields for a video model: its default duration. */
export function videoFields(model: ModelJson): Record<string, unknown> {
	const duration = model.extra_config.defaultDuration ?? model.extra_config.durations?.[0];
	return duration === undefined ? {} : { duration };
}

/** Sets up the owner and the MeiGen credential on a started main. */
export async function setupOwner(
	stack: N8nStack,
	fake: FakeMeiGen,
): Promise<{ id: string; name: string }> {
	await stack.api.setupOwner();
	return await stack.api.createCredential('MeiGen (fake)', 'meiGenApi', {
		apiKey: TEST_API_KEY,
		baseUrl: fake.apiUrl,
	});
}

/** Publishes a generation workflow and waits until its webhook answers. */
export async function publish(stack: N8nStack, spec: GenerationWorkflow): Promise<string> {
	const id = await stack.api.publishWorkflow(generationWorkflow(spec));
	await stack.waitUntilWebhook(spec.path);
	return id;
}

/** Publishes a ready-made workflow (e.g. example 10's loop) and waits until its webhook answers. */
export async function publishJson(
	stack: N8nStack,
	workflow: WorkflowJson,
	webhookPath: string,
): Promise<string> {
	const id = await stack.api.publishWorkflow(workflow);
	await stack.waitUntilWebhook(webhookPath);
	return id;
}
