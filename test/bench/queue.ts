/**
 * Memory of a large video download in a real n8n, by binary data mode: a worker (queue mode) or
 * main (regular mode) runs Webhook → MeiGen (Image → Generate, Download on, default Max Download
 * Size) on a video model whose file the fake serves at the given size, streamed. Then parking
 * (queue-parking.ts): twenty long jobs on one worker through example 10's loop, next to the same twenty
 * with Wait for Completion, busy slots and RSS sampled over time. Prints figures; asserts nothing
 * about them. Not part of `npm test`.
 *
 *   npm run build && npm run bench:queue [-- memory|parking]
 *
 * Peak memory is the process's VmHWM (reset through /proc/<pid>/clear_refs just before the run)
 * and VmRSS sampled every 50 ms from outside the process. Each case gets a fresh worker after a
 * small warm-up download, so peaks never mix. BENCH_QUEUE_KEEP=1 keeps the logs.
 */
import { mkdir } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';

import { expectedMediaSha256, type FakeMeiGen, type ModelJson } from '../fake-server';
import { LINES } from '../../scripts/lib/lines';

const { n8nVersion: N8N_VERSION, nodeVersion: NODE_VERSION } = LINES['2'];
import { cleanup, cleanupOnSignals } from '../../scripts/lib/cleanup';
import { withPg } from '../../scripts/queue/pg';
import { waitUntil, type Service } from '../../scripts/lib/process';
import {
	prepareEnvironment,
	publish,
	pickModel,
	setupOwner,
	startFake,
	Timings,
	videoFields,
	type Environment,
} from '../../scripts/queue/setup';
import {
	PARKING_JOB_MS,
	PARKING_JOBS,
	PARKING_OUTPUT,
	PARKING_P90_S,
	PARKING_VIDEO_BYTES,
	parkingSummary,
	parkingTimeline,
	runParkingCase,
	settle,
	type ParkingResult,
	memoryOf,
	resetPeak,
	sampleRss,
} from './queue-parking';
import { N8nStack, type BinaryMode } from '../../scripts/queue/stack';
import type { RunExecutionData } from '../../scripts/lib/n8n';
import { N8nStore } from '../../scripts/queue/store';
import {
	generationWorkflow,
	loopModelId,
	loopWorkflow,
	MEIGEN_NODE,
} from '../../scripts/queue/workflows';

const MiB = 1024 * 1024;
const WARM_UP_BYTES = 64 * 1024;

interface BenchStack {
	label: string;
	executionsMode: 'queue' | 'regular';
	/** Unset: n8n's default for the executions mode. */
	binaryMode?: BinaryMode;
	cases: BenchCase[];
}

interface BenchCase {
	size: number;
	/** The node's Max Download Size (MB); unset: the node's default. */
	maxDownloadSize?: number;
}

const STACKS: BenchStack[] = [
	{
		label: 'queue mode, `database` (n8n 2.x default in queue mode)',
		executionsMode: 'queue',
		cases: [{ size: 400 * MiB }, { size: 600 * MiB }, { size: 600 * MiB, maxDownloadSize: 512 }],
	},
	{
		label: 'queue mode, `filesystem`',
		executionsMode: 'queue',
		binaryMode: 'filesystem',
		cases: [{ size: 400 * MiB }, { size: 600 * MiB }],
	},
	{
		label: 'regular mode, `filesystem` (n8n 2.x default in regular mode)',
		executionsMode: 'regular',
		cases: [{ size: 400 * MiB }],
	},
];

interface CaseResult {
	stack: string;
	size: number;
	maxDownloadSize?: number;
	runner: string;
	baseline: number;
	peakHwm?: number;
	peakSampled: number;
	samples: number;
	mainIncrease?: number;
	seconds: number;
	status: string;
	stored?: string;
	error?: string;
}

function mib(bytes: number): string {
	return `${Math.round(bytes / MiB)} MiB`;
}

function caseLabel({ size, maxDownloadSize }: BenchCase): string {
	return `${mib(size)}${maxDownloadSize ? `, Max Download Size ${maxDownloadSize}` : ''}`;
}

async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

/** The node's error for a failed run: the workflow's error, or the MeiGen node's own. */
function errorOf(data: RunExecutionData | undefined): string | undefined {
	const error = data?.resultData.error ?? data?.resultData.runData[MEIGEN_NODE]?.[0]?.error;
	if (!error) return undefined;
	const description =
		'description' in error && typeof error.description === 'string'
			? ` — ${error.description}`
			: '';
	return `${error.message ?? '(no message)'}${description}`;
}

async function runCase(
	fake: FakeMeiGen,
	stack: N8nStack,
	store: N8nStore,
	spec: BenchStack,
	workflow: { id: string; path: string },
	{ size, maxDownloadSize }: BenchCase,
): Promise<CaseResult> {
	const runner: Service =
		spec.executionsMode === 'queue' ? await stack.startWorker() : (stack.main as Service);
	const main = stack.main as Service;

	fake.setVideoBytes(WARM_UP_BYTES);
	const warmUp = await stack.api.callWebhook(
		workflow.path,
		{ prompt: `warm-up ${Date.now()}` },
		120_000,
	);
	if (warmUp.status !== 200)
		throw new Error(
			`warm-up run answered ${warmUp.status}: ${warmUp.text.slice(0, 300)}\n${stack.tails()}`,
		);
	await sleep(3000);

	const baseline = memoryOf(runner.pid)?.rss ?? NaN;
	const mainBaseline = memoryOf(main.pid)?.rss ?? NaN;
	const canReset = resetPeak(runner.pid) && resetPeak(main.pid);
	fake.setVideoBytes(size);
	const prompt = `bench ${size} ${Date.now()}`;
	const sampler = sampleRss(runner.pid);
	const mainSampler = runner === main ? undefined : sampleRss(main.pid);
	const started = Date.now();
	const answer = await stack.api.callWebhook(workflow.path, { prompt }, 600_000);
	const ms = Date.now() - started;
	await sleep(500);
	const sampled = sampler.stop();
	const mainSampled = mainSampler?.stop();
	const peakHwm = canReset ? memoryOf(runner.pid)?.hwm : undefined;
	const mainPeak = Math.max(
		mainSampled?.peak ?? 0,
		canReset && runner !== main ? (memoryOf(main.pid)?.hwm ?? 0) : 0,
	);

	const job = [...fake.jobs.values()].find((candidate) => candidate.prompt === prompt);
	if (!job)
		throw new Error(
			`MeiGen received no job for the ${mib(size)} case (webhook answered ${answer.status}: ${answer.text.slice(0, 300)})`,
		);
	const { status, data } = await waitUntil(
		`the ${mib(size)} execution to be stored`,
		60_000,
		async () => {
			for (const row of await store.executions(workflow.id)) {
				if (row.status === 'running' || row.status === 'new') continue;
				const runData = await store.runData(row.id);
				if (
					runData &&
					JSON.stringify(runData.resultData.runData[MEIGEN_NODE] ?? []).includes(job.id)
				)
					return { status: row.status, data: runData };
			}
			return undefined;
		},
	);

	let stored: string | undefined;
	const ref = data?.resultData.runData[MEIGEN_NODE]?.[0]?.data?.main?.[0]?.[0]?.binary?.data;
	if (status === 'success' && ref) {
		const file = await store.file(ref);
		const matches = file.sha256 === expectedMediaSha256(job.id, 0, 'mp4', size);
		stored = `${file.bytes.toLocaleString('en-US')} bytes, sha256 ${matches ? 'matches' : 'DIFFERS'} (${ref.id?.split(':')[0]})`;
	}
	const result: CaseResult = {
		stack: spec.label,
		size,
		maxDownloadSize,
		runner: runner.name,
		baseline,
		peakHwm,
		peakSampled: sampled.peak,
		samples: sampled.samples,
		mainIncrease: runner === main ? undefined : mainPeak - mainBaseline,
		seconds: ms / 1000,
		status,
		stored,
		error: status === 'success' ? undefined : errorOf(data),
	};
	if (spec.executionsMode === 'queue') await runner.stop();
	return result;
}

function printTable(results: CaseResult[]): void {
	console.log(
		"\n| n8n mode, binary data mode | video | measured process | baseline RSS | peak RSS (VmHWM) | increase | peak RSS (50 ms samples) | main's increase | run | result |",
	);
	console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
	for (const r of results) {
		const peak = Math.max(r.peakHwm ?? 0, r.peakSampled);
		const outcome =
			r.status === 'success' ? `success: ${r.stored}` : `**${r.status}**: ${r.error ?? ''}`;
		console.log(
			`| ${r.stack} | ${caseLabel(r)} | ${r.runner} | ${mib(r.baseline)} | ${r.peakHwm === undefined ? 'n/a' : mib(r.peakHwm)} | **+${mib(peak - r.baseline)}** | ${mib(r.peakSampled)} (${r.samples} samples) | ${r.mainIncrease === undefined ? '–' : `+${mib(r.mainIncrease)}`} | ${r.seconds.toFixed(1)} s | ${outcome} |`,
		);
	}
}

/**
 * Twenty long jobs on one worker: example 10's loop, then Wait for Completion, in queue mode with
 * n8n's default binary data mode there (`database`).
 */
async function runParking(
	env: Environment,
	fake: FakeMeiGen,
	timings: Timings,
): Promise<ParkingResult[]> {
	const database = 'n8n_bench_parking';
	const filesFolder = path.join(env.workDir, 'parking-files');
	await mkdir(filesFolder, { recursive: true });
	const stack = new N8nStack({
		runtime: env.runtime,
		tarball: env.tarball,
		dir: path.join(env.workDir, 'stack-parking'),
		redisPort: env.redis.port,
		postgres: env.postgres.target,
		database,
		executionsMode: 'queue',
		env: { N8N_RESTRICT_FILE_ACCESS_TO: filesFolder },
	});
	const modelId = loopModelId();
	const spec = fake.models.find((model) => model.json.id === modelId);
	if (!spec) throw new Error(`the fake offers no ${modelId}`);
	const imageModel = pickModel(fake, 'image');
	const timing = { ...spec.json.estimatedTiming };
	const results: ParkingResult[] = [];
	try {
		await timings.time('parking: start main', () => stack.startMain());
		const credential = await setupOwner(stack, fake);
		const loop = {
			id: await stack.api.publishWorkflow(
				loopWorkflow({ name: 'Bench: loop', path: 'bench-loop', credential, filesFolder }),
			),
			path: 'bench-loop',
		};
		const waiting = {
			id: await stack.api.publishWorkflow(
				loopWorkflow({
					name: 'Bench: Wait for Completion',
					path: 'bench-wait',
					credential,
					filesFolder,
					waitForCompletion: true,
				}),
			),
			path: 'bench-wait',
		};
		const warmUpPath = 'bench-parking-warm-up';
		await stack.api.publishWorkflow(
			generationWorkflow({
				name: 'Bench: warm-up',
				path: warmUpPath,
				model: imageModel.id,
				responseMode: 'lastNode',
				options: { pollInterval: 1 },
				credential,
			}),
		);
		for (const webhookPath of [loop.path, waiting.path, warmUpPath])
			await stack.waitUntilWebhook(webhookPath);
		const warmUp = async () => {
			fake.setJobDuration(imageModel.id, 1000);
			const answer = await stack.api.callWebhook(
				warmUpPath,
				{ prompt: `warm-up ${Date.now()}` },
				120_000,
			);
			if (answer.status !== 200)
				throw new Error(`warm-up answered ${answer.status}: ${answer.text.slice(0, 300)}`);
		};
		const store = new N8nStore(
			env.runtime,
			{ ...env.postgres.target, database },
			stack.binaryStorage,
		);
		// Forty paid videos (two cases of twenty) cost more than the fake's starting balance.
		fake.credits.purchased = Math.max(fake.credits.purchased, 100_000);
		spec.json.estimatedTiming = { ...timing, p90: PARKING_P90_S };
		fake.setJobDuration(modelId, PARKING_JOB_MS);
		fake.setVideoBytes(PARKING_VIDEO_BYTES);
		for (const [label, workflow, output] of [
			['example 10 loop (Wait node parks)', loop, PARKING_OUTPUT.loop],
			['Wait for Completion', waiting, PARKING_OUTPUT.waitForCompletion],
		] as const) {
			const result = await timings.time(`parking: ${label}`, () =>
				runParkingCase(fake, stack, store, workflow, label, output, warmUp),
			);
			console.log(
				`[bench] parking, ${label}: ${result.succeeded}/${PARKING_JOBS} in ${(result.wallMs / 1000).toFixed(0)} s; peak busy slots ${Math.max(...result.samples.map((x) => x.running))}${result.errors.length ? `; ${result.errors.slice(0, 3).join('; ')}` : ''}`,
			);
			results.push(result);
			await settle(fake);
		}
	} finally {
		spec.json.estimatedTiming = timing;
		await stack.stop();
		await withPg(env.runtime, { ...env.postgres.target, database: 'postgres' }, (client) =>
			client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
		);
	}
	return results;
}

async function main(): Promise<number> {
	const started = Date.now();
	const timings = new Timings();
	cleanupOnSignals('bench');
	const results: CaseResult[] = [];
	let parking: ParkingResult[] = [];
	let failures = 0;
	const only = process.argv.slice(2).find((arg) => arg === 'memory' || arg === 'parking');
	try {
		const env = await prepareEnvironment(timings, 'BENCH_QUEUE_KEEP');
		const fake = await startFake();
		const model: ModelJson = pickModel(fake, 'video');
		fake.setJobDuration(model.id, 1000);
		for (const [index, spec] of only === 'parking' ? [] : STACKS.entries()) {
			const database = `n8n_bench_${index + 1}`;
			const stack = new N8nStack({
				runtime: env.runtime,
				tarball: env.tarball,
				dir: path.join(env.workDir, `stack-${index + 1}`),
				redisPort: env.redis.port,
				postgres: env.postgres.target,
				database,
				executionsMode: spec.executionsMode,
				binaryMode: spec.binaryMode,
			});
			try {
				await timings.time(`${spec.label}: start main`, () => stack.startMain());
				const credential = await setupOwner(stack, fake);
				// One workflow per Max Download Size the cases use.
				const workflows = new Map<number | undefined, { id: string; path: string }>();
				for (const maxDownloadSize of new Set(spec.cases.map((c) => c.maxDownloadSize))) {
					const webhookPath = `bench-${index + 1}-${maxDownloadSize ?? 'default'}`;
					const id = await publish(stack, {
						name: `Bench ${webhookPath}`,
						path: webhookPath,
						model: model.id,
						responseMode: 'lastNode',
						additionalFields: videoFields(model),
						options: { pollInterval: 1, ...(maxDownloadSize ? { maxDownloadSize } : {}) },
						credential,
					});
					workflows.set(maxDownloadSize, { id, path: webhookPath });
				}
				const store = new N8nStore(
					env.runtime,
					{ ...env.postgres.target, database },
					stack.binaryStorage,
				);
				for (const benchCase of spec.cases) {
					const label = `${spec.label}: ${caseLabel(benchCase)}`;
					const workflow = workflows.get(benchCase.maxDownloadSize);
					if (!workflow) throw new Error(`no workflow for ${label}`);
					const result = await timings.time(label, () =>
						runCase(fake, stack, store, spec, workflow, benchCase),
					);
					results.push(result);
					console.log(
						`[bench] ${label}: ${result.runner} baseline ${mib(result.baseline)}, peak ${mib(Math.max(result.peakHwm ?? 0, result.peakSampled))}; ${result.status}${result.error ? `: ${result.error}` : ''}`,
					);
				}
			} catch (error) {
				failures++;
				console.error(
					`[bench] ${spec.label} failed: ${error instanceof Error ? error.message : String(error)}\n${stack.tails()}`,
				);
			} finally {
				await stack.stop();
				await withPg(env.runtime, { ...env.postgres.target, database: 'postgres' }, (client) =>
					client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
				);
			}
		}
		if (only !== 'memory') {
			try {
				parking = await runParking(env, fake, timings);
			} catch (error) {
				failures++;
				console.error(
					`[bench] parking failed: ${error instanceof Error ? error.message : String(error)}`,
				);
			}
		}
		console.log(
			`\nn8n ${N8N_VERSION} on Node ${NODE_VERSION}; ${env.binaries.versions.postgres}; ${env.binaries.versions.redis.split(' ').slice(0, 3).join(' ')}; ${cpus().length} cores, ${Math.round(totalmem() / 1024 ** 3)} GiB RAM; the fake MeiGen serves the video streamed over loopback, model ${model.id}, other options at the node's defaults.`,
		);
		if (results.length) printTable(results);
		if (parking.length) {
			console.log(
				`\nParking: ${PARKING_JOBS} jobs of ${PARKING_JOB_MS / 1000} s (${loopModelId()}, MeiGen's estimate p90 ${PARKING_P90_S} s, ${PARKING_VIDEO_BYTES / 1024 / 1024} MiB clips) sent at once to one worker (--concurrency=10), queue mode, binary data mode \`database\` (n8n's default there); Poll Interval 3 s; sampled every second: the worker's busy slots (executions its log says it started and has not finished), Postgres (waiting = parked, new = queued) and /proc (the worker process's RSS, without its task runner).\n`,
			);
			console.log(parkingSummary(parking));
			console.log('');
			console.log(parkingTimeline(parking));
		}
	} catch (error) {
		failures++;
		console.error(`bench set-up failed: ${error instanceof Error ? error.message : String(error)}`);
	} finally {
		await timings.time('teardown', () => cleanup());
	}
	timings.print(Date.now() - started);
	return failures ? 1 : 0;
}

main().then(
	(code) => {
		console.log(code ? 'bench failed' : 'bench done');
		process.exit(code);
	},
	(error: unknown) => {
		console.error(error);
		console.log('bench failed');
		process.exit(1);
	},
);
