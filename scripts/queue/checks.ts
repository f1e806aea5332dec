/**
 * What queue mode must do with the MeiGen node: generations run on the worker with the right
 * bytes in n8n's binary store, two executions at once, Stop from main ending a wait, and example
 * 10's loop parking a long job (no worker holds it; a worker killed meanwhile loses nothing).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import {
	expectedMediaBytes,
	type FakeJob,
	type FakeMeiGen,
	type MediaKind,
	type ModelJson,
} from '../../test/fake-server';
import { waitUntil, type Service } from '../lib/process';
import type { N8nStack } from './stack';
import {
	nodeItems,
	type ExecutionRow,
	type N8nStore,
	type OutputItem,
	type RunData,
} from './store';
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

/** Collects failed expectations instead of stopping at the first. */
export class Expect {
	readonly failures: string[] = [];
	readonly notes: string[] = [];

	that(condition: boolean, message: string): boolean {
		if (!condition) this.failures.push(message);
		return condition;
	}

	equal(actual: unknown, expected: unknown, what: string): boolean {
		return this.that(
			actual === expected,
			`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
		);
	}
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
): Promise<{ row: ExecutionRow; data: RunData }> {
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
function ranOnWorker(expect: Expect, ctx: QueueContext, executionId: string): void {
	const worker = ctx.stack.worker.log();
	const main = ctx.stack.main?.log() ?? '';
	expect.that(
		worker.includes(`Worker started execution ${executionId} (job`),
		`the worker's log does not say it started execution ${executionId}`,
	);
	expect.that(
		worker.includes(`Worker finished execution ${executionId} (job`),
		`the worker's log does not say it finished execution ${executionId}`,
	);
	expect.that(
		main.includes(`Enqueued execution ${executionId} (job`),
		`main's log does not say it enqueued execution ${executionId} for a worker`,
	);
}

async function checkStoredMedia(
	expect: Expect,
	ctx: QueueContext,
	item: OutputItem | undefined,
	job: FakeJob,
	kind: MediaKind,
	size?: number,
): Promise<void> {
	const ref = item?.binary?.data;
	if (
		!expect.that(
			ref !== undefined,
			`the MeiGen output has no binary "data" (item: ${JSON.stringify(item?.json ?? null).slice(0, 300)})`,
		) ||
		!ref
	)
		return;
	expect.equal(ref.mimeType, kind === 'png' ? 'image/png' : 'video/mp4', 'binary mimeType');
	expect.equal(ref.fileName, `${job.id}.${kind}`, 'binary fileName');
	expect.that(
		(ref.id ?? '').startsWith('database:'),
		`binary id ${JSON.stringify(ref.id)}: expected n8n's queue-mode default, database storage`,
	);
	const expected = expectedMediaBytes(job.id, 0, kind, size);
	const stored = await ctx.store.file(ref);
	expect.equal(stored.bytes, expected.length, `bytes in ${stored.where}`);
	expect.that(
		stored.data?.equals(expected) === true,
		`${stored.where} holds bytes that differ from the ${kind} MeiGen served`,
	);
	expect.notes.push(`${stored.bytes} bytes in ${stored.where}`);
}

function checkCompleted(expect: Expect, item: OutputItem | undefined, job: FakeJob): void {
	expect.equal(item?.json.generationId, job.id, 'output generationId');
	expect.equal(item?.json.status, 'completed', 'output status');
	expect.equal(job.auth, 'apiKey', `job ${job.id} authenticated with`);
}

async function generateOnWorker(
	expect: Expect,
	ctx: QueueContext,
	workflow: QueueWorkflow,
	kind: MediaKind,
	size?: number,
): Promise<void> {
	const prompt = `queue mode ${kind} ${Date.now()}`;
	const cdnBefore = ctx.fake.cdnRequests.length;
	const answer = await ctx.stack.api.callWebhook(workflow.path, { prompt }, WEBHOOK_TIMEOUT_MS);
	expect.equal(answer.status, 200, `webhook answer (${answer.text.slice(0, 200)})`);
	const job = jobByPrompt(ctx.fake, prompt);
	if (!expect.that(job !== undefined, `MeiGen received no job for prompt "${prompt}"`) || !job)
		return;
	expect.equal(job.modelId, workflow.model.id, 'model submitted');
	expect.equal(
		(answer.json as { generationId?: string } | undefined)?.generationId,
		job.id,
		'generationId in the webhook answer',
	);
	const { row, data } = await executionFor(ctx, workflow, job.id);
	expect.equal(
		row.status,
		'success',
		`execution ${row.id} status${data.resultData.error?.message ? ` (${data.resultData.error.message})` : ''}`,
	);
	expect.equal(row.mode, 'webhook', `execution ${row.id} mode`);
	ranOnWorker(expect, ctx, row.id);
	const items = nodeItems(data, MEIGEN_NODE);
	expect.equal(items.length, 1, 'MeiGen output items');
	checkCompleted(expect, items[0], job);
	await checkStoredMedia(expect, ctx, items[0], job, kind, size);
	const downloads = ctx.fake.cdnRequests.slice(cdnBefore);
	expect.equal(downloads.length, 1, 'media downloads from the CDN');
	expect.that(
		downloads.every((request) => request.headers.authorization === undefined),
		'a CDN request carried an Authorization header',
	);
	expectJobLogged(expect, ctx, 'submitted a paid job', job);
	expect.notes.push(`execution ${row.id} on the worker`);
}

/**
 * A crashed worker leaves n8n no trace of the job: the worker's own log must name it, in the
 * message text itself (n8n's text log drops metadata).
 */
function expectJobLogged(expect: Expect, ctx: QueueContext, what: string, job: FakeJob): void {
	const line = `MeiGen: ${what} (generation ${job.id}, request ${job.idempotencyKey})`;
	expect.that(ctx.stack.worker.log().includes(line), `the worker's log does not say "${line}"`);
}

/**
 * Example 10's loop on a long video job: MeiGen's estimate (p90) parks the Wait past n8n's 65 s
 * in-process limit, and the job outlasts it by a little, so the loop also goes round once in
 * process. The wait tracker on main looks every 60 s for executions due within 70 s, so a park of
 * 70 s resumes on time.
 */
export const LOOP_P90_S = 70;
export const LOOP_JOB_MS = 80_000;
/** At most this many status reads for one 80 s job followed by the loop. */
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

async function parkedLoop(expect: Expect, ctx: QueueContext): Promise<void> {
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
		expect.equal(answer.status, 200, `webhook answer (${answer.text.slice(0, 200)})`);
		const job = await waitUntil('MeiGen to receive the job', 30_000, () =>
			jobByPrompt(fake, prompt),
		);

		// Parked: `waiting` in Postgres and over REST, due at MeiGen's estimate; the worker let it go.
		const parked = await waitUntil('the execution to be parked (waiting)', 30_000, async () =>
			(await store.executions(workflow.id)).find((row) => row.status === 'waiting'),
		);
		const parkedAfter = Date.now() - job.createdAt;
		const dueAt = parked.waitTill?.getTime() ?? NaN;
		expect.that(
			Math.abs(dueAt - job.createdAt - LOOP_P90_S * 1000) < 5000,
			`execution ${parked.id} is due ${((dueAt - job.createdAt) / 1000).toFixed(1)} s after the submit, expected about ${LOOP_P90_S} s (checkAgainInSeconds)`,
		);
		const rest = await stack.api.execution(parked.id);
		expect.equal(rest.status, 'waiting', `execution ${parked.id} status over REST`);
		const [firstLeg] = await waitUntil(`a worker to let execution ${parked.id} go`, 10_000, () => {
			const finished = workersThat(ctx, 'finished', parked.id);
			return finished.length ? finished : undefined;
		}).catch(() => [] as Service[]);
		if (
			!expect.that(
				firstLeg !== undefined,
				`no worker's log says it finished execution ${parked.id} once it parked`,
			) ||
			!firstLeg
		)
			return;
		expect.equal(
			workersThat(ctx, 'started', parked.id).length,
			1,
			`workers that started execution ${parked.id} before it resumed`,
		);
		const counts = await store.statusCounts();
		expect.equal(counts.running ?? 0, 0, 'executions running while the loop is parked');

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
		expect.equal(
			short.status,
			200,
			`short workflow's webhook answer (${short.text.slice(0, 200)})`,
		);
		const shortJob = jobByPrompt(fake, shortPrompt);
		let shortOn = '?';
		if (
			expect.that(shortJob !== undefined, 'MeiGen received no job from the short workflow') &&
			shortJob
		) {
			const { row } = await executionFor(ctx, ctx.workflows.image, shortJob.id);
			expect.equal(row.status, 'success', `short execution ${row.id} status`);
			shortOn =
				workersThat(ctx, 'finished', row.id)
					.map((w) => w.name)
					.join(', ') || 'no worker';
		}

		// kill -9 the worker that ran the first leg, while the execution is parked.
		await firstLeg.crash();
		const crashedAt = Date.now();
		expect.that(
			crashedAt < dueAt - 5000,
			`the worker was killed ${((crashedAt - dueAt) / 1000).toFixed(1)} s from the resume: too late to show a park survives it`,
		);
		const afterCrash = (await store.executions(workflow.id)).find((row) => row.id === parked.id);
		expect.equal(afterCrash?.status, 'waiting', `execution ${parked.id} status after the kill -9`);

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
		expect.equal(
			final.status,
			'success',
			`execution ${parked.id} status${data?.resultData.error?.message ? ` (${data.resultData.error.message})` : ''}`,
		);
		expect.equal(
			watch.notWaiting.length,
			0,
			`samples in which execution ${parked.id} was not waiting before it was due (${watch.notWaiting.slice(0, 3).join(', ')})`,
		);
		const resumers = workersThat(ctx, 'started', parked.id).filter((w) => w !== firstLeg);
		expect.that(
			resumers.length === 1 && resumers[0]?.running === true,
			`execution ${parked.id} did not resume on the surviving worker (started on: ${workersThat(
				ctx,
				'started',
				parked.id,
			)
				.map((w) => w.name)
				.join(', ')})`,
		);
		const main = stack.main?.log() ?? '';
		expect.that(
			countOf(main, `Enqueued execution ${parked.id} (job`) >= 2,
			`main's log does not say it enqueued execution ${parked.id} again to resume it`,
		);

		// The clip: in n8n's binary store and on disk as MeiGen served it, charged once, a few reads.
		const checks = data?.resultData.runData[LOOP_NODES.check] ?? [];
		const items = nodeItems(data, LOOP_NODES.check);
		expect.equal(items.length, 1, 'Check Status items (last run)');
		checkCompleted(expect, items[0], job);
		expect.equal(items[0]?.json.done, true, 'Check Status done (last run)');
		await checkStoredMedia(expect, ctx, items[0], job, 'mp4', ctx.videoBytes);
		const written = path.join(ctx.filesFolder, `meigen-${job.id}.mp4`);
		if (expect.that(existsSync(written), `Save Video to Disk wrote no ${written}`)) {
			const bytes = await readFile(written);
			expect.that(
				bytes.equals(expectedMediaBytes(job.id, 0, 'mp4', ctx.videoBytes)),
				`${written} (${bytes.length} bytes) differs from the clip MeiGen served`,
			);
		}
		const loopSubmits = fake
			.requestsTo('POST', '/generate/v2')
			.slice(submitsBefore)
			.filter((request) => JSON.stringify(request.body ?? '').includes(prompt));
		expect.equal(loopSubmits.length, 1, 'POST /generate/v2 requests of the loop');
		expect.equal(job.dedupeCount, 0, 'submits answered again from the request ID');
		// The loop's job and the short workflow's: one charge each.
		expect.equal(
			fake.chargedJobs() - chargedBefore,
			2,
			'jobs charged (the loop and the short run)',
		);
		expect.equal(job.creditsStatus, 'confirmed', 'the loop job credits status');
		const reads = fake
			.requestsTo('GET', '/generate/v2/status')
			.filter((request) => request.path.includes(job.id));
		expect.that(
			reads.length >= 1 && reads.length <= LOOP_STATUS_LIMIT,
			`${reads.length} status requests for the ${LOOP_JOB_MS / 1000} s job (limit ${LOOP_STATUS_LIMIT})`,
		);
		expect.equal(reads.length, checks.length, 'status requests (one per Check Status)');
		const since = (at: number | undefined) =>
			at === undefined ? '?' : `${((at - job.createdAt) / 1000).toFixed(1)} s`;
		expect.notes.push(
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

export type QueueCheck = (expect: Expect, ctx: QueueContext) => Promise<void>;

export const queueChecks: Array<{ name: string; run: QueueCheck }> = [
	{
		name: 'image generated on the worker, bytes in the binary store',
		run: (expect, ctx) => generateOnWorker(expect, ctx, ctx.workflows.image, 'png'),
	},
	{
		name: 'video generated on the worker, bytes in the binary store',
		run: (expect, ctx) => generateOnWorker(expect, ctx, ctx.workflows.video, 'mp4', ctx.videoBytes),
	},
	{
		name: 'two executions at once on the worker',
		run: async (expect, ctx) => {
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
			answers.forEach((answer, n) =>
				expect.equal(answer.status, 200, `webhook answer ${n + 1} (${answer.text.slice(0, 200)})`),
			);
			const jobs = prompts.map((prompt) => jobByPrompt(ctx.fake, prompt));
			if (
				!expect.that(
					jobs.every((job) => job !== undefined),
					'MeiGen did not receive both jobs',
				)
			)
				return;
			const [a, b] = jobs as FakeJob[];
			// Both jobs were submitted before either finished: the worker ran the executions side by side.
			const lastSubmit = Math.max(a.createdAt, b.createdAt);
			const firstDone = Math.min(a.completedAt ?? Infinity, b.completedAt ?? Infinity);
			expect.that(
				lastSubmit < firstDone,
				`the second job was submitted ${lastSubmit - firstDone} ms after the first completed: not at the same time`,
			);
			const rows: string[] = [];
			for (const job of [a, b]) {
				const { row, data } = await executionFor(ctx, workflow, job.id);
				expect.equal(row.status, 'success', `execution ${row.id} status`);
				ranOnWorker(expect, ctx, row.id);
				const items = nodeItems(data, MEIGEN_NODE);
				checkCompleted(expect, items[0], job);
				await checkStoredMedia(expect, ctx, items[0], job, 'png');
				rows.push(row.id);
			}
			const log = ctx.stack.worker.log();
			const startedAt = rows.map((id) => log.indexOf(`Worker started execution ${id} (job`));
			const finishedAt = rows.map((id) => log.indexOf(`Worker finished execution ${id} (job`));
			expect.that(
				Math.max(...startedAt) < Math.min(...finishedAt),
				`the worker's log does not show executions ${rows.join(' and ')} running at the same time`,
			);
			ctx.fake.setJobDuration(workflow.model.id, ctx.imageJobMs);
			expect.notes.length = 0;
			expect.notes.push(
				`executions ${rows.join(' and ')} overlapped ${firstDone - lastSubmit} ms on the worker; both answered after ${(wall / 1000).toFixed(1)} s for ${jobMs / 1000} s jobs`,
			);
		},
	},
	{
		name: 'Stop from main ends the MeiGen wait on the worker; no request after it',
		run: async (expect, ctx) => {
			const workflow = ctx.workflows.stop;
			const prompt = `queue mode stop [never] ${Date.now()}`;
			const answer = await ctx.stack.api.callWebhook(workflow.path, { prompt }, 30_000);
			expect.equal(answer.status, 200, `webhook answer (${answer.text.slice(0, 200)})`);
			const job = await waitUntil('MeiGen to receive the job', 30_000, () =>
				jobByPrompt(ctx.fake, prompt),
			);
			const running = await waitUntil('the execution to be running', 15_000, async () => {
				const rows = await ctx.store.executions(workflow.id);
				return rows.find((row) => row.status === 'running');
			});
			expect.that(
				ctx.stack.worker.log().includes(`Worker started execution ${running.id} (job`),
				`the worker's log does not say it runs execution ${running.id}`,
			);
			// The node now sleeps until its first poll, one Poll Interval after the submit: stop it there.
			await new Promise((resolve) => setTimeout(resolve, 1000));
			const pollsBefore = ctx.fake.requests.filter((r) => r.path.includes(job.id)).length;

			const stopAt = Date.now();
			const stopped = await ctx.stack.api.stopExecution(running.id);
			const answeredAt = Date.now();
			expect.equal(stopped.status, 'canceled', 'status answered by stop');
			const final = await waitUntil(`execution ${running.id} to be canceled`, 15_000, async () => {
				const row = (await ctx.store.executions(workflow.id)).find((r) => r.id === running.id);
				return row && row.status !== 'running' ? row : undefined;
			});
			expect.equal(final.status, 'canceled', `execution ${running.id} status`);
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
			expect.that(
				endedAfter !== undefined && endedAfter <= STOP_END_LIMIT_MS,
				`the worker ended execution ${running.id} ${endedAfter === undefined ? 'not at all' : `${endedAfter} ms`} after the stop (limit ${STOP_END_LIMIT_MS} ms; Poll Interval ${STOP_POLL_INTERVAL_S} s): the wait did not end at the stop`,
			);

			// Watch past the time the first poll was due. The stop reaches the worker through Redis,
			// so a request within the grace period after the stop's answer is not counted.
			const watchUntil = job.createdAt + STOP_POLL_INTERVAL_S * 1000 + 2000;
			await new Promise((resolve) => setTimeout(resolve, Math.max(0, watchUntil - Date.now())));
			const forJob = ctx.fake.requests.filter((request) => request.path.includes(job.id));
			const late = forJob.filter((request) => request.time > answeredAt + STOP_GRACE_MS);
			expect.that(
				late.length === 0,
				`MeiGen received ${late.length} request(s) for the job after the stop: ${late.map((r) => `${r.method} ${r.path} +${r.time - stopAt} ms`).join(', ')}`,
			);
			expect.equal(job.status, 'processing', 'job state at MeiGen (never completes)');
			expectJobLogged(expect, ctx, 'submitted a paid job', job);
			expectJobLogged(expect, ctx, 'the execution stopped while a paid job was running', job);
			expect.notes.push(
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
