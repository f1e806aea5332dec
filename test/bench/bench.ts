/**
 * `npm run bench`: throughput, polling, memory and back-off figures for the MeiGen node, run
 * through n8n-core's real WorkflowExecute against the fake MeiGen on loopback (the back-off
 * section partly on simulated time, see pacing.ts). Prints figures; asserts no timings.
 * See BENCHMARKS.md for what each figure means.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

import type { INodeExecutionData } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY } from '../../nodes/MeiGen/execution/itemLoop';
import {
	expectedMediaSha256,
	startFakeMeiGen,
	TEST_API_KEY,
	type FakeMeiGen,
} from '../fake-server';
import type { TestItem } from '../harness';
import { generate, runMeiGen, type MeiGenRun } from '../nodes/MeiGen/setup';
import type { MemoryCaseInput, MemoryCaseResult } from './memory-child';
import { isProbe, isStatus, isSubmit, pathOf, seenLateMs, taskOf } from './requests';
import {
	startRateLimitProxy,
	type RateLimitOptions,
	type RateLimitProxy,
} from './rate-limit-proxy';
import { catalogueTable, describeCatalogue, runCatalogue } from './catalogue';
import { describePacing, pacingTable, runPacing } from './pacing';
import { describeWaiting, runWaiting, waitingTable, waitScale, type WaitScale } from './waiting';
import {
	bestSchedule,
	meiGenNodeTypes,
	MiB,
	mib,
	peakInWindow,
	removeHarnessFolder,
	seconds,
	signedMib,
	table,
} from './util';

const IMAGE_MODEL = 'nanobanana-2';
const VIDEO_MODEL = 'seedance-2-0';
/** A 15-second image model, as MeiGen documents Nanobanana 2 */
const JOB_MS = 15_000;
/** The node's default Poll Interval */
const POLL_S = 3;
/** The 50-item runs use time divided by this (5-second jobs, 1-second polls) to fit the bench's budget */
const SCALE = 3;
/** MeiGen's documented limit: about 12 generate POSTs a minute */
const RATE_LIMIT: RateLimitOptions = { limit: 12, windowMs: 60_000 };
const LONG_JOB_MS = 120_000;

const benchStarted = Date.now();
const nodeTypes = meiGenNodeTypes();
const log = (text: string) =>
	console.log(`[${seconds(Date.now() - benchStarted, 0).padStart(5)}] ${text}`);

// ---- batches --------------------------------------------------------------------------------

interface BatchSpec {
	label: string;
	items: number;
	jobMs: number;
	pollS: number;
	/** Options → Concurrency; undefined = the node's default */
	concurrency?: number;
	limiter?: RateLimitOptions;
	/** Shown next to figures measured on scaled time */
	scaled?: boolean;
}

interface BatchResult {
	spec: BatchSpec;
	wallMs: number;
	/** The MeiGen node's own execution time (n8n's task data) */
	nodeMs: number;
	/** Slowest job + one poll interval: what unlimited concurrency could do */
	idealMs: number;
	/** A perfect client at this concurrency (and limit): whole waves of jobs, no poll delay */
	floorMs: number;
	jobs: number;
	submits: number;
	rejected: number;
	statuses: number;
	other: number;
	cdn: number;
	/** Most submits the API accepted in any 60 s (scaled: 60 s / SCALE) */
	peakSubmitsPerWindow: number;
	succeeded: number;
	inOrder: boolean;
	pairedOk: boolean;
	errors: string[];
	/** Mean of (the poll that saw a job finished − the job's completion), ms */
	meanSeenLateMs: number;
	/** How many jobs needed how many status polls, e.g. { 2: 16, 6: 4 } */
	pollsPerJob: Map<number, number>;
	/** Submits the API accepted, s after the run started */
	acceptedAtS: number[];
	/** Submits answered 429 (s after the run started, Retry-After s) */
	rejectedAtS: Array<{ atS: number; retryAfterS: number }>;
}

function prompts(count: number, label: string): string[] {
	return Array.from(
		{ length: count },
		(_, index) => `${label} #${index}: a lighthouse at dusk, oil painting, variation ${index}`,
	);
}

function pairedIndex(item: INodeExecutionData): number | undefined {
	const paired = item.pairedItem;
	if (typeof paired === 'number') return paired;
	if (paired && !Array.isArray(paired)) return paired.item;
	return undefined;
}

async function runBatch(fake: FakeMeiGen, spec: BatchSpec): Promise<BatchResult> {
	fake.reset();
	fake.setJobDuration(IMAGE_MODEL, spec.jobMs);
	let proxy: RateLimitProxy | undefined;
	if (spec.limiter) proxy = await startRateLimitProxy(fake.apiUrl, spec.limiter);
	const texts = prompts(spec.items, spec.label);
	const items: TestItem[] = texts.map((prompt) => ({ json: { prompt } }));
	const options = {
		pollInterval: spec.pollS,
		...(spec.concurrency ? { concurrency: spec.concurrency } : {}),
	};
	const target: FakeMeiGen = proxy ? { ...fake, apiUrl: proxy.apiUrl } : fake;
	let run: MeiGenRun;
	try {
		run = await runMeiGen(target, generate(IMAGE_MODEL, '={{ $json.prompt }}', { options }), {
			items,
			binaryMode: 'default',
			nodeTypes,
		});
	} finally {
		await proxy?.close();
	}

	const output = run.output('MeiGen');
	const errors: string[] = [];
	if (run.status !== 'success')
		errors.push(
			`run ${run.status}: ${run.error?.message ?? run.nodeError('MeiGen')?.message ?? ''}`,
		);
	let inOrder = output.length === spec.items;
	let pairedOk = output.length === spec.items;
	let succeeded = 0;
	const late: number[] = [];
	for (const [index, item] of output.entries()) {
		const generationId = String(item.json.generationId ?? '');
		const job = fake.jobs.get(generationId);
		const binary = item.binary?.data;
		if (item.json.error) errors.push(`item ${index}: ${String(item.json.error)}`);
		else if (job && binary && binary.mimeType === 'image/png' && binary.data.length > 0)
			succeeded++;
		// Output i must carry input i's prompt, and its job must be the one made from that prompt.
		if (item.json.prompt !== texts[index] || job?.prompt !== texts[index]) inOrder = false;
		if (pairedIndex(item) !== index) pairedOk = false;
		const seen = seenLateMs(fake, generationId);
		if (seen !== undefined) late.push(seen);
	}

	const requests = fake.requests.filter((r) => !isProbe(r));
	const submits = requests.filter(isSubmit);
	const statusRequests = requests.filter(isStatus);
	const statuses = statusRequests.length;
	const pollsPerJob = new Map<number, number>();
	for (const id of fake.jobs.keys()) {
		const polls = statusRequests.filter((r) => pathOf(r).endsWith(`/${id}`)).length;
		pollsPerJob.set(polls, (pollsPerJob.get(polls) ?? 0) + 1);
	}
	const sinceStart = (time: number) => Math.round((time - run.startedAt) / 100) / 10;
	const task = taskOf(run);
	const concurrency = spec.concurrency ?? DEFAULT_CONCURRENCY;
	return {
		spec,
		wallMs: run.finishedAt - run.startedAt,
		nodeMs: task?.executionTime ?? 0,
		idealMs: spec.jobMs + spec.pollS * 1000,
		floorMs: bestSchedule(
			spec.items,
			concurrency,
			spec.jobMs,
			spec.limiter?.limit,
			spec.limiter?.windowMs,
		),
		jobs: fake.jobs.size,
		submits: submits.length,
		rejected: proxy?.rejected.length ?? 0,
		statuses,
		other: requests.length - submits.length - statuses,
		cdn: fake.cdnRequests.length,
		peakSubmitsPerWindow: peakInWindow(
			submits.map((r) => r.time),
			spec.scaled ? 60_000 / SCALE : 60_000,
		),
		succeeded,
		inOrder,
		pairedOk,
		errors,
		meanSeenLateMs: late.length ? late.reduce((sum, ms) => sum + ms, 0) / late.length : NaN,
		pollsPerJob,
		acceptedAtS: submits.map((r) => sinceStart(r.time)),
		rejectedAtS: (proxy?.rejected ?? []).map((r) => ({
			atS: sinceStart(r.time),
			retryAfterS: r.retryAfterSeconds,
		})),
	};
}

function perJob(result: BatchResult): string {
	const jobs = Math.max(1, result.jobs);
	const f = (n: number) => (n / jobs).toFixed(2);
	const rejected = result.rejected ? ` (+${f(result.rejected)} answered 429)` : '';
	return `${f(result.submits + result.statuses + result.other + result.rejected)} = submit ${f(result.submits)}${rejected} / status ${f(result.statuses)} / other ${f(result.other)}`;
}

function describeBatch(result: BatchResult, oneAtATime: { ms: number; how: string }): string {
	const { spec } = result;
	const lines = [
		`${spec.label}: ${spec.items} item(s), ${spec.jobMs / 1000}-second jobs${spec.scaled ? ` (time scaled down ${SCALE}x)` : ''}, Poll Interval ${spec.pollS} s, Concurrency ${spec.concurrency ?? `${DEFAULT_CONCURRENCY} (default)`}${spec.limiter ? `, rate limit ${spec.limiter.limit} submits / ${spec.limiter.windowMs / 1000} s` : ''}`,
		`  wall time                 ${seconds(result.wallMs)} (MeiGen node itself: ${seconds(result.nodeMs)})`,
		`  ideal                     ${seconds(result.idealMs)} (slowest job + one poll interval)`,
		`  best at this concurrency  ${seconds(result.floorMs)} (whole waves of jobs${spec.limiter ? ' under the limit' : ''}, no poll delay)`,
		`  one at a time             ${seconds(oneAtATime.ms)} (${oneAtATime.how})`,
		...(spec.limiter || spec.scaled
			? []
			: [
					`  best under MeiGen's limit ${seconds(bestSchedule(spec.items, spec.concurrency ?? DEFAULT_CONCURRENCY, spec.jobMs, RATE_LIMIT.limit, RATE_LIMIT.windowMs))} (computed: ${RATE_LIMIT.limit} submits / ${RATE_LIMIT.windowMs / 1000} s, this concurrency)`,
				]),
		...(spec.scaled
			? [
					`  best under MeiGen's limit ${seconds(bestSchedule(spec.items, spec.concurrency ?? DEFAULT_CONCURRENCY, spec.jobMs * SCALE, RATE_LIMIT.limit, RATE_LIMIT.windowMs))} real time (computed for ${(spec.jobMs * SCALE) / 1000}-second jobs: ${RATE_LIMIT.limit} submits / ${RATE_LIMIT.windowMs / 1000} s, this concurrency)`,
				]
			: []),
		`  API requests per job      ${perJob(result)}; CDN downloads ${result.cdn}`,
		`  jobs / items succeeded    ${result.jobs} jobs, ${result.succeeded}/${spec.items} items with their image`,
		`  finish seen after         ${Number.isNaN(result.meanSeenLateMs) ? 'n/a' : `${seconds(result.meanSeenLateMs, 2)} on average`} (job completed → the node's poll that saw it)`,
		`  peak submits per ${spec.scaled ? `${60 / SCALE} s` : 'minute'}   ${result.peakSubmitsPerWindow}${spec.limiter ? ` accepted; ${result.rejected} submits answered 429` : ''}`,
		`  status polls per job      ${[...result.pollsPerJob.entries()]
			.sort(([a], [b]) => a - b)
			.map(([polls, jobs]) => `${polls} polls: ${jobs} job(s)`)
			.join(', ')}`,
		`  order / pairedItem        ${result.inOrder ? 'outputs in input order' : 'OUT OF ORDER'}, ${result.pairedOk ? 'pairedItem correct' : 'pairedItem WRONG'}`,
	];
	if (spec.limiter) {
		lines.push(
			`  submits accepted at (s)   ${result.acceptedAtS.join(', ')}`,
			`  429 answers at (s)        ${result.rejectedAtS.map((r) => `${r.atS} (Retry-After ${r.retryAfterS})`).join(', ') || 'none'}`,
		);
	}
	if (result.errors.length)
		lines.push(`  errors                    ${result.errors.slice(0, 5).join('; ')}`);
	return lines.join('\n');
}

// ---- long job: server hints -----------------------------------------------------------------

interface HintProbe {
	atS: number;
	expectedWaitSeconds?: number;
	pollHintSeconds?: number;
}

interface LongJobResult {
	model: string;
	p90: number;
	durationMs: number;
	polls: number;
	pollTimesS: number[];
	naivePolls: number;
	seenLateMs?: number;
	outputLateMs?: number;
	probes: HintProbe[];
	ok: boolean;
	error?: string;
}

async function probeStatus(
	fake: FakeMeiGen,
	generationId: string,
	atMs: number,
): Promise<HintProbe> {
	const response = await fetch(`${fake.apiUrl}/generate/v2/status/${generationId}`, {
		headers: { Authorization: `Bearer ${TEST_API_KEY}`, 'x-bench-probe': '1' },
	});
	const body = (await response.json()) as {
		expectedWaitSeconds?: number;
		pollHintSeconds?: number;
	};
	return {
		atS: Math.round(atMs / 1000),
		expectedWaitSeconds: body.expectedWaitSeconds,
		pollHintSeconds: body.pollHintSeconds,
	};
}

async function runLongJob(fake: FakeMeiGen, model: string): Promise<LongJobResult> {
	const probes: HintProbe[] = [];
	const probeAt = [10_000, 60_000, 110_000];
	const timers = probeAt.map((atMs) =>
		setTimeout(() => {
			const job = [...fake.jobs.values()].find((j) => j.modelId === model);
			if (job)
				void probeStatus(fake, job.id, Date.now() - job.createdAt).then((probe) =>
					probes.push(probe),
				);
		}, atMs + 500),
	);
	const run = await runMeiGen(fake, generate(model, `one long ${model} job`), {
		binaryMode: 'default',
		nodeTypes,
	});
	for (const timer of timers) clearTimeout(timer);
	const job = [...fake.jobs.values()].find((j) => j.modelId === model);
	const p90 = fake.models.find((m) => m.json.id === model)?.json.estimatedTiming.p90 ?? 0;
	const base: LongJobResult = {
		model,
		p90,
		durationMs: LONG_JOB_MS,
		polls: 0,
		pollTimesS: [],
		naivePolls: Math.ceil(LONG_JOB_MS / (POLL_S * 1000)),
		probes,
		ok: false,
	};
	if (!job) return { ...base, error: 'no job was created' };
	const polls = fake.requests.filter(
		(r) => isStatus(r) && !isProbe(r) && pathOf(r).endsWith(`/${job.id}`),
	);
	const task = taskOf(run);
	const outputAt = task ? task.startTime + task.executionTime : undefined;
	return {
		...base,
		durationMs: job.durationMs,
		polls: polls.length,
		pollTimesS: polls.map((r) => (r.time - job.createdAt) / 1000),
		seenLateMs: seenLateMs(fake, job.id),
		outputLateMs: job.completedAt && outputAt ? outputAt - job.completedAt : undefined,
		probes: probes.sort((a, b) => a.atS - b.atS),
		ok:
			run.status === 'success' && run.items.length === 1 && run.items[0].binary?.data !== undefined,
		error:
			run.status === 'success'
				? undefined
				: (run.nodeError('MeiGen')?.message ?? run.error?.message),
	};
}

function describeLongJob(result: LongJobResult): string {
	const pollList =
		result.pollTimesS.length <= 8
			? result.pollTimesS.map((s) => s.toFixed(1)).join(', ')
			: `${result.pollTimesS
					.slice(0, 4)
					.map((s) => s.toFixed(1))
					.join(', ')}, … (every ${POLL_S} s) …, ${result.pollTimesS
					.slice(-2)
					.map((s) => s.toFixed(1))
					.join(', ')}`;
	return [
		`${result.model}: one ${seconds(result.durationMs, 0)} job, model p90 (expectedWaitSeconds) ${result.p90} s, Poll Interval ${POLL_S} s`,
		`  status polls              ${result.polls} (a poller asking every ${POLL_S} s: about ${result.naivePolls})`,
		`  polls at (s after submit) ${pollList}`,
		`  finish seen after         ${result.seenLateMs === undefined ? 'n/a' : seconds(result.seenLateMs, 2)} (job completed → the poll that saw it; limit ${POLL_S} s)`,
		`  output ready after        ${result.outputLateMs === undefined ? 'n/a' : seconds(result.outputLateMs, 2)} (job completed → node finished, download included)`,
		`  fake's hints while running ${result.probes.map((p) => `t=${p.atS}s: expectedWaitSeconds ${p.expectedWaitSeconds}, pollHintSeconds ${p.pollHintSeconds}`).join('; ') || 'n/a'}`,
		`  result                    ${result.ok ? 'completed, media downloaded' : `FAILED ${result.error ?? ''}`}`,
	].join('\n');
}

// ---- memory ---------------------------------------------------------------------------------

interface MemoryCase {
	label: string;
	binaryMode: 'default' | 'filesystem';
	bytes: number;
}

interface MemoryOutcome {
	spec: MemoryCase;
	result: MemoryCaseResult;
	expectedSha256?: string;
	wallMs: number;
}

async function runMemoryCase(fake: FakeMeiGen, spec: MemoryCase): Promise<MemoryOutcome> {
	fake.reset();
	fake.setJobDuration(VIDEO_MODEL, 1000);
	fake.setJobDuration(IMAGE_MODEL, 200);
	fake.setVideoBytes(spec.bytes);
	const input: MemoryCaseInput = {
		apiUrl: fake.apiUrl,
		binaryMode: spec.binaryMode,
		videoModel: VIDEO_MODEL,
		warmupModel: IMAGE_MODEL,
	};
	const started = Date.now();
	const child = fork(path.join(__dirname, 'memory-child.ts'), [JSON.stringify(input)], {
		execArgv: [
			'--require',
			require.resolve('ts-node/register/transpile-only'),
			'--expose-gc',
			'--max-old-space-size=8192',
		],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const result = await new Promise<MemoryCaseResult>((resolve) => {
		let answer: MemoryCaseResult | undefined;
		const guard = setTimeout(() => child.kill('SIGKILL'), 180_000);
		child.on('message', (message) => {
			answer = message as MemoryCaseResult;
		});
		child.on('exit', (code, signal) => {
			clearTimeout(guard);
			const empty = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
			resolve(
				answer ?? {
					binaryMode: spec.binaryMode,
					ok: false,
					error: `child exited (code ${code}, signal ${signal}) without a result`,
					baseline: empty,
					peak: empty,
					maxRss: 0,
					samples: 0,
					downloadMs: 0,
				},
			);
		});
	});
	const wallMs = Date.now() - started;
	const expectedSha256 = result.generationId
		? expectedMediaSha256(result.generationId, 0, 'mp4', spec.bytes)
		: undefined;
	return { spec, result, expectedSha256, wallMs };
}

function describeMemory(outcome: MemoryOutcome): string {
	const { spec, result } = outcome;
	const lines = [
		`${spec.label}: ${mib(spec.bytes)} video (${spec.bytes.toLocaleString('en-US')} bytes), n8n binary mode "${spec.binaryMode}", child process`,
		`  RSS baseline → peak       ${mib(result.baseline.rss)} → ${mib(result.peak.rss)} (${signedMib(result.peak.rss - result.baseline.rss)}; sampled every 50 ms, ${result.samples} samples)`,
		`  kernel max RSS            ${mib(result.maxRss)} (${signedMib(result.maxRss - result.baseline.rss)} over baseline)`,
		`  peak heap / external      heapUsed ${mib(result.peak.heapUsed)}, external ${mib(result.peak.external)} (arrayBuffers ${mib(result.peak.arrayBuffers)})`,
		`  run                       ${seconds(result.downloadMs)} (1 s generation + download); child process ${seconds(outcome.wallMs)} in all`,
	];
	if (result.ok) {
		const match = result.storedSha256 === outcome.expectedSha256;
		lines.push(
			`  stored                    ${result.storedBytes?.toLocaleString('en-US')} bytes as ${result.storage}`,
			`  sha256                    ${match ? 'matches expectedMediaSha256' : `MISMATCH: ${result.storedSha256} vs ${outcome.expectedSha256}`}`,
		);
	} else {
		lines.push(`  result                    FAILED: ${result.error}`);
	}
	return lines.join('\n');
}

// ---- main -----------------------------------------------------------------------------------

type Section = 'waiting' | 'pacing' | 'catalogue';

/**
 * `npm run bench [-- waiting|pacing|catalogue] [--scale N]`: `waiting`, `pacing` or `catalogue`
 * runs that section alone (the catalogue runs only when asked); N divides the waiting section's
 * time (default 3, 1 = real time)
 */
function parseArgs(argv: string[]): { only?: Section; waitTime: WaitScale } {
	const scaleAt = argv.indexOf('--scale');
	const scale = scaleAt >= 0 ? Number(argv[scaleAt + 1]) : SCALE;
	const sections: Section[] = ['waiting', 'pacing', 'catalogue'];
	const only = sections.find((section) => argv.includes(section));
	return { only, waitTime: waitScale(scale) };
}

function printMachine(): void {
	console.log(
		`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`,
	);
}

async function waitingOnly(waitTime: WaitScale): Promise<void> {
	console.log('MeiGen node bench: waiting section only');
	printMachine();
	const runs = await runWaiting(waitTime, log);
	console.log('\n== 4. Waiting for a long video job: before and after ==\n');
	console.log(describeWaiting(runs, waitTime));
	console.log(waitingTable(runs, waitTime));
	console.log(`\nbench took ${seconds(Date.now() - benchStarted)}`);
}

async function pacingOnly(): Promise<void> {
	console.log('MeiGen node bench: back-off section only');
	printMachine();
	const result = await runPacing(log);
	console.log('\n== 5. Pacing within and past the estimate: 0.2.0 and now ==\n');
	console.log(describePacing(result));
	console.log(`\nbench took ${seconds(Date.now() - benchStarted)}`);
}

async function catalogueOnly(): Promise<void> {
	console.log('MeiGen node bench: catalogue section only');
	printMachine();
	const fake = await startFakeMeiGen();
	try {
		const runs = await runCatalogue(fake, log);
		console.log('\n== 7. A catalogue batch (example 12): a first run, reruns and concurrency ==\n');
		console.log(describeCatalogue());
		console.log(catalogueTable(runs));
	} finally {
		await fake.close();
		removeHarnessFolder();
	}
	console.log(`\nbench took ${seconds(Date.now() - benchStarted)}`);
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	if (args.only === 'waiting') return await waitingOnly(args.waitTime);
	if (args.only === 'pacing') return await pacingOnly();
	if (args.only === 'catalogue') return await catalogueOnly();
	console.log('MeiGen node bench');
	printMachine();
	console.log(
		'Five independent streams run side by side (each with its own fake MeiGen on loopback; they mostly sleep), the memory cases one after another in child processes once the first four are done.\n',
	);

	const fakes: FakeMeiGen[] = [];
	const newFake = async () => {
		const fake = await startFakeMeiGen();
		fakes.push(fake);
		return fake;
	};
	const [batchFake, serialFake, limitedFake, longFake, memoryFake] = await Promise.all([
		newFake(),
		newFake(),
		newFake(),
		newFake(),
		newFake(),
	]);

	const real = (label: string, items: number, extra: Partial<BatchSpec> = {}): BatchSpec => ({
		label,
		items,
		jobMs: JOB_MS,
		pollS: POLL_S,
		...extra,
	});
	const scaled = (label: string, items: number): BatchSpec => ({
		label,
		items,
		jobMs: JOB_MS / SCALE,
		pollS: POLL_S / SCALE,
		scaled: true,
	});

	const batches = (async () => {
		const results: BatchResult[] = [];
		for (const spec of [
			real('batch-1', 1),
			real('batch-10', 10),
			scaled('batch-1-scaled', 1),
			scaled('batch-50-scaled', 50),
		]) {
			log(`${spec.label}: starting`);
			const result = await runBatch(batchFake, spec);
			log(`${spec.label}: ${seconds(result.wallMs)}`);
			results.push(result);
		}
		return results;
	})();
	const serial = (async () => {
		const spec = real('batch-10-one-at-a-time', 10, { concurrency: 1 });
		log(`${spec.label}: starting`);
		const result = await runBatch(serialFake, spec);
		log(`${spec.label}: ${seconds(result.wallMs)}`);
		return result;
	})();
	const limited = (async () => {
		const spec = real('batch-20-rate-limited', 20, { limiter: RATE_LIMIT });
		log(`${spec.label}: starting`);
		const result = await runBatch(limitedFake, spec);
		log(`${spec.label}: ${seconds(result.wallMs)}`);
		return result;
	})();
	const longJobs = (async () => {
		longFake.setJobDuration(VIDEO_MODEL, LONG_JOB_MS);
		longFake.setJobDuration(IMAGE_MODEL, LONG_JOB_MS);
		log('long jobs: starting (two 120 s jobs side by side)');
		const results = await Promise.all([
			runLongJob(longFake, VIDEO_MODEL),
			runLongJob(longFake, IMAGE_MODEL),
		]);
		log('long jobs: done');
		return results;
	})();

	const waiting = runWaiting(args.waitTime, log);
	const pacing = runPacing(log);

	const [batchResults, serialResult, limitedResult, longResults] = await Promise.all([
		batches,
		serial,
		limited,
		longJobs,
	]);

	const memoryCases: MemoryCase[] = [
		{ label: 'video-400MiB-filesystem', binaryMode: 'filesystem', bytes: 400 * MiB },
		{ label: 'video-400MiB-default', binaryMode: 'default', bytes: 400 * MiB },
	];
	const memoryResults: MemoryOutcome[] = [];
	for (const spec of memoryCases) {
		log(`${spec.label}: starting`);
		const outcome = await runMemoryCase(memoryFake, spec);
		log(`${spec.label}: ${outcome.result.ok ? 'stored' : 'failed'}`);
		memoryResults.push(outcome);
	}
	// n8n's default mode keeps binary data as one base64 string, and V8 strings stop at 2^29 - 24
	// characters (= 384 MiB of bytes): when 400 MiB can't be stored, measure the buffered cost on
	// a size that fits.
	if (!memoryResults[1]?.result.ok) {
		const spec: MemoryCase = {
			label: 'video-360MiB-default',
			binaryMode: 'default',
			bytes: 360 * MiB,
		};
		log(`${spec.label}: starting`);
		const outcome = await runMemoryCase(memoryFake, spec);
		log(`${spec.label}: ${outcome.result.ok ? 'stored' : 'failed'}`);
		memoryResults.push(outcome);
	}

	await Promise.all(fakes.map((fake) => fake.close()));
	const waitRuns = await waiting;
	const pacingResult = await pacing;

	// ---- report ----
	const [one, ten, oneScaled, fifty] = batchResults;
	const oneAtATime = new Map<BatchResult, { ms: number; how: string }>([
		[one, { ms: one.wallMs, how: 'measured: one item is handled alone whatever the concurrency' }],
		[
			ten,
			{
				ms: serialResult.wallMs,
				how: `measured with Concurrency 1; estimate 10 × one item = ${seconds(10 * one.wallMs)}`,
			},
		],
		[serialResult, { ms: serialResult.wallMs, how: 'measured' }],
		[oneScaled, { ms: oneScaled.wallMs, how: 'measured' }],
		[
			fifty,
			{
				ms: 50 * oneScaled.wallMs,
				how: `estimated: 50 × the scaled one-item run (${seconds(oneScaled.wallMs)})`,
			},
		],
		[
			limitedResult,
			{
				ms: 20 * one.wallMs,
				how: `estimated: 20 × the one-item run; the limit never binds one at a time`,
			},
		],
	]);

	console.log('\n== 1. Batches: Image → Generate, Download on, n8n default binary mode ==\n');
	for (const result of [one, ten, serialResult, oneScaled, fifty, limitedResult]) {
		console.log(describeBatch(result, oneAtATime.get(result) ?? { ms: NaN, how: '' }));
		console.log('');
	}

	console.log('== 2. One long job: server hints ==\n');
	for (const result of longResults) {
		console.log(describeLongJob(result));
		console.log('');
	}

	console.log('== 3. Memory: one large video downloaded through the node ==\n');
	for (const outcome of memoryResults) {
		console.log(describeMemory(outcome));
		console.log('');
	}

	console.log('== 4. Waiting for a long video job: before and after ==\n');
	console.log(describeWaiting(waitRuns, args.waitTime));

	console.log('== 5. Pacing within and past the estimate: 0.2.0 and now ==\n');
	console.log(describePacing(pacingResult));
	console.log('');

	console.log('== Summary ==\n');
	const batchRows = [one, ten, serialResult, fifty, limitedResult].map((result) => {
		const { spec } = result;
		const aloneMs = oneAtATime.get(result);
		const req = (n: number) => (n / Math.max(1, result.jobs)).toFixed(1);
		return [
			spec.label,
			String(spec.items),
			`${spec.jobMs / 1000} s${spec.scaled ? ` (÷${SCALE})` : ''}`,
			String(spec.concurrency ?? DEFAULT_CONCURRENCY),
			seconds(result.wallMs),
			seconds(result.idealMs),
			seconds(result.floorMs),
			aloneMs ? `${seconds(aloneMs.ms)}${aloneMs.how.startsWith('estimated') ? ' est.' : ''}` : '',
			`${req(result.submits + result.rejected)} / ${req(result.statuses)} / ${req(result.other)}`,
			result.inOrder && result.pairedOk ? 'yes' : 'NO',
			`${result.succeeded}/${spec.items}${result.rejected ? `, ${result.rejected}×429` : ''}`,
		];
	});
	console.log(
		table([
			[
				'batch',
				'items',
				'job',
				'conc.',
				'wall',
				'ideal',
				'best@conc.',
				'one at a time',
				'req/job submit/status/other',
				'order+paired',
				'succeeded',
			],
			...batchRows,
		]),
	);
	console.log('');
	console.log(
		table([
			[
				'long job',
				'duration',
				'p90',
				'status polls',
				`every ${POLL_S} s`,
				'finish seen after',
				'output after',
			],
			...longResults.map((result) => [
				result.model,
				seconds(result.durationMs, 0),
				`${result.p90} s`,
				String(result.polls),
				`~${result.naivePolls}`,
				result.seenLateMs === undefined ? 'n/a' : seconds(result.seenLateMs, 2),
				result.outputLateMs === undefined ? 'n/a' : seconds(result.outputLateMs, 2),
			]),
		]),
	);
	console.log('');
	console.log(
		table([
			[
				'memory case',
				'file',
				'baseline RSS',
				'peak RSS',
				'increase',
				'kernel max RSS',
				'sha256',
				'result',
			],
			...memoryResults.map(({ spec, result, expectedSha256 }) => [
				spec.label,
				mib(spec.bytes),
				mib(result.baseline.rss),
				mib(result.peak.rss),
				signedMib(result.peak.rss - result.baseline.rss),
				mib(result.maxRss),
				result.ok ? (result.storedSha256 === expectedSha256 ? 'matches' : 'MISMATCH') : '-',
				result.ok
					? `stored ${result.storedBytes?.toLocaleString('en-US')} bytes`
					: (result.error ?? 'failed').split(' (')[0].slice(0, 90),
			]),
		]),
	);
	console.log('');
	console.log(waitingTable(waitRuns, args.waitTime));
	console.log('');
	console.log(pacingTable([...pacingResult.simulated, ...pacingResult.measured]));
	console.log(`\nbench took ${seconds(Date.now() - benchStarted)}`);
}

main()
	.catch((error: Error) => {
		console.error(error);
		process.exitCode = 1;
	})
	.finally(() => {
		removeHarnessFolder();
		// n8n-core leaves timers and sockets behind; the figures are printed, so leave now.
		process.exit();
	});
