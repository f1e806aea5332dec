/**
 * What queue mode must do with the MeiGen node: generations run on the worker with the right
 * bytes in n8n's binary store, two executions at once, Stop from main ending a wait, and example
 * 10's loop parking a long job (no worker holds it; a worker killed meanwhile loses nothing).
 */
import path from 'node:path';

import {
	expectedMediaBytes,
	type FakeJob,
	type FakeMeiGen,
	type MediaKind,
	type ModelJson,
} from '../../test/fake-server';
import { expectBytes, expectFile } from '../lib/assert';
import { waitUntil, type Service } from '../lib/process';
import type { N8nStack } from './stack';
import { nodeItems, type OutputItem, type RunExecutionData } from '../lib/n8n';
import type { ExecutionRow, N8nStore } from './store';
import { LOOP_NODES, MEIGEN_NODE } from './workflows';

export interface QueueContext {
	stack: N8nStack;
	store: N8nStore;
	fake: FakeMeiGen;
	workflows: {
		image: QueueWorkflow;
		video: QueueWorkflow;
		stop: QueueWorkflow;
		/** Example 10's loop behind a Webhook (answers at once). */
		loop: QueueWorkflow;
	};
	/** Where the loop's Save Video to Disk writes (every n8n process may write there). */
	filesFolder: string;
	/** The image model's usual job duration in these checks. */
	imageJobMs: number;
	/** Bytes of every video the fake serves in these checks. */
	videoBytes: number;
	/** The video model's usual job duration in these checks. */
	videoJobMs: number;
}

export interface QueueWorkflow {
	id: string;
	path: string;
	model: ModelJson;
}

/** `line` is in an n8n log; a failure names the line, not the whole log. */
function expectLogged(log: string, line: string): void {
	expect({ line, logged: log.includes(line) }).toEqual({ line, logged: true });
}

/** What a check saw, printed under its name as the old runner did. */
function note(...lines: string[]): void {
	for (const line of lines) console.log(`       ${line}`);
}

const WEBHOOK_TIMEOUT_MS = 90_000;
/** The stop workflow's Poll Interval: long, so a wait that ignored the stop would show. */
export const STOP_POLL_INTERVAL_S = 10;
/** The worker must end a stopped execution within this time (a wait ignoring it: ~9 s). */
const STOP_END_LIMIT_MS = 5000;
/** After the stop was answered, requests for the job within this time are not counted. */
const STOP_GRACE_MS = 1000;

function jobByPrompt(fake: FakeMeiGen, prompt: string): FakeJob | undefined {
	return [...fake.jobs.values()].find((job) => job.prompt === prompt);
}

/** The execution of `workflow` whose MeiGen output (or failure) belongs to generation `jobId`, once it has ended. */
async function executionFor(
	ctx: QueueContext,
	workflow: QueueWorkflow,
	jobId: string,
): Promise<{ row: ExecutionRow; data: RunExecutionData }> {
	return await waitUntil(`the execution of generation ${jobId} to be stored`, 20_000, async () => {
		for (const row of await ctx.store.executions(workflow.id)) {
			if (row.status === 'running' || row.status === 'new') continue;
			const data = await ctx.store.runData(row.id);
			if (data && JSON.stringify(data.resultData.runData[MEIGEN_NODE] ?? []).includes(jobId))
				return { row, data };
		}
		return undefined;
	});
}

/** The worker's log names the execution as started and finished there; main's log says it enqueued it. */
function ranOnWorker(ctx: QueueContext, executionId: string): void {
	const worker = ctx.stack.worker.log();
	const main = ctx.stack.main?.log() ?? '';
	expectLogged(worker, `Worker started execution ${executionId} (job`);
	expectLogged(worker, `Worker finished execution ${executionId} (job`);
	expectLogged(main, `Enqueued execution ${executionId} (job`);
}

async function checkStoredMedia(
	ctx: QueueContext,
	item: OutputItem | undefined,
	job: FakeJob,
	kind: MediaKind,
	size?: number,
): Promise<void> {
	const ref = item?.binary?.data;
	expect(ref).toBeDefined();
	if (!ref) return;
	expect(ref.mimeType).toBe(kind === 'png' ? 'image/png' : 'video/mp4');
	expect(ref.fileName).toBe(`${job.id}.${kind}`);
	// n8n's queue-mode default: binary data in the database.
	expect(ref.id).toMatch(/^database:/);
	const expected = expectedMediaBytes(job.id, 0, kind, size);
	const stored = await ctx.store.file(ref);
	expect(stored.bytes).toBe(expected.length);
	expectBytes(stored.data, expected);
	note(`${stored.bytes} bytes in ${stored.where}`);
}

function checkCompleted(item: OutputItem | undefined, job: FakeJob): void {
	expect(item?.json.generationId).toBe(job.id);
	expect(item?.json.status).toBe('completed');
	expect(job.auth).toBe('apiKey');
}

async function generateOnWorker(
	ctx: QueueContext,
	workflow: QueueWorkflow,
	kind: MediaKind,
	size?: number,
): Promise<void> {
	const prompt = `queue mode ${kind} ${Date.now()}`;
	const cdnBefore = ctx.fake.cdnRequests.length;
	const answer = await ctx.stack.api.callWebhook(workflow.path, { prompt }, WEBHOOK_TIMEOUT_MS);
	expect(answer.status).toBe(200);
	const job = jobByPrompt(ctx.fake, prompt);
	expect(job).toBeDefined();
	if (!job) return;
	expect(job.modelId).toBe(workflow.model.id);
	expect((answer.json as { generationId?: string } | undefined)?.generationId).toBe(job.id);
	const { row, data } = await executionFor(ctx, workflow, job.id);
	expect(row.status).toBe('success');
	expect(row.mode).toBe('webhook');
	ranOnWorker(ctx, row.id);
	const items = nodeItems(data, MEIGEN_NODE);
	expect(items.length).toBe(1);
	checkCompleted(items[0], job);
	await checkStoredMedia(ctx, items[0], job, kind, size);
	const downloads = ctx.fake.cdnRequests.slice(cdnBefore);
	expect(downloads.length).toBe(1);
	expect(downloads.every((request) => request.headers.authorization === undefined)).toBe(true);
	expectJobLogged(ctx, 'submitted a paid job', job);
	note(`execution ${row.id} on the worker`);
}

/**
 * A crashed worker leaves n8n no trace of the job: the worker's own log must name it, in the
 * message text itself (n8n's text log drops metadata).
 */
function expectJobLogged(ctx: QueueContext, what: string, job: FakeJob): void {
	const line = `MeiGen: ${what} (generation ${job.id}, request ${job.idempotencyKey})`;
	expectLogged(ctx.stack.worker.log(), line);
}

/**
 * Example 10's loop on a long video job: MeiGen's estimate (p90) parks the Wait past n8n's 65 s
 * in-process limit, and the job is done by the time it resumes, so the loop ends at that status
 * read (a job still running then would be given 1.5 times the last wait, 105 s, parked again).
 * The wait tracker on main looks every 60 s for executions due within 70 s, so a park of 70 s
 * resumes on time.
 */
export const LOOP_P90_S = 70;
export const LOOP_JOB_MS = 60_000;
/** At most this many status reads for one job followed by the loop. */
const LOOP_STATUS_LIMIT = 5;

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Where each n8n process's log says it started (or finished) an execution. */
function workersThat(
	ctx: QueueContext,
	what: 'started' | 'finished',
	executionId: string,
): Service[] {
	const line = `Worker ${what} execution ${executionId} (job`;
	return ctx.stack.workers.filter((worker) => worker.log().includes(line));
}

function countOf(log: string, text: string): number {
	return log.split(text).length - 1;
}

/** What a watcher saw between the park and the resume, sampled every 500 ms. */
interface ParkWatch {
	samples: number;
	/** Samples in which the execution was not `waiting` before it was due */
	notWaiting: string[];
	/** Samples in which any execution was `running` (none should be, but the short run meanwhile) */
	runningSeen: number;
	/** When a worker's log first said it started the execution again */
	resumedAt?: number;
}

async function watchPark(
	ctx: QueueContext,
	workflowId: string,
	executionId: string,
	dueAt: number,
	stopped: () => boolean,
): Promise<ParkWatch> {
	const watch: ParkWatch = { samples: 0, notWaiting: [], runningSeen: 0 };
	const startedLine = `Worker started execution ${executionId} (job`;
	while (!stopped()) {
		const now = Date.now();
		const row = (await ctx.store.executions(workflowId)).find((r) => r.id === executionId);
		const starts = ctx.stack.workers.reduce((sum, w) => sum + countOf(w.log(), startedLine), 0);
		if (starts >= 2 && watch.resumedAt === undefined) watch.resumedAt = now;
		if (watch.resumedAt === undefined && now < dueAt - 1000) {
			watch.samples++;
			if (row?.status !== 'waiting')
				watch.notWaiting.push(
					`${row?.status ?? 'missing'} at ${((now - dueAt) / 1000).toFixed(1)} s`,
				);
		}
		await sleep(500);
	}
	return watch;
}

async function parkedLoop(ctx: QueueContext): Promise<void> {
	const { fake, stack, store } = ctx;
	const workflow = ctx.workflows.loop;
	const spec = fake.models.find((model) => model.json.id === workflow.model.id);
	if (!spec) throw new Error(`the fake has no ${workflow.model.id}`);
	const timing = { ...spec.json.estimatedTiming };
	spec.json.estimatedTiming = { ...timing, p90: LOOP_P90_S };
	fake.setJobDuration(spec.json.id, LOOP_JOB_MS);
	try {
		// Two workers: the one that runs the first leg is killed while the execution is parked.
		if (stack.workers.length < 2) await stack.startWorker();
		const chargedBefore = fake.chargedJobs();
		const submitsBefore = fake.requestsTo('POST', '/generate/v2').length;
		const prompt = `queue mode park ${Date.now()}`;
		const answer = await stack.api.callWebhook(workflow.path, { prompt }, 30_000);
		expect(answer.status).toBe(200);
		const job = await waitUntil('MeiGen to receive the job', 30_000, () =>
			jobByPrompt(fake, prompt),
		);

		// Parked: `waiting` in Postgres and over REST, due at MeiGen's estimate; the worker let it go.
		const parked = await waitUntil('the execution to be parked (waiting)', 30_000, async () =>
			(await store.executions(workflow.id)).find((row) => row.status === 'waiting'),
		);
		const parkedAfter = Date.now() - job.createdAt;
		const dueAt = parked.waitTill?.getTime() ?? NaN;
		expect(Math.abs(dueAt - job.createdAt - LOOP_P90_S * 1000)).toBeLessThan(5000);
		const rest = await stack.api.execution(parked.id);
		expect(rest.status).toBe('waiting');
		const [firstLeg] = await waitUntil(`a worker to let execution ${parked.id} go`, 10_000, () => {
			const finished = workersThat(ctx, 'finished', parked.id);
			return finished.length ? finished : undefined;
		}).catch(() => [] as Service[]);
		expect(firstLeg).toBeDefined();
		if (!firstLeg) return;
		expect(workersThat(ctx, 'started', parked.id).length).toBe(1);
		const counts = await store.statusCounts();
		expect(counts.running ?? 0).toBe(0);

		let resumed = false;
		const watching = watchPark(ctx, workflow.id, parked.id, dueAt, () => resumed);

		// The worker's other executions proceed meanwhile: a short image workflow runs and finishes.
		const shortPrompt = `queue mode while parked ${Date.now()}`;
		const shortStarted = Date.now();
		const short = await stack.api.callWebhook(
			ctx.workflows.image.path,
			{ prompt: shortPrompt },
			WEBHOOK_TIMEOUT_MS,
		);
		const shortMs = Date.now() - shortStarted;
		expect(short.status).toBe(200);
		const shortJob = jobByPrompt(fake, shortPrompt);
		let shortOn = '?';
		expect(shortJob).toBeDefined();
		if (shortJob) {
			const { row } = await executionFor(ctx, ctx.workflows.image, shortJob.id);
			expect(row.status).toBe('success');
			shortOn =
				workersThat(ctx, 'finished', row.id)
					.map((w) => w.name)
					.join(', ') || 'no worker';
		}

		// kill -9 the worker that ran the first leg, while the execution is parked.
		await firstLeg.crash();
		const crashedAt = Date.now();
		expect(crashedAt).toBeLessThan(dueAt - 5000);
		const afterCrash = (await store.executions(workflow.id)).find((row) => row.id === parked.id);
		expect(afterCrash?.status).toBe('waiting');

		// Resumes on the other worker and completes.
		const final = await waitUntil(
			`execution ${parked.id} to resume and end`,
			Math.max(0, dueAt - Date.now()) + 90_000,
			async () => {
				const row = (await store.executions(workflow.id)).find((r) => r.id === parked.id);
				return row && !['waiting', 'running', 'new'].includes(row.status) ? row : undefined;
			},
		);
		resumed = true;
		const watch = await watching;
		const data = await store.runData(parked.id);
		expect(final.status).toBe('success');
		expect(watch.notWaiting.length).toBe(0);
		const resumers = workersThat(ctx, 'started', parked.id).filter((w) => w !== firstLeg);
		expect(resumers.length === 1 && resumers[0]?.running === true).toBe(true);
		const main = stack.main?.log() ?? '';
		expect(countOf(main, `Enqueued execution ${parked.id} (job`)).toBeGreaterThanOrEqual(2);

		// The clip: in n8n's binary store and on disk as MeiGen served it, charged once, a few reads.
		const checks = data?.resultData.runData[LOOP_NODES.check] ?? [];
		const items = nodeItems(data, LOOP_NODES.check);
		expect(items.length).toBe(1);
		checkCompleted(items[0], job);
		expect(items[0]?.json.done).toBe(true);
		await checkStoredMedia(ctx, items[0], job, 'mp4', ctx.videoBytes);
		const written = path.join(ctx.filesFolder, `meigen-${job.id}.mp4`);
		await expectFile(written, expectedMediaBytes(job.id, 0, 'mp4', ctx.videoBytes));
		const loopSubmits = fake
			.requestsTo('POST', '/generate/v2')
			.slice(submitsBefore)
			.filter((request) => JSON.stringify(request.body ?? '').includes(prompt));
		expect(loopSubmits.length).toBe(1);
		expect(job.dedupeCount).toBe(0);
		// The loop's job and the short workflow's: one charge each.
		expect(fake.chargedJobs() - chargedBefore).toBe(2);
		expect(job.creditsStatus).toBe('confirmed');
		const reads = fake
			.requestsTo('GET', '/generate/v2/status')
			.filter((request) => request.path.includes(job.id));
		expect(reads.length >= 1 && reads.length <= LOOP_STATUS_LIMIT).toBe(true);
		expect(reads.length).toBe(checks.length);
		const since = (at: number | undefined) =>
			at === undefined ? '?' : `${((at - job.createdAt) / 1000).toFixed(1)} s`;
		note(
			`execution ${parked.id} parked ${since(job.createdAt + parkedAfter)} after the submit, due at ${since(dueAt)}; ${watch.samples} samples while parked: always waiting, ${counts.running ?? 0} running executions`,
			`meanwhile a short workflow ran in ${(shortMs / 1000).toFixed(1)} s on ${shortOn}; ${firstLeg.name} (ran the first leg) killed -9 at ${since(crashedAt)}`,
			`resumed on ${resumers.map((w) => w.name).join(', ')} at ${since(watch.resumedAt)}; job done at ${since(job.completedAt)}; execution ended ${since(final.stoppedAt?.getTime())}`,
			`${reads.length} status requests at ${reads.map((r) => since(r.time)).join(', ')}; Check Status ran ${checks.length}×; charged once (${job.creditsUsed} credits)`,
		);
	} finally {
		spec.json.estimatedTiming = timing;
		fake.setJobDuration(spec.json.id, ctx.videoJobMs);
	}
}

export type QueueCheck = (ctx: QueueContext) => Promise<void>;

export const queueChecks: Array<{ name: string; run: QueueCheck }> = [
	{
		name: 'image generated on the worker, bytes in the binary store',
		run: (ctx) => generateOnWorker(ctx, ctx.workflows.image, 'png'),
	},
	{
		name: 'video generated on the worker, bytes in the binary store',
		run: (ctx) => generateOnWorker(ctx, ctx.workflows.video, 'mp4', ctx.videoBytes),
	},
	{
		name: 'two executions at once on the worker',
		run: async (ctx) => {
			const workflow = ctx.workflows.image;
			// Jobs long enough that running one after the other would show.
			const jobMs = 4000;
			ctx.fake.setJobDuration(workflow.model.id, jobMs);
			const prompts = [1, 2].map((n) => `queue mode concurrent ${n} ${Date.now()}`);
			const started = Date.now();
			const answers = await Promise.all(
				prompts.map((prompt) =>
					ctx.stack.api.callWebhook(workflow.path, { prompt }, WEBHOOK_TIMEOUT_MS),
				),
			);
			const wall = Date.now() - started;
			for (const answer of answers) expect(answer.status).toBe(200);
			const [a, b] = prompts.map((prompt) => jobByPrompt(ctx.fake, prompt));
			expect([a, b]).not.toContain(undefined);
			if (!a || !b) return;
			// Both jobs were submitted before either finished: the worker ran the executions side by side.
			const lastSubmit = Math.max(a.createdAt, b.createdAt);
			const firstDone = Math.min(a.completedAt ?? Infinity, b.completedAt ?? Infinity);
			expect(lastSubmit).toBeLessThan(firstDone);
			const rows: string[] = [];
			for (const job of [a, b]) {
				const { row, data } = await executionFor(ctx, workflow, job.id);
				expect(row.status).toBe('success');
				ranOnWorker(ctx, row.id);
				const items = nodeItems(data, MEIGEN_NODE);
				checkCompleted(items[0], job);
				await checkStoredMedia(ctx, items[0], job, 'png');
				rows.push(row.id);
			}
			const log = ctx.stack.worker.log();
			const startedAt = rows.map((id) => log.indexOf(`Worker started execution ${id} (job`));
			const finishedAt = rows.map((id) => log.indexOf(`Worker finished execution ${id} (job`));
			expect(Math.max(...startedAt)).toBeLessThan(Math.min(...finishedAt));
			ctx.fake.setJobDuration(workflow.model.id, ctx.imageJobMs);
			note(
				`executions ${rows.join(' and ')} overlapped ${firstDone - lastSubmit} ms on the worker; both answered after ${(wall / 1000).toFixed(1)} s for ${jobMs / 1000} s jobs`,
			);
		},
	},
	{
		name: 'Stop from main ends the MeiGen wait on the worker; no request after it',
		run: async (ctx) => {
			const workflow = ctx.workflows.stop;
			const prompt = `queue mode stop [never] ${Date.now()}`;
			const answer = await ctx.stack.api.callWebhook(workflow.path, { prompt }, 30_000);
			expect(answer.status).toBe(200);
			const job = await waitUntil('MeiGen to receive the job', 30_000, () =>
				jobByPrompt(ctx.fake, prompt),
			);
			const running = await waitUntil('the execution to be running', 15_000, async () => {
				const rows = await ctx.store.executions(workflow.id);
				return rows.find((row) => row.status === 'running');
			});
			expectLogged(ctx.stack.worker.log(), `Worker started execution ${running.id} (job`);
			// The node now sleeps until its first poll, one Poll Interval after the submit: stop it there.
			await new Promise((resolve) => setTimeout(resolve, 1000));
			const pollsBefore = ctx.fake.requests.filter((r) => r.path.includes(job.id)).length;

			const stopAt = Date.now();
			const stopped = await ctx.stack.api.stopExecution(running.id);
			const answeredAt = Date.now();
			expect(stopped.status).toBe('canceled');
			const final = await waitUntil(`execution ${running.id} to be canceled`, 15_000, async () => {
				const row = (await ctx.store.executions(workflow.id)).find((r) => r.id === running.id);
				return row && row.status !== 'running' ? row : undefined;
			});
			expect(final.status).toBe('canceled');
			// The worker ends the execution (as an error: cancelled) when the stop reaches it. A node
			// that slept on would end only at its next poll, up to a Poll Interval later.
			const endedLines = [
				`Worker finished execution ${running.id} (job`,
				`Worker errored while running execution ${running.id} (job`,
			];
			const workerDone = await waitUntil(
				`the worker to end execution ${running.id}`,
				STOP_POLL_INTERVAL_S * 1000 + 5000,
				() =>
					endedLines.some((line) => ctx.stack.worker.log().includes(line)) ? Date.now() : undefined,
				undefined,
				50,
			).catch(() => undefined);
			const endedAfter = workerDone === undefined ? undefined : workerDone - stopAt;
			expect(endedAfter !== undefined && endedAfter <= STOP_END_LIMIT_MS).toBe(true);

			// Watch past the time the first poll was due. The stop reaches the worker through Redis,
			// so a request within the grace period after the stop's answer is not counted.
			const watchUntil = job.createdAt + STOP_POLL_INTERVAL_S * 1000 + 2000;
			await new Promise((resolve) => setTimeout(resolve, Math.max(0, watchUntil - Date.now())));
			const forJob = ctx.fake.requests.filter((request) => request.path.includes(job.id));
			const late = forJob.filter((request) => request.time > answeredAt + STOP_GRACE_MS);
			expect(late.length).toBe(0);
			expect(job.status).toBe('processing');
			expectJobLogged(ctx, 'submitted a paid job', job);
			expectJobLogged(ctx, 'the execution stopped while a paid job was running', job);
			note(
				`stopped ${stopAt - job.createdAt} ms after the submit (Poll Interval ${STOP_POLL_INTERVAL_S} s, ${pollsBefore} polls before); stop answered in ${answeredAt - stopAt} ms; the worker ended the execution ${endedAfter ?? '?'} ms after the stop (its log read every 50 ms); requests for the job after the stop: ${forJob.length - pollsBefore} (watched until ${((watchUntil - stopAt) / 1000).toFixed(1)} s after it)`,
			);
		},
	},
	{
		// Last: it starts a second worker and kills the first.
		name: 'example 10 loop parks a long job: waiting, no worker holds it, survives kill -9 of a worker, resumes and completes',
		run: parkedLoop,
	},
];
