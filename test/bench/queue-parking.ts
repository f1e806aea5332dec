/**
 * The queue bench's parking figure: twenty long video jobs in flight on one worker (concurrency
 * 10), once through example 10's loop (Wait for Completion off, n8n's Wait node parks the
 * execution, Get Status) and once with Wait for Completion (the node waits inside the worker).
 * Every second it samples the worker's busy slots (executions its log says it started and has
 * not finished), the executions' states in Postgres (`waiting` = parked, `new` = queued; main
 * marks a resumed execution `running` as soon as it hands it to the queue, so Postgres's
 * `running` is not the worker's count) and the worker's RSS. Prints figures; asserts nothing
 * about them.
 */
import { readFileSync, writeFileSync } from 'node:fs';

import { expectedMediaSha256, type FakeMeiGen } from '../fake-server';
import { waitUntil, type Service } from '../../scripts/lib/process';
import type { N8nStack } from '../../scripts/queue/stack';
import { nodeItems } from '../../scripts/lib/n8n';
import type { N8nStore } from '../../scripts/queue/store';
import { LOOP_NODES } from '../../scripts/queue/workflows';

/** VmRSS / VmHWM of a process in bytes, from /proc (Linux). */
export function memoryOf(pid: number): { rss: number; hwm: number } | undefined {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (field: string): number =>
			Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
		return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
	} catch {
		return undefined;
	}
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0), so the next peak is this moment's. False when not allowed. */
export function resetPeak(pid: number): boolean {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/** Samples a process's RSS every `intervalMs` from outside it (works while its event loop is blocked). */
export function sampleRss(
	pid: number,
	intervalMs = 50,
): { stop(): { peak: number; samples: number } } {
	let peak = 0;
	let samples = 0;
	const timer = setInterval(() => {
		const memory = memoryOf(pid);
		if (!memory) return;
		samples++;
		peak = Math.max(peak, memory.rss);
	}, intervalMs);
	return {
		stop: () => {
			clearInterval(timer);
			return { peak, samples };
		},
	};
}

export const PARKING_JOBS = 20;
/** MeiGen's estimate for the model (p90) and how long each job really takes. */
export const PARKING_P90_S = 90;
export const PARKING_JOB_MS = 85_000;
export const PARKING_VIDEO_BYTES = 8 * 1024 * 1024;
const SAMPLE_MS = 1000;
const MiB = 1024 * 1024;

export interface ParkingSample {
	/** ms since the first webhook call */
	t: number;
	/** The worker's busy slots: executions it started and has not finished (its log) */
	running: number;
	/** Executions `running` in Postgres (the worker's, and resumed ones waiting in the queue) */
	runningInDb: number;
	waiting: number;
	queued: number;
	done: number;
	rss?: number;
}

export interface ParkingResult {
	label: string;
	/** Until the last of the twenty executions ended */
	wallMs: number;
	samples: ParkingSample[];
	baselineRss: number;
	succeeded: number;
	/** Executions whose file in the binary store has the bytes MeiGen served */
	bytesMatch: number;
	statusReads: number;
	submits: number;
	charged: number;
	errors: string[];
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

const ENDED = new Set(['success', 'error', 'crashed', 'canceled']);

/** Executions the worker's log says it started and has not finished (or errored on) yet. */
function busySlots(worker: Service): number {
	const log = worker.log();
	const count = (pattern: RegExp) => (log.match(pattern) ?? []).length;
	const started = count(/Worker started execution \d+ \(job/g);
	const ended = count(/Worker (finished|errored while running) execution \d+ \(job/g);
	return started - ended;
}

/**
 * Sends twenty jobs through `workflow` on a fresh worker and samples until all have ended.
 * `outputNode` holds the clip at the end (Check Status for the loop, Generate Video otherwise).
 */
export async function runParkingCase(
	fake: FakeMeiGen,
	stack: N8nStack,
	store: N8nStore,
	workflow: { id: string; path: string },
	label: string,
	outputNode: string,
	warmUp: () => Promise<void>,
): Promise<ParkingResult> {
	const worker: Service = await stack.startWorker();
	try {
		await warmUp();
		await sleep(3000);
		const warmUpSlots = busySlots(worker);
		const baselineRss = memoryOf(worker.pid)?.rss ?? NaN;
		const statusBefore = fake.requestsTo('GET', '/generate/v2/status').length;
		const submitsBefore = fake.requestsTo('POST', '/generate/v2').length;
		const chargedBefore = fake.chargedJobs();
		const prompts = Array.from(
			{ length: PARKING_JOBS },
			(_, n) => `parking bench, ${label}, job ${n + 1} ${Date.now()}`,
		);
		const started = Date.now();
		const answers = await Promise.all(
			prompts.map((prompt) => stack.api.callWebhook(workflow.path, { prompt }, 60_000)),
		);
		const errors = answers
			.filter((answer) => answer.status !== 200)
			.map((answer) => `webhook answered ${answer.status}: ${answer.text.slice(0, 200)}`);

		const samples: ParkingSample[] = [];
		const deadline = started + 15 * 60_000;
		for (;;) {
			const rows = await store.executions(workflow.id);
			const count = (status: string) => rows.filter((row) => row.status === status).length;
			const done = rows.filter((row) => ENDED.has(row.status)).length;
			samples.push({
				t: Date.now() - started,
				running: busySlots(worker) - warmUpSlots,
				runningInDb: count('running'),
				waiting: count('waiting'),
				queued: count('new'),
				done,
				rss: memoryOf(worker.pid)?.rss,
			});
			if (done >= PARKING_JOBS) break;
			if (Date.now() > deadline) {
				errors.push(`only ${done} of ${PARKING_JOBS} executions ended within 15 minutes`);
				break;
			}
			await sleep(SAMPLE_MS);
		}
		const wallMs = Date.now() - started;

		let succeeded = 0;
		let bytesMatch = 0;
		for (const row of await store.executions(workflow.id)) {
			if (row.status !== 'success') {
				if (ENDED.has(row.status)) errors.push(`execution ${row.id}: ${row.status}`);
				continue;
			}
			succeeded++;
			const data = await store.runData(row.id);
			const item = nodeItems(data, outputNode)[0];
			const jobId = String(item?.json.generationId ?? '');
			const ref = item?.binary?.data;
			if (!ref) {
				errors.push(`execution ${row.id}: no binary in ${outputNode}`);
				continue;
			}
			const file = await store.file(ref);
			if (file.sha256 === expectedMediaSha256(jobId, 0, 'mp4', PARKING_VIDEO_BYTES)) bytesMatch++;
			else errors.push(`execution ${row.id}: ${file.where} differs from the clip MeiGen served`);
		}
		return {
			label,
			wallMs,
			samples,
			baselineRss,
			succeeded,
			bytesMatch,
			statusReads: fake.requestsTo('GET', '/generate/v2/status').length - statusBefore,
			submits: fake.requestsTo('POST', '/generate/v2').length - submitsBefore,
			charged: fake.chargedJobs() - chargedBefore,
			errors,
		};
	} finally {
		await worker.stop();
	}
}

/** Waits until every job of the fake has ended, so the next case starts on a quiet worker. */
export async function settle(fake: FakeMeiGen): Promise<void> {
	await waitUntil('the fake to have no running job', 5 * 60_000, () =>
		[...fake.jobs.values()].some((job) => job.status === 'processing') ? undefined : true,
	);
}

// ---- report ---------------------------------------------------------------------------------

const mib = (bytes: number | undefined) =>
	bytes === undefined || Number.isNaN(bytes) ? 'n/a' : `${Math.round(bytes / MiB)} MiB`;
const s = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

/** Slot-seconds: the time integral of the worker's running executions. */
function slotSeconds(samples: ParkingSample[]): number {
	let sum = 0;
	for (let n = 1; n < samples.length; n++)
		sum += (samples[n - 1].running * (samples[n].t - samples[n - 1].t)) / 1000;
	return sum;
}

export function parkingSummary(results: ParkingResult[]): string {
	const rows = results.map((r) => {
		const rss = r.samples.map((x) => x.rss ?? 0);
		const peakRunning = Math.max(...r.samples.map((x) => x.running));
		const peakWaiting = Math.max(...r.samples.map((x) => x.waiting));
		const peakQueued = Math.max(...r.samples.map((x) => x.queued));
		const busy = r.samples.filter((x) => x.running > 0).length;
		return `| ${r.label} | ${s(r.wallMs)} | ${peakRunning} | ${slotSeconds(r.samples).toFixed(0)} | ${busy} of ${r.samples.length} | ${peakWaiting} | ${peakQueued} | ${mib(r.baselineRss)} | ${mib(Math.max(...rss))} | ${r.submits} / ${r.statusReads} / ${r.charged} | ${r.succeeded}/${PARKING_JOBS}, bytes match ${r.bytesMatch}/${PARKING_JOBS}${r.errors.length ? `; ${r.errors.slice(0, 2).join('; ')}` : ''} |`;
	});
	return [
		'| how the 20 jobs are followed | all done after | peak busy slots | slot-seconds | samples with a slot busy | peak parked (waiting) | peak queued (new) | worker RSS before | worker RSS peak | submits / status reads / charged | result |',
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
		...rows,
	].join('\n');
}

/** The samples every `everyMs`, side by side: busy slots, parked, queued, done, RSS. */
export function parkingTimeline(results: ParkingResult[], everyMs = 10_000): string {
	const longest = Math.max(...results.map((r) => r.wallMs));
	const header = ['| t |'];
	const rule = ['| --- |'];
	for (const r of results) {
		header.push(` ${r.label}: busy slots / parked / queued / done, RSS |`);
		rule.push(' --- |');
	}
	const lines = [header.join(''), rule.join('')];
	for (let t = 0; t <= longest + everyMs; t += everyMs) {
		const cells = results.map((r) => {
			const sample =
				r.samples.find((x) => x.t >= t) ?? (t <= r.wallMs ? undefined : r.samples.at(-1));
			if (!sample || t > r.wallMs + everyMs) return ' |';
			return ` ${sample.running} / ${sample.waiting} / ${sample.queued} / ${sample.done}, ${mib(sample.rss)} |`;
		});
		lines.push(`| ${s(t)} |${cells.join('')}`);
	}
	return lines.join('\n');
}

export const PARKING_OUTPUT = {
	loop: LOOP_NODES.check,
	waitForCompletion: LOOP_NODES.generate,
} as const;
