/**
 * Queue-mode test in a real n8n: Redis and Postgres on loopback, a main and a worker in queue mode
 * with the packed package, Webhook-triggered workflows published over REST, and checks against
 * the fake MeiGen, one test each. The last parks example 10's loop on a 60 s job for 70 s while a
 * second worker starts and the first is killed -9 (about 2 minutes). Needs redis-server, initdb and
 * postgres (apt-get installs them when root). QUEUE_KEEP=1 keeps the logs.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { ModelJson } from '../../test/fake-server';
import { cleanup, cleanupOnSignals } from '../lib/cleanup';
import { requireBuild } from '../lib/process';
import * as checks from './checks';
import {
	prepareEnvironment,
	publish,
	publishJson,
	pickModel,
	repoRoot,
	setupOwner,
	startFake,
	Timings,
	videoFields,
} from './setup';
import { N8nStack } from './stack';
import { N8nStore } from './store';
import { loopModelId, loopWorkflow } from './workflows';

const DATABASE = 'n8n_queue_test';

cleanupOnSignals('queue');
requireBuild(repoRoot);

const started = Date.now();
const timings = new Timings();
let stack: N8nStack | undefined;
let ctx: checks.QueueContext | undefined;

beforeAll(async () => {
	try {
		const env = await prepareEnvironment(timings, 'QUEUE_KEEP');
		const fake = await startFake();
		fake.setVideoBytes(checks.VIDEO_BYTES);
		const imageModel = pickModel(fake, 'image');
		const videoModel = pickModel(fake, 'video');
		// Short jobs keep the run quick; the fake's behaviour is otherwise its normal one.
		fake.setJobDuration(imageModel.id, checks.IMAGE_JOB_MS);
		fake.setJobDuration(videoModel.id, checks.VIDEO_JOB_MS);
		console.log(
			`[fake] MeiGen API ${fake.apiUrl}, CDN ${fake.cdnUrl}; models ${imageModel.id}, ${videoModel.id}`,
		);

		// Example 10 writes its file on whichever worker resumes it: one folder all may write to.
		const filesFolder = path.join(env.workDir, 'files');
		await mkdir(filesFolder, { recursive: true });
		const loopModel = fake.models.find((model) => model.json.id === loopModelId())?.json;
		if (!loopModel) throw new Error(`the fake offers no ${loopModelId()} (example 10's model)`);
		const n8n = (stack = new N8nStack({
			runtime: env.runtime,
			tarball: env.tarball,
			dir: path.join(env.workDir, 'n8n'),
			redisPort: env.redis.port,
			postgres: env.postgres.target,
			database: DATABASE,
			executionsMode: 'queue',
			env: { N8N_RESTRICT_FILE_ACCESS_TO: filesFolder },
		}));
		await timings.time('startup: n8n main (package install, migrations, ready)', () =>
			n8n.startMain(),
		);
		await timings.time('startup: n8n worker (package install, ready)', () => n8n.startWorker());

		const workflows = await timings.time(
			'publish: owner, credential, 4 workflows, webhooks live',
			async () => {
				const credential = await setupOwner(n8n, fake);
				type Spec = Partial<Parameters<typeof publish>[1]>;
				const generation = async (name: string, model: ModelJson, spec: Spec) => {
					const [path, options] = [`queue-${name}`, { pollInterval: 1 }];
					const fixed = { name: `Queue: ${name}`, path, model: model.id, options, credential };
					const full = { ...fixed, responseMode: 'lastNode' as const, ...spec };
					return { id: await publish(n8n, full), path, model };
				};
				const loopPath = 'queue-loop';
				const loopSpec = { name: 'Queue: example 10 loop', path: loopPath, credential };
				const loop = loopWorkflow({ ...loopSpec, filesFolder });
				return {
					image: await generation('image', imageModel, {}),
					video: await generation('video', videoModel, {
						additionalFields: videoFields(videoModel),
					}),
					stop: await generation('stop', imageModel, {
						responseMode: 'onReceived',
						options: { pollInterval: checks.STOP_POLL_INTERVAL_S, waitTimeout: 120 },
					}),
					loop: { id: await publishJson(n8n, loop, loopPath), path: loopPath, model: loopModel },
				};
			},
		);

		const database = { ...env.postgres.target, database: DATABASE };
		const store = new N8nStore(env.runtime, database, n8n.binaryStorage);
		ctx = { stack: n8n, store, fake, workflows, filesFolder };
	} catch (error) {
		if (stack) console.error(stack.tails());
		throw error;
	}
});

afterAll(async () => {
	await timings.time('teardown', () => cleanup());
	timings.print(Date.now() - started);
});

test.each(Object.entries(checks.queueChecks))('%s', async (name, run) => {
	const checkStarted = Date.now();
	if (!ctx) throw new Error('queue mode was not set up');
	try {
		await run(ctx);
	} catch (error) {
		console.log(ctx.stack.tails());
		throw error;
	} finally {
		timings.entries.push([`check: ${name}`, Date.now() - checkStarted]);
	}
});
