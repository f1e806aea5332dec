/**
 * Memory of a large video download in a real n8n, by binary data mode: a worker (queue mode) or
 * main (regular mode) runs Webhook → MeiGen (Image → Generate, Download on, default Max Download
 * Size) on a video model whose file the fake serves at the given size, streamed. Prints figures;
 * asserts nothing about them. Not part of `npm test`.
 *
 *   npm run build && npm run bench:queue
 *
 * Peak memory is the process's VmHWM (reset through /proc/<pid>/clear_refs just before the run)
 * and VmRSS sampled every 50 ms from outside the process. Each case gets a fresh worker after a
 * small warm-up download, so peaks never mix. BENCH_QUEUE_KEEP=1 keeps the logs.
 */
import { cpus, totalmem } from 'node:os';
import path from 'node:path';

import { expectedMediaSha256, type FakeMeiGen, type ModelJson } from '../../test/fake-server';
import { LINES } from '../e2e/lines';

const { n8nVersion: N8N_VERSION, nodeVersion: NODE_VERSION } = LINES['2'];
import { cleanup, cleanupOnSignals, exitWith } from './cleanup';
import { withPg } from './pg';
import { memoryOf, resetPeak, sampleRss, waitUntil, type Service } from './process';
import {
	prepareEnvironment,
	publish,
	pickModel,
	setupOwner,
	startFake,
	Timings,
	videoFields,
} from './setup';
import { N8nStack, type BinaryMode } from './stack';
import { N8nStore, type RunData } from './store';
import { MEIGEN_NODE } from './workflows';

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
function errorOf(data: RunData | undefined): string | undefined {
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

async function main(): Promise<number> {
	const started = Date.now();
	const timings = new Timings();
	cleanupOnSignals(() => 'bench interrupted');
	const results: CaseResult[] = [];
	let failures = 0;
	try {
		const env = await prepareEnvironment(timings, 'BENCH_QUEUE_KEEP');
		const fake = await startFake();
		const model: ModelJson = pickModel(fake, 'video');
		fake.setJobDuration(model.id, 1000);
		for (const [index, spec] of STACKS.entries()) {
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
		console.log(
			`\nn8n ${N8N_VERSION} on Node ${NODE_VERSION}; ${env.binaries.versions.postgres}; ${env.binaries.versions.redis.split(' ').slice(0, 3).join(' ')}; ${cpus().length} cores, ${Math.round(totalmem() / 1024 ** 3)} GiB RAM; the fake MeiGen serves the video streamed over loopback, model ${model.id}, other options at the node's defaults.`,
		);
		printTable(results);
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
	(code) => exitWith(code ? 'bench failed' : 'bench done', code),
	(error: unknown) => {
		console.error(error);
		exitWith('bench failed', 1);
	},
);
