/**
 * What queue mode must do with the MeiGen node: generations run on the worker with the right
 * bytes in n8n's binary store, two executions at once, Stop from main ending a wait, and example
 * 10's loop parking a long job (no worker holds it; a worker killed meanwhile loses nothing).
 */
import path from 'node:path';

import { expectedMediaBytes } from '../../test/fake-server';
import type { FakeJob, FakeMeiGen, MediaKind, ModelJson } from '../../test/fake-server';
import { expectBytes, expectFile, present } from '../lib/assert';
import { nodeItems, type OutputItem } from '../lib/n8n';
import { delay, waitUntil } from '../lib/process';
import { seconds } from '../lib/timing';
import type { N8nStack } from './stack';
import type { ExecutionRow, N8nStore } from './store';
import { LOOP_NODES, MEIGEN_NODE } from './workflows';

/** A published workflow, and its model as the fake holds it (a change to it changes the fake). */
export type QueueWorkflow = { id: string; path: string; model: ModelJson };

export interface QueueContext {
	stack: N8nStack;
	store: N8nStore;
	fake: FakeMeiGen;
	/** Example 10's loop (`loop`) behind a Webhook answers at once. */
	workflows: Record<'image' | 'video' | 'stop' | 'loop', QueueWorkflow>;
	/** Where the loop's Save Video to Disk writes (every n8n process may write there). */
	filesFolder: string;
}

/** The image and video models' job durations, which the checks that change them set back. */
export const IMAGE_JOB_MS = 1500;
export const VIDEO_JOB_MS = 2500;
/** Every video's size: several 64 KiB chunks, so the download streams and the bytes must still arrive in order. */
export const VIDEO_BYTES = 3 * 1024 * 1024 + 4321;

/** `line` is in an n8n log; a failure names the line, not the whole log. */
function expectLogged(log: string, line: string): void {
	expect({ line, logged: log.includes(line) }).toEqual({ line, logged: true });
}

/** What a check saw, printed under its name. */
const note = (...lines: string[]) => lines.forEach((line) => console.log(`       ${line}`));
const countOf = (log: string, text: string) => log.split(text).length - 1;

const WEBHOOK_TIMEOUT_MS = 90_000;
/** The stop workflow's Poll Interval: long, so a wait that ignored the stop would show. */
export const STOP_POLL_INTERVAL_S = 10;
/** The worker must end a stopped execution within this time (a wait ignoring it: ~9 s). */
const STOP_END_LIMIT_MS = 5000;
/** After the stop was answered, requests for the job within this time are not counted. */
const STOP_GRACE_MS = 1000;

const jobByPrompt = (fake: FakeMeiGen, prompt: string): FakeJob | undefined =>
	[...fake.jobs.values()].find((job) => job.prompt === prompt);
const jobArrives = (ctx: QueueContext, prompt: string) =>
	waitUntil('MeiGen to receive the job', 30_000, () => jobByPrompt(ctx.fake, prompt));

/** A row of `workflow`'s executions, as soon as `pick` picks one. */
const executionRow =
	(ctx: QueueContext, workflowId: string, pick: (row: ExecutionRow) => boolean) => async () =>
		(await ctx.store.executions(workflowId)).find(pick);

/** The execution of `workflow` whose MeiGen output (or failure) belongs to generation `jobId`, once it has ended. */
async function executionFor(ctx: QueueContext, workflow: QueueWorkflow, jobId: string) {
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

/** A completed job's item: its generation, and its file in n8n's binary store. */
async function checkCompletedItem(
	ctx: QueueContext,
	item: OutputItem | undefined,
	job: FakeJob,
	kind: MediaKind,
): Promise<void> {
	const { generationId, status } = item?.json ?? {};
	const completed = { generationId: job.id, status: 'completed', auth: 'apiKey' };
	expect({ generationId, status, auth: job.auth }).toEqual(completed);
	const ref = item?.binary?.data;
	// n8n's queue-mode default: binary data in the database.
	expect({ mimeType: ref?.mimeType, fileName: ref?.fileName, id: ref?.id }).toEqual({
		mimeType: kind === 'png' ? 'image/png' : 'video/mp4',
		fileName: `${job.id}.${kind}`,
		id: expect.stringMatching(/^database:/),
	});
	if (!ref) return;
	const expected = expectedMediaBytes(job.id, 0, kind, VIDEO_BYTES);
	const stored = await ctx.store.file(ref);
	expect(stored.bytes).toBe(expected.length);
	expectBytes(stored.data, expected);
	note(`${stored.bytes} bytes in ${stored.where}`);
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
 * The webhook execution of `workflow` that made `job` succeeded on the worker (its log names it as
 * started and finished there; main's log says it enqueued it) with the job's file in the binary
 * store. Returns the execution's ID.
 */
async function checkRanOnWorker(
	ctx: QueueContext,
	workflow: QueueWorkflow,
	job: FakeJob,
	kind: MediaKind,
): Promise<string> {
	const { row, data } = await executionFor(ctx, workflow, job.id);
	expect({ status: row.status, mode: row.mode }).toEqual({ status: 'success', mode: 'webhook' });
	for (const what of ['started', 'finished'])
		expectLogged(ctx.stack.worker.log(), `Worker ${what} execution ${row.id} (job`);
	expectLogged(ctx.stack.main?.log() ?? '', `Enqueued execution ${row.id} (job`);
	const items = nodeItems(data, MEIGEN_NODE);
	expect(items.length).toBe(1);
	await checkCompletedItem(ctx, items[0], job, kind);
	return row.id;
}

async function generateOnWorker(
	ctx: QueueContext,
	workflow: QueueWorkflow,
	kind: MediaKind,
): Promise<void> {
	const prompt = `queue mode ${kind} ${Date.now()}`;
	const cdnBefore = ctx.fake.cdnRequests.length;
	const answer = await ctx.stack.api.callWebhook(workflow.path, { prompt }, WEBHOOK_TIMEOUT_MS);
	expect(answer.status).toBe(200);
	const job = present(jobByPrompt(ctx.fake, prompt), 'the job MeiGen received');
	expect(job.modelId).toBe(workflow.model.id);
	expect((answer.json as { generationId?: string } | undefined)?.generationId).toBe(job.id);
	const executionId = await checkRanOnWorker(ctx, workflow, job, kind);
	const downloads = ctx.fake.cdnRequests.slice(cdnBefore);
	expect(downloads.length).toBe(1);
	expect(downloads.every((request) => request.headers.authorization === undefined)).toBe(true);
	expectJobLogged(ctx, 'submitted a paid job', job);
	note(`execution ${executionId} on the worker`);
}

/**
 * Example 10's loop on a long video job: MeiGen's estimate (p90) parks the Wait past n8n's 65 s
 * in-process limit, and the job is done by the time it resumes, so the loop ends at that status
 * read (a job still running then would be given 1.5 times the last wait, 105 s, parked again).
 * The wait tracker on main looks every 60 s for executions due within 70 s, so a park of 70 s
 * resumes on time.
 */
const LOOP_P90_S = 70;
const LOOP_JOB_MS = 60_000;
/** At most this many status reads for one job followed by the loop. */
const LOOP_STATUS_LIMIT = 5;

/** Where each n8n process's log says it started (or finished) an execution. */
function workersThat(ctx: QueueContext, what: 'started' | 'finished', executionId: string) {
	const line = `Worker ${what} execution ${executionId} (job`;
	return ctx.stack.workers.filter((worker) => worker.log().includes(line));
}

/** Sampled every 500 ms till resumed: any state but `waiting` before due; when it restarted. */
type ParkWatch = { samples: number; notWaiting: string[]; resumedAt?: number };
async function watchPark(
	ctx: QueueContext,
	park: { workflowId: string; executionId: string; dueAt: number },
	stopped: () => boolean,
): Promise<ParkWatch> {
	const { workflowId, executionId, dueAt } = park;
	const watch: ParkWatch = { samples: 0, notWaiting: [] };
	const startedLine = `Worker started execution ${executionId} (job`;
	while (!stopped()) {
		const now = Date.now();
		const row = await executionRow(ctx, workflowId, (r) => r.id === executionId)();
		const starts = ctx.stack.workers.reduce((sum, w) => sum + countOf(w.log(), startedLine), 0);
		if (starts >= 2) watch.resumedAt ??= now;
		if (watch.resumedAt === undefined && now < dueAt - 1000) {
			watch.samples++;
			if (row?.status !== 'waiting')
				watch.notWaiting.push(`${row?.status ?? 'missing'} at ${seconds(now - dueAt)}`);
		}
		await delay(500);
	}
	return watch;
}

async function parkedLoop(ctx: QueueContext): Promise<void> {
	const { fake, stack, store } = ctx;
	const workflow = ctx.workflows.loop;
	const { model } = workflow;
	const timing = { ...model.estimatedTiming };
	model.estimatedTiming = { ...timing, p90: LOOP_P90_S };
	fake.setJobDuration(model.id, LOOP_JOB_MS);
	try {
		// Two workers: the one that runs the first leg is killed while the execution is parked.
		if (stack.workers.length < 2) await stack.startWorker();
		const chargedBefore = fake.chargedJobs();
		const submitsBefore = fake.requestsTo('POST', '/generate/v2').length;
		const prompt = `queue mode park ${Date.now()}`;
		const answer = await stack.api.callWebhook(workflow.path, { prompt }, 30_000);
		expect(answer.status).toBe(200);
		const job = await jobArrives(ctx, prompt);

		// Parked: `waiting` in Postgres and over REST, due at MeiGen's estimate; the worker let it go.
		const isWaiting = executionRow(ctx, workflow.id, (row) => row.status === 'waiting');
		const parked = await waitUntil('the execution to be parked (waiting)', 30_000, isWaiting);
		const parkedAfter = Date.now() - job.createdAt;
		const dueAt = parked.waitTill?.getTime() ?? NaN;
		expect(Math.abs(dueAt - job.createdAt - LOOP_P90_S * 1000)).toBeLessThan(5000);
		expect((await stack.api.execution(parked.id)).status).toBe('waiting');
		const letGo = () => workersThat(ctx, 'finished', parked.id)[0];
		const firstLeg = await waitUntil(`a worker to let execution ${parked.id} go`, 10_000, letGo);
		expect(workersThat(ctx, 'started', parked.id).length).toBe(1);
		const counts = await store.statusCounts();
		expect(counts.running ?? 0).toBe(0);

		let resumed = false;
		const park = { workflowId: workflow.id, executionId: parked.id, dueAt };
		const watching = watchPark(ctx, park, () => resumed);

		// The worker's other executions proceed meanwhile: a short image workflow runs and finishes.
		const shortPrompt = `queue mode while parked ${Date.now()}`;
		const shortStarted = Date.now();
		const image = ctx.workflows.image;
		const short = await stack.api.callWebhook(
			image.path,
			{ prompt: shortPrompt },
			WEBHOOK_TIMEOUT_MS,
		);
		const shortMs = Date.now() - shortStarted;
		expect(short.status).toBe(200);
		const shortJob = present(jobByPrompt(fake, shortPrompt), "the short workflow's job");
		const { row: shortRow } = await executionFor(ctx, image, shortJob.id);
		expect(shortRow.status).toBe('success');
		const shortOn = workersThat(ctx, 'finished', shortRow.id).map((w) => w.name);

		// kill -9 the worker that ran the first leg, while the execution is parked.
		await firstLeg.crash();
		const crashedAt = Date.now();
		expect(crashedAt).toBeLessThan(dueAt - 5000);
		const afterCrash = await executionRow(ctx, workflow.id, (row) => row.id === parked.id)();
		expect(afterCrash?.status).toBe('waiting');

		// Resumes on the other worker and completes.
		const ended = (row: ExecutionRow) => !['waiting', 'running', 'new'].includes(row.status);
		const over = executionRow(ctx, workflow.id, (row) => row.id === parked.id && ended(row));
		const limit = Math.max(0, dueAt - Date.now()) + 90_000;
		const final = await waitUntil(`execution ${parked.id} to resume and end`, limit, over);
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
		await checkCompletedItem(ctx, items[0], job, 'mp4');
		expect(items[0]?.json.done).toBe(true);
		const written = path.join(ctx.filesFolder, `meigen-${job.id}.mp4`);
		await expectFile(written, expectedMediaBytes(job.id, 0, 'mp4', VIDEO_BYTES));
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
			at === undefined ? '?' : seconds(at - job.createdAt);
		note(
			`execution ${parked.id} parked ${since(job.createdAt + parkedAfter)} after the submit, due at ${since(dueAt)}; ${watch.samples} samples while parked: always waiting, ${counts.running ?? 0} running executions`,
			`meanwhile a short workflow ran in ${seconds(shortMs)} on ${shortOn.join(', ') || 'no worker'}; ${firstLeg.name} (ran the first leg) killed -9 at ${since(crashedAt)}`,
			`resumed on ${resumers.map((w) => w.name).join(', ')} at ${since(watch.resumedAt)}; job done at ${since(job.completedAt)}; execution ended ${since(final.stoppedAt?.getTime())}`,
			`${reads.length} status requests at ${reads.map((r) => since(r.time)).join(', ')}; Check Status ran ${checks.length}×; charged once (${job.creditsUsed} credits)`,
		);
	} finally {
		model.estimatedTiming = timing;
		fake.setJobDuration(model.id, VIDEO_JOB_MS);
	}
}

/** Two executions at once on the worker: jobs long enough that running one after the other would show. */
async function concurrent(ctx: QueueContext): Promise<void> {
	const workflow = ctx.workflows.image;
	const jobMs = 4000;
	ctx.fake.setJobDuration(workflow.model.id, jobMs);
	const prompts = [1, 2].map((n) => `queue mode concurrent ${n} ${Date.now()}`);
	const started = Date.now();
	const call = (prompt: string) =>
		ctx.stack.api.callWebhook(workflow.path, { prompt }, WEBHOOK_TIMEOUT_MS);
	const answers = await Promise.all(prompts.map(call));
	const wall = Date.now() - started;
	for (const answer of answers) expect(answer.status).toBe(200);
	const [a, b] = prompts.map((prompt) => present(jobByPrompt(ctx.fake, prompt), prompt));
	// Both jobs were submitted before either finished: the worker ran the executions side by side.
	const lastSubmit = Math.max(a.createdAt, b.createdAt);
	const firstDone = Math.min(a.completedAt ?? Infinity, b.completedAt ?? Infinity);
	expect(lastSubmit).toBeLessThan(firstDone);
	const rows: string[] = [];
	for (const job of [a, b]) rows.push(await checkRanOnWorker(ctx, workflow, job, 'png'));
	const log = ctx.stack.worker.log();
	const at = (what: string) => rows.map((id) => log.indexOf(`Worker ${what} execution ${id} (job`));
	expect(Math.max(...at('started'))).toBeLessThan(Math.min(...at('finished')));
	ctx.fake.setJobDuration(workflow.model.id, IMAGE_JOB_MS);
	note(
		`executions ${rows.join(' and ')} overlapped ${firstDone - lastSubmit} ms on the worker; both answered after ${seconds(wall)} for ${jobMs / 1000} s jobs`,
	);
}

/** Stop from main while the node waits for the job on the worker: the wait ends, and no request follows. */
async function stopFromMain(ctx: QueueContext): Promise<void> {
	const workflow = ctx.workflows.stop;
	const prompt = `queue mode stop [never] ${Date.now()}`;
	const answer = await ctx.stack.api.callWebhook(workflow.path, { prompt }, 30_000);
	expect(answer.status).toBe(200);
	const job = await jobArrives(ctx, prompt);
	const isRunning = executionRow(ctx, workflow.id, (row) => row.status === 'running');
	const running = await waitUntil('the execution to be running', 15_000, isRunning);
	expectLogged(ctx.stack.worker.log(), `Worker started execution ${running.id} (job`);
	// The node now sleeps until its first poll, one Poll Interval after the submit: stop it there.
	await delay(1000);
	const forJob = () => ctx.fake.requests.filter((request) => request.path.includes(job.id));
	const pollsBefore = forJob().length;

	const stopAt = Date.now();
	const stopped = await ctx.stack.api.stopExecution(running.id);
	const answeredAt = Date.now();
	expect(stopped.status).toBe('canceled');
	const over = executionRow(ctx, workflow.id, (r) => r.id === running.id && r.status !== 'running');
	const final = await waitUntil(`execution ${running.id} to be canceled`, 15_000, over);
	expect(final.status).toBe('canceled');
	// The worker ends the execution (as an error: cancelled) when the stop reaches it. A node
	// that slept on would end only at its next poll, up to a Poll Interval later.
	const ended = ['finished', 'errored while running'].map(
		(what) => `Worker ${what} execution ${running.id} (job`,
	);
	const endedAt = () =>
		ended.some((l) => ctx.stack.worker.log().includes(l)) ? Date.now() : undefined;
	const what = `the worker to end execution ${running.id}`;
	const endedAfter = (await waitUntil(what, STOP_END_LIMIT_MS, endedAt, undefined, 50)) - stopAt;
	expect(endedAfter).toBeLessThanOrEqual(STOP_END_LIMIT_MS);

	// Watch past the time the first poll was due. The stop reaches the worker through Redis,
	// so a request within the grace period after the stop's answer is not counted.
	const watchUntil = job.createdAt + STOP_POLL_INTERVAL_S * 1000 + 2000;
	await delay(Math.max(0, watchUntil - Date.now()));
	const requests = forJob();
	expect(requests.filter((request) => request.time > answeredAt + STOP_GRACE_MS).length).toBe(0);
	expect(job.status).toBe('processing');
	expectJobLogged(ctx, 'submitted a paid job', job);
	expectJobLogged(ctx, 'the execution stopped while a paid job was running', job);
	note(
		`stopped ${stopAt - job.createdAt} ms after the submit (Poll Interval ${STOP_POLL_INTERVAL_S} s, ${pollsBefore} polls before); stop answered in ${answeredAt - stopAt} ms; the worker ended the execution ${endedAfter} ms after the stop (its log read every 50 ms); requests for the job after the stop: ${requests.length - pollsBefore} (watched until ${seconds(watchUntil - stopAt)} after it)`,
	);
}

/** The checks by name, in order; the last starts a second worker and kills the first. */
export const queueChecks: Record<string, (ctx: QueueContext) => Promise<void>> = {
	'image generated on the worker, bytes in the binary store': (ctx) =>
		generateOnWorker(ctx, ctx.workflows.image, 'png'),
	'video generated on the worker, bytes in the binary store': (ctx) =>
		generateOnWorker(ctx, ctx.workflows.video, 'mp4'),
	'two executions at once on the worker': concurrent,
	'Stop from main ends the MeiGen wait on the worker; no request after it': stopFromMain,
	'example 10 loop parks a long job: waiting, no worker holds it, survives kill -9 of a worker, resumes and completes':
		parkedLoop,
};
