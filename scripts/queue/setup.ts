/**
 * What the queue-mode test and benchmark share: the runtime, the packed package, Redis and
 * Postgres, the fake MeiGen, and publishing a workflow on a started stack.
 */
import path from 'node:path';

import { startFakeMeiGen, TEST_API_KEY } from '../../test/fake-server';
import type { FakeMeiGen, ModelJson } from '../../test/fake-server';
import { ensureRuntime } from '../lib/cache';
import { onCleanup, tempFolder } from '../lib/cleanup';
import type { WorkflowJson } from '../lib/examples';
import { packPackage } from '../lib/install-package';
import { LINES } from '../lib/lines';
import type { Timings } from '../lib/timing';
import { ensureBinaries, startPostgres, startRedis } from './services';
import type { N8nStack } from './stack';
import { generationWorkflow, type GenerationWorkflow } from './workflows';

export { Timings } from '../lib/timing';

export const repoRoot = path.resolve(__dirname, '..', '..');

export type Environment = Awaited<ReturnType<typeof prepareEnvironment>>;

/** Binaries and runtime (installed when missing), the packed package, Redis and Postgres. */
export async function prepareEnvironment(timings: Timings, keepEnv: string) {
	const binaries = await timings.time('install: Redis and Postgres', () => ensureBinaries());
	const { redis: redisVersion, postgres: pgVersion } = binaries.versions;
	console.log(`[services] ${redisVersion.split(' ').slice(0, 3).join(' ')}; ${pgVersion}`);
	const pgMajor = Number(/\) (\d+)/.exec(pgVersion)?.[1]);
	if (pgMajor < 17)
		console.log(
			`[services] note: n8n 2.41 logs that Postgres ${pgMajor} is not supported (it wants 17, 16 on compatibility support); it runs these checks on it all the same`,
		);
	// Queue mode is tested on n8n 2.x, the line teams running queue mode are on.
	const line = LINES['2'];
	const runtime = await timings.time(`install: Node 24 + n8n ${line.n8nVersion} (cache)`, () =>
		ensureRuntime(line),
	);
	const workDir = await tempFolder('meigen-queue-', keepEnv, '[queue]');
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
	const usable = ({ json, restricted, outputs }: (typeof fake.models)[number]) =>
		json.is_active && !restricted && !json.extra_config.hidden && outputs === 1;
	const spec = fake.models.find((model) => model.json.media_type === mediaType && usable(model));
	if (!spec) throw new Error(`the fake MeiGen offers no usable ${mediaType} model`);
	return spec.json;
}

/** Image → Generate's Additional Fields for a video model: its default duration. */
export function videoFields(model: ModelJson): Record<string, unknown> {
	const duration = model.extra_config.defaultDuration ?? model.extra_config.durations?.[0];
	return duration === undefined ? {} : { duration };
}

/** Sets up the owner and the MeiGen credential on a started main. */
export async function setupOwner(stack: N8nStack, fake: FakeMeiGen) {
	await stack.api.setupOwner();
	const data = { apiKey: TEST_API_KEY, baseUrl: fake.apiUrl };
	return await stack.api.createCredential('MeiGen (fake)', 'meiGenApi', data);
}

/** Publishes a workflow (a generation workflow from its spec) and waits until its webhook answers. */
export async function publish(stack: N8nStack, spec: GenerationWorkflow): Promise<string> {
	return await publishJson(stack, generationWorkflow(spec), spec.path);
}

/** Publishes a ready-made workflow (e.g. example 10's loop) and waits until its webhook answers. */
export async function publishJson(stack: N8nStack, workflow: WorkflowJson, webhookPath: string) {
	const id = await stack.api.publishWorkflow(workflow);
	await stack.waitUntilWebhook(webhookPath);
	return id;
}
