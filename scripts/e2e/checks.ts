/**
 * What each workflow in examples/ must produce when it runs in a real n8n against the fake MeiGen.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { SUMMARY_FIELDS } from '../../nodes/MeiGen/actions/aiTool';
import { isRecord } from '../../nodes/MeiGen/util/records';
import {
	expectedMediaBytes,
	FAILED_MODULE_ERROR,
	mp4Seconds,
	TEST_API_KEY,
} from '../../test/fake-server';
import type * as Fake from '../../test/fake-server';
import { expectBytes, expectFile, present } from '../lib/assert';
import type { WorkflowJson } from '../lib/examples';
import { FAKE_OPENAI_PROMPT, type FakeOpenAi } from '../lib/fake-openai';
import { nodeItems } from '../lib/n8n';
import type { BinaryRef, Execution, N8nInstance, OutputItem } from '../lib/n8n';
import type { CommandResult } from '../lib/process';
import { productPhotoBytes } from '../lib/samples';

export interface Approval {
	/** The run as `n8n execute` left it: waiting at the form. */
	waiting: Execution;
	/** The form's page, and the HTTP statuses of opening and of answering it. */
	form: string;
	formStatus: number;
	answerStatus: number;
	/** What MeiGen received from the start until the answer. */
	requestsWhileWaiting: Fake.RecordedRequest[];
}

/** What the fake saw while an example ran (Skill receipts with refusals too); credits at the start. */
type FakeNews = ReturnType<ReturnType<typeof fakeSince>>;

export interface ExampleContext extends FakeNews {
	n8n: N8nInstance;
	fake: Fake.FakeMeiGen;
	openAi: FakeOpenAi;
	execution: Execution;
	/** `n8n execute`'s output; none for a run a form resumed on the server. */
	cli?: CommandResult;
	/** A run that waited at a Wait form: what the test saw before answering it. */
	approval?: Approval;
	/** Runs the workflow again through its form (see e2e.test.ts runWithApproval). */
	approve: (beforeAnswer?: () => void) => Promise<{ execution: Execution; approval: Approval }>;
	/** The workflow as imported (after the script's rewrites). */
	workflow: WorkflowJson;
}

/** From now on, what `fake` sees: call the result when the example has run. */
export function fakeSince(fake: Fake.FakeMeiGen) {
	const added = <V>(map: Map<string, V>) => {
		const before = new Set(map.keys());
		return () => [...map].filter(([key]) => !before.has(key)).map(([, value]) => value);
	};
	const appended = <T>(list: T[]) => {
		const from = list.length;
		return () => list.slice(from);
	};
	const [jobs, runs] = [added(fake.jobs), added(fake.skillRuns)];
	const [uploads, references] = [added(fake.skillUploads), added(fake.uploads)];
	const [puts, requests] = [appended(fake.storagePuts), appended(fake.requests)];
	const cdn = appended(fake.cdnRequests);
	const creditsBefore = { ...fake.credits };
	return () => ({
		newJobs: jobs(),
		newSkillRuns: runs(),
		newSkillUploads: uploads(),
		newReferenceUploads: references(),
		newStoragePuts: puts(),
		newRequests: requests(),
		newCdnRequests: cdn(),
		creditsBefore,
	});
}

type MediaFile = { bytes: Buffer; mimeType: string; fileName: string };

const nodeNamed = (ctx: ExampleContext, name: string) =>
	ctx.workflow.nodes.find((node) => node.name === name);
const output = (ctx: ExampleContext, node: string) => nodeItems(ctx.execution.data, node);

/** How many of `requests` went to exactly `path` (query aside) with `method`. */
const requestsTo = (requests: Fake.RecordedRequest[], method: string, path: string) =>
	requests.filter((r) => r.method === method && r.path.split('?')[0] === path).length;
const cdnGets = (ctx: ExampleContext, path: string) => requestsTo(ctx.newCdnRequests, 'GET', path);
/** POST /api/generate/v2 requests: one per paid job, or a job was submitted twice. */
const submits = (ctx: ExampleContext) => requestsTo(ctx.newRequests, 'POST', '/api/generate/v2');

/** A CSV field as a spreadsheet writes it: quoted when it holds a comma, a quote or a line break. */
function csvField(value: unknown): string {
	const text = String(value ?? '');
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function spent({ creditsBefore: before, fake }: ExampleContext): number {
	return before.daily + before.purchased - fake.credits.daily - fake.credits.purchased;
}

/** `actual` holds `expected`'s values (those keys only); `what` names it in a failure. */
function expectFields(
	actual: object | undefined,
	expected: Record<string, unknown>,
	what?: string,
) {
	const values = actual as Record<string, unknown> | undefined;
	const shown = Object.fromEntries(Object.keys(expected).map((key) => [key, values?.[key]]));
	expect({ what, ...shown }).toEqual({ what, ...expected });
}

/** `ref` is `expected`, its file in n8n's filesystem binary store; `what` names it in a failure. */
async function checkBinary(
	ctx: ExampleContext,
	ref: BinaryRef | undefined,
	what: string,
	expected: MediaFile,
): Promise<void> {
	const id = ref?.id ?? '';
	const colon = id.indexOf(':');
	const inStore = colon > 0 && id.startsWith('filesystem');
	const { mimeType, fileName } = expected;
	expectFields({ ...ref, inStore }, { mimeType, fileName, inStore: true }, what);
	if (inStore)
		await expectFile(path.join(ctx.n8n.binaryStorage, id.slice(colon + 1)), expected.bytes);
}

/** The model ID a node of the example names (its Model field in ID mode). */
function configuredModel(ctx: ExampleContext, nodeName: string): string | undefined {
	const model = nodeNamed(ctx, nodeName)?.parameters.modelId as { value?: unknown } | undefined;
	return typeof model?.value === 'string' ? model.value : undefined;
}

/** The job went to the model the example's node names (one MeiGen lists today, or the fake refuses it). */
function checkModel(ctx: ExampleContext, job: Fake.FakeJob, nodeName: string): void {
	const model = configuredModel(ctx, nodeName) ?? 'none';
	expect({ nodeName, model: job.modelId }).toEqual({ nodeName, model });
}

function onlyJob(ctx: ExampleContext): Fake.FakeJob {
	expect(ctx.newJobs.length).toBe(1);
	return ctx.newJobs[0];
}

/** The example's one job, sent to the model `node` names, and the `count` items `node` output. */
function generated(ctx: ExampleContext, node: string, count = 1) {
	const job = onlyJob(ctx);
	const items = output(ctx, node);
	expect(items.length).toBe(count);
	checkModel(ctx, job, node);
	return { job, items };
}

function media(job: Fake.FakeJob, n: number, kind: Fake.MediaKind): MediaFile {
	return {
		bytes: expectedMediaBytes(job.id, n, kind, job.videoBytes),
		mimeType: kind === 'png' ? 'image/png' : 'video/mp4',
		fileName: `${job.id}${n === 0 ? '' : `-${n + 1}`}.${kind}`,
	};
}

/** A Skill result downloaded from the fake's CDN: what it served for that image. */
function skillMedia(generationId: string, fileName: string): MediaFile {
	return { bytes: expectedMediaBytes(generationId, 0, 'png'), mimeType: 'image/png', fileName };
}

/** A finished job's item and its file in `field` (Get Status's names no model). */
async function checkJobItem(
	ctx: ExampleContext,
	item: OutputItem | undefined,
	job: Fake.FakeJob,
	what: string,
	file: MediaFile,
	{ field = 'data', hasModel = true } = {},
): Promise<void> {
	const { id: generationId, mediaType, modelId } = job;
	const expected = { generationId, status: 'completed', mediaType, ...(hasModel && { modelId }) };
	expectFields(item?.json, expected, what);
	await checkBinary(ctx, item?.binary?.[field], `${what} binary "${field}"`, file);
}

/**
 * The answer the agent got from the MeiGen tool is its short JSON summary: one object per media
 * file with the job's IDs, URL, credits and status, and nothing else (no prompt echo, balance or
 * API extras, no binary).
 */
function checkToolSummary(toolResults: string[], generationId: string): void {
	const result = toolResults.find((text) => text.includes(generationId)) ?? '';
	const parsed: unknown = /^\s*\[/.test(result) ? JSON.parse(result) : undefined;
	const summary = Array.isArray(parsed) && parsed.length === 1 ? parsed[0] : undefined;
	const excerpt = result.slice(0, 300);
	expect({ summary: isRecord(summary), excerpt }).toEqual({ summary: true, excerpt });
	if (!isRecord(summary)) return;
	const fields = new Set<string>(SUMMARY_FIELDS);
	expect(Object.keys(summary).filter((key) => !fields.has(key))).toEqual([]);
	expectFields(summary, {
		generationId,
		status: 'completed',
		url: expect.stringContaining(generationId),
		creditsUsed: expect.any(Number),
	});
	expect(result.length).toBeLessThan(1000);
}

/**
 * The price of one image of a Skill as the fake's public catalog shows it: a number, `{ credits }`,
 * `{ perImage }`, or by mode and quality (white-bg).
 */
async function catalogPrice(
	ctx: ExampleContext,
	skill: string,
	variant?: { mode: string; quality: string },
): Promise<number> {
	const response = await fetch(`${ctx.fake.apiUrl}/skills?skill=${skill}`);
	const body = (await response.json()) as { skills?: Array<{ pricing?: unknown }> };
	let pricing = body.skills?.[0]?.pricing;
	if (variant && isRecord(pricing) && pricing[variant.mode] !== undefined)
		pricing = pricing[variant.mode];
	if (variant && isRecord(pricing) && typeof pricing[variant.quality] === 'number')
		return pricing[variant.quality] as number;
	const price = isRecord(pricing) ? (pricing.credits ?? pricing.perImage) : pricing;
	return present(typeof price === 'number' ? price : undefined, `${skill}'s catalog price`);
}

/** Runs of `skill` the example made: `count` of them, each sent once and neither refused nor replayed. */
function skillRuns(ctx: ExampleContext, skill: string, count = 1): Fake.FakeSkillRun[] {
	const runs = ctx.newSkillRuns.filter((run) => run.skill === skill);
	expect(runs.length).toBe(count);
	expect(requestsTo(ctx.newRequests, 'POST', `/api/skills/${skill}/run`)).toBe(count);
	for (const run of runs) expectFields(run, { refused: false, replays: 0 }, run.requestId);
	return runs;
}

/** The run's product image was uploaded from exactly these bytes and sent as the upload's URL. */
function checkProductImage(ctx: ExampleContext, run: Fake.FakeSkillRun, bytes: Buffer): void {
	const upload = ctx.newSkillUploads.find((candidate) => candidate.url === run.body.productImage);
	expectFields(upload, { purpose: 'reference', mimeType: 'image/png' });
	if (upload) expectBytes(upload.bytes, bytes);
}

/** Each item of the run finished and was charged the catalog's price once. */
function checkCharged(run: Fake.FakeSkillRun, price: number, images: number): void {
	expect(run.items.length).toBe(images);
	for (const item of run.items)
		expectFields(item, { status: 'completed', creditsUsed: price, creditsStatus: 'confirmed' });
}

/**
 * A Skill's output item (of `module`, for a Skill that makes several): the run's receipt, the
 * result's credits, and its file as the CDN served it, downloaded once. Returns the result and file.
 */
async function checkSkillOutput(
	ctx: ExampleContext,
	item: OutputItem | undefined,
	run: Fake.FakeSkillRun,
	what: string,
	module?: string,
): Promise<{ made: Fake.FakeSkillItem; file: MediaFile }> {
	const { skill, requestId } = run;
	const found = module ? run.items.find((candidate) => candidate.module === module) : run.items[0];
	const made = present(found, `${what}'s result at MeiGen`);
	const expected = { skill, requestId, status: 'completed', creditsUsed: made.creditsUsed };
	expectFields(item?.json, expected, what);
	const file = skillMedia(made.generationId, `${requestId}${module ? `-${module}` : ''}.png`);
	await checkBinary(ctx, item?.binary?.data, `${what} binary "data"`, file);
	expect(cdnGets(ctx, `/media/${made.generationId}/0.png`)).toBe(1);
	return { made, file };
}

/** A per-second rate from `{ tier: { res: n } }` or `{ res: n }`, or the check fails naming it. */
function perSecondRate(
	table: Record<string, number | Record<string, number>> | undefined,
	tier: string | undefined,
	resolution: string | undefined,
): number {
	const byTier = tier === undefined ? undefined : table?.[tier];
	const rate = isRecord(byTier) ? byTier[resolution ?? ''] : table?.[resolution ?? ''];
	const what = `the per-second rate for tier ${tier} at ${resolution}`;
	return present(typeof rate === 'number' ? rate : undefined, what);
}

/** Checks every example shares: the run succeeded and the API key stayed where it belongs. */
export function commonChecks(ctx: ExampleContext): void {
	const { execution, cli } = ctx;
	const error = execution.data.resultData.error;
	// A failed run shows n8n's last lines.
	const cliOutput = `${cli?.stdout ?? ''}\n${cli?.stderr ?? ''}`;
	const output =
		execution.status === 'success' ? undefined : cliOutput.split('\n').slice(-25).join('\n');
	expect({
		status: execution.status,
		error: error && `${error.node?.name ?? ''}: ${error.message}`,
		output,
	}).toEqual({ status: 'success', error: undefined, output: undefined });
	expect({
		'execution data': execution.raw.includes(TEST_API_KEY),
		'n8n output': cliOutput.includes(TEST_API_KEY),
	}).toEqual({ 'execution data': false, 'n8n output': false });
	for (const request of ctx.newCdnRequests) expect(request.headers.authorization).toBeUndefined();
	// The upload storage is not the API: the key must not go there.
	for (const put of ctx.newStoragePuts) {
		expect(put.authorization).toBeFalsy();
		expect(JSON.stringify(put.headers).includes(TEST_API_KEY)).toBe(false);
	}
	for (const job of ctx.newJobs) expect(job.auth).toBe('apiKey');
	for (const run of ctx.newSkillRuns) expect(run.tokenId).toBeDefined();
}

/**
 * Fake behaviour an example needs while it runs, undone afterwards. Example 10's loop waits as
 * long as the model's p90 says: a few seconds here, so n8n's Wait sleeps in-process (65 s or more
 * would park the `n8n execute` run; scripts/queue runs the loop parked).
 */
export type ExampleSetup = (
	fake: Fake.FakeMeiGen,
	jobDurations: Record<string, number>,
) => () => void;

/** Example 10: the estimate (p90) the Generate node reads, and how long the job really takes. */
const LOOP_P90_S = 3;
const LOOP_JOB_MS = 5000;

export const exampleSetups: Record<string, ExampleSetup> = {
	'10-long-video-without-holding-a-worker': (fake, jobDurations) => {
		const model = fake.models.find((spec) => spec.json.id === 'seedance-2-0');
		if (!model) throw new Error('the fake offers no seedance-2-0');
		const timing = { ...model.json.estimatedTiming };
		model.json.estimatedTiming = { ...timing, p90: LOOP_P90_S };
		fake.setJobDuration(model.json.id, LOOP_JOB_MS);
		return () => {
			model.json.estimatedTiming = timing;
			const usual = jobDurations[model.json.id];
			if (usual !== undefined) fake.setJobDuration(model.json.id, usual);
		};
	},
	'12-product-catalogue-batch': (fake) => {
		const runs = fake.skillRuns;
		let failed = false;
		runs.set = (requestId, run) => {
			if (!failed && photoOf(fake, run) === FAILS_ON_RECHECK.image) {
				failed = true;
				for (const item of run.items) item.outcome = 'fail';
			}
			return Map.prototype.set.call(runs, requestId, run) as typeof runs;
		};
		return () => {
			delete (runs as Partial<typeof runs>).set;
		};
	},
};

/** Example 12: the row whose job fails while Check Again waits for it. */
const FAILS_ON_RECHECK = { sku: 'LAMP-002', image: 'https://shop.example.com/images/lamp-002.jpg' };

/** The URL the run's product image was uploaded from, if it came by URL. */
function photoOf(fake: Fake.FakeMeiGen, run: Fake.FakeSkillRun): string | undefined {
	const uploads = [...fake.skillUploads.values()];
	return uploads.find((upload) => upload.url === run.body.productImage)?.sourceUrl;
}

export const exampleChecks: Record<string, (ctx: ExampleContext) => Promise<void>> = {
	'01-text-to-image-save-to-disk': async (ctx) => {
		const { job, items } = generated(ctx, 'Generate Image');
		expect(job.aspectRatio).toBe('16:9');
		await checkJobItem(ctx, items[0], job, 'Generate Image', media(job, 0, 'png'));
		expect(ctx.newCdnRequests.length).toBe(1);
		expect(output(ctx, 'Save Image to Disk').length).toBe(1);
		const written = path.join(ctx.n8n.filesFolder, `meigen-${job.id}.png`);
		await expectFile(written, media(job, 0, 'png').bytes);
	},

	'02-image-to-image': async (ctx) => {
		const { job, items } = generated(ctx, 'Generate from Reference Image');
		const set = ctx.workflow.nodes.find((node) => node.type === 'n8n-nodes-base.set');
		type Assignments = { assignments?: Array<{ value?: string }> } | undefined;
		const assigned = (set?.parameters.assignments as Assignments)?.assignments?.[0]?.value;
		const sketch = Buffer.from(assigned ?? '', 'base64');
		const [reference] = job.referenceImages;
		expect(job.referenceImages).toMatchObject([{ kind: 'data', mime: 'image/png' }]);
		if (reference?.kind === 'data') expectBytes(reference.bytes, sketch);
		const file = media(job, 0, 'png');
		const what = 'Generate from Reference Image';
		await checkJobItem(ctx, items[0], job, what, file, { field: 'image' });
	},

	'03-submit-now-fetch-later': async (ctx) => {
		const { job, items: submitted } = generated(ctx, 'Submit Generation');
		const finished = output(ctx, 'Get Finished Image');
		expect(finished.length).toBe(1);
		const { id: generationId, creditsUsed } = job;
		expectFields(submitted[0]?.json, { generationId, status: 'processing', creditsUsed });
		expect(submitted[0]?.binary).toBeUndefined();
		const file = media(job, 0, 'png');
		await checkJobItem(ctx, finished[0], job, 'Get Finished Image', file, { hasModel: false });
	},

	'04-text-to-video': async (ctx) => {
		const { job, items } = generated(ctx, 'Generate Video');
		expect(job.body.duration).toBe(5);
		await checkJobItem(ctx, items[0], job, 'Generate Video', media(job, 0, 'mp4'));
	},

	'05-midjourney-set': async (ctx) => {
		const { job, items } = generated(ctx, 'Generate Midjourney Set', 4);
		for (const [n, item] of items.entries())
			await checkJobItem(ctx, item, job, `item ${n + 1}`, media(job, n, 'png'));
	},

	'06-ai-agent-tool': async (ctx) => {
		const job = onlyJob(ctx);
		const answer = output(ctx, 'AI Agent');
		expect(answer.length).toBe(1);
		expect(ctx.openAi.requests.length).toBeGreaterThanOrEqual(2);
		expect((ctx.openAi.toolNames[0] ?? []).length).toBe(1);
		checkModel(ctx, job, 'MeiGen Create Image');
		expect(job.prompt).toBe(FAKE_OPENAI_PROMPT);
		checkToolSummary(ctx.openAi.toolResults, job.id);
		expect(String(answer[0]?.json.output ?? '')).toContain(job.id);
		expect(ctx.newCdnRequests.length).toBe(0);
	},

	'07-product-photo-cutout-ai-background': async (ctx) => {
		const photo = productPhotoBytes();
		expect(ctx.newJobs.length).toBe(0);
		expect(ctx.newSkillRuns.length).toBe(2);
		// The photo (the workflow's base64) is uploaded; the cut-out goes on as MeiGen's URL.
		expect(ctx.newSkillUploads.length).toBe(1);
		const cutOut = output(ctx, 'Remove Background');
		const final = output(ctx, 'Create AI Background');
		expect([cutOut.length, final.length]).toEqual([1, 1]);

		const [removeBg] = skillRuns(ctx, 'remove-bg');
		const [whiteBg] = skillRuns(ctx, 'white-bg');
		checkCharged(removeBg, await catalogPrice(ctx, 'remove-bg'), 1);
		const node = nodeNamed(ctx, 'Create AI Background');
		const mode = String(node?.parameters.mode);
		checkCharged(whiteBg, await catalogPrice(ctx, 'white-bg', { mode, quality: 'fast' }), 1);
		expectFields(whiteBg.body, { mode, customPrompt: node?.parameters.customPrompt, ratio: '1:1' });

		checkProductImage(ctx, removeBg, photo);
		expect(whiteBg.body.productImage).toBe(cutOut[0]?.json.url);
		const cutOutFile = (await checkSkillOutput(ctx, cutOut[0], removeBg, 'Remove Background')).file;
		// The photo has its background (an opaque RGB PNG); the fake's cut-out is a swatch of its own,
		// opaque too, so all it can show is that the result is not the photo.
		const opaque = { colourType: photo[25], cutOutIsPhoto: cutOutFile.bytes.equals(photo) };
		expect(opaque).toEqual({ colourType: 2, cutOutIsPhoto: false });
		const { made } = await checkSkillOutput(ctx, final[0], whiteBg, 'Create AI Background');
		expect(final[0]?.json.generationId).toBe(made.generationId);
	},

	'08-product-detail-images': async (ctx) => {
		const modules = ['hero', 'scene'];
		expect(ctx.newJobs.length).toBe(0);
		expect(ctx.newSkillRuns.length).toBe(1);
		expect(ctx.newSkillUploads.length).toBe(1);
		const items = output(ctx, 'Create Product Detail Images');
		expect(items.length).toBe(modules.length);
		expect(output(ctx, 'Save Images to Disk').length).toBe(modules.length);

		const [run] = skillRuns(ctx, 'product-detail');
		expect(run.body.modules).toEqual(modules);
		const fields = nodeNamed(ctx, 'Create Product Detail Images')?.parameters.additionalFields;
		const { productName } = (fields ?? {}) as Record<string, unknown>;
		expectFields(run.body, { productName, aspectRatio: '1:1' });
		expect(productName).toEqual(expect.any(String));
		checkProductImage(ctx, run, productPhotoBytes());
		// Charged the catalog's price once per module, and quoted that much beforehand.
		const price = await catalogPrice(ctx, 'product-detail');
		checkCharged(run, price, modules.length);

		for (const [n, module] of modules.entries()) {
			const item = items[n];
			const what = `item ${n + 1} (${module})`;
			const { made, file } = await checkSkillOutput(ctx, item, run, what, module);
			expectFields(item.json, { module, generationId: made.generationId }, what);
			expect(item.json.creditsQuoted).toBe(price * modules.length);
			await expectFile(path.join(ctx.n8n.filesFolder, file.fileName), file.bytes);
		}
	},

	'09-video-to-video': async (ctx) => {
		expect(ctx.newJobs.length).toBe(2);
		expect(submits(ctx)).toBe(2);
		const [clipJob, restyleJob] = [...ctx.newJobs].sort((a, b) => a.createdAt - b.createdAt);
		const clipItems = output(ctx, 'Generate Clip');
		const restyled = output(ctx, 'Restyle Clip');
		expect([clipItems.length, restyled.length]).toEqual([1, 1]);
		checkModel(ctx, clipJob, 'Generate Clip');
		checkModel(ctx, restyleJob, 'Restyle Clip');
		for (const job of [clipJob, restyleJob])
			expectFields(job, { dedupeCount: 0, creditsStatus: 'confirmed' }, job.id);

		// The first clip: text to video, at the plain per-second price.
		const clip = media(clipJob, 0, 'mp4');
		expect(clipJob.body.referenceVideos).toBeUndefined();
		await checkJobItem(ctx, clipItems[0], clipJob, 'Generate Clip', clip);

		// The clip is MeiGen's own result, unchanged: it goes on as its URL, nothing is uploaded.
		expect(requestsTo(ctx.newRequests, 'POST', '/api/upload/reference-video')).toBe(0);
		expect(ctx.newReferenceUploads.length).toBe(0);
		expect(ctx.newStoragePuts.length).toBe(0);

		// The second job names the clip's URL, and the prompt's [video1] points at it.
		expect(restyleJob.body.referenceVideos).toStrictEqual([clipItems[0]?.json.videoUrl]);
		expect(restyleJob.prompt).toBe(nodeNamed(ctx, 'Restyle Clip')?.parameters.prompt);
		expect(restyleJob.prompt).toContain('[video1]');

		// Charges: two jobs and nothing else; the second at the with-video price, quoted as charged.
		const models = await fetch(`${ctx.fake.apiUrl}/models?media_type=video`);
		const listed = ((await models.json()) as { models?: Fake.ModelJson[] }).models ?? [];
		const model = listed.find((candidate) => candidate.id === restyleJob.modelId);
		const cfg = present(model, `${restyleJob.modelId} in the model list`).extra_config;
		// Generate Clip names no tier or resolution: the model's defaults are billed.
		const plainRate = perSecondRate(cfg.pricingPerSec, cfg.defaultTier, cfg.defaultResolution);
		expect(clipJob.creditsUsed).toBe(plainRate * Number(clipJob.body.duration));
		const { tier, resolution } = restyleJob.body;
		const videoRate = perSecondRate(cfg.pricingPerSecWithVideo, String(tier), String(resolution));
		const clipSeconds = present(mp4Seconds(clip.bytes), "the first clip's length");
		const duration = Number(restyleJob.body.duration);
		const minimum = cfg.minBillableTable?.[String(duration)] ?? 0;
		const billed = Math.max(clipSeconds + duration, minimum);
		expect(restyleJob.creditsUsed).toBe(billed * videoRate);
		expect(restyleJob.creditsUsed).not.toBe(plainRate * duration);
		const purchased = ctx.creditsBefore.purchased - ctx.fake.credits.purchased;
		expect(purchased).toBe(clipJob.creditsUsed + restyleJob.creditsUsed);
		const jobOf = { 'Generate Clip': clipJob, 'Restyle Clip': restyleJob };
		for (const [node, { creditsUsed }] of Object.entries(jobOf))
			expectFields(output(ctx, node)[0]?.json, { creditsUsed, creditsQuoted: creditsUsed }, node);

		// The new clip: downloaded once and stored by n8n as MeiGen's CDN served it.
		await checkJobItem(ctx, restyled[0], restyleJob, 'Restyle Clip', media(restyleJob, 0, 'mp4'));
		for (const job of [clipJob, restyleJob]) expect(cdnGets(ctx, `/media/${job.id}/0.mp4`)).toBe(1);
		expect(ctx.newCdnRequests.length).toBe(2);
	},

	'10-long-video-without-holding-a-worker': async (ctx) => {
		const { job, items: submitted } = generated(ctx, 'Generate Video');
		expect(submits(ctx)).toBe(1);
		expect(job.body.duration).toBe(10);
		expect(job.dedupeCount).toBe(0);

		// Generate returns at once, saying when to look: MeiGen's p90, never below the Poll Interval (3 s).
		expectFields(submitted[0]?.json, {
			generationId: job.id,
			status: 'processing',
			creditsUsed: job.creditsUsed,
			checkAgainInSeconds: Math.max(LOOP_P90_S, 3),
		});
		expect(submitted[0]?.binary).toBeUndefined();

		// The loop went round: Check Status said done false (with when to look again) until the job was over.
		const { runData } = ctx.execution.data.resultData;
		const checks = runData['Check Status'] ?? [];
		const statusReads = requestsTo(ctx.newRequests, 'GET', `/api/generate/v2/status/${job.id}`);
		expect(checks.length).toBeGreaterThanOrEqual(2);
		expect((runData.Wait ?? []).length).toBe(checks.length);
		expect(statusReads).toBe(checks.length);
		expect(statusReads).toBeLessThanOrEqual(5);
		const pending = { done: false, status: 'processing', generationId: job.id, binary: undefined };
		for (const [n, run] of checks.slice(0, -1).entries()) {
			const item = run.data?.main?.[0]?.[0];
			expectFields({ ...item?.json, binary: item?.binary }, pending, `Check Status run ${n + 1}`);
			expect(item?.json.checkAgainInSeconds).toBeGreaterThanOrEqual(1);
		}
		const finished = output(ctx, 'Check Status');
		expect(finished.length).toBe(1);
		expectFields(finished[0]?.json, { done: true, checkAgainInSeconds: undefined });
		const clip = media(job, 0, 'mp4');
		await checkJobItem(ctx, finished[0], job, 'Check Status (last run)', clip, { hasModel: false });
		expect(output(ctx, 'Done?').length).toBe(1);

		// Charged once, downloaded once, written to disk as MeiGen served it.
		expect(ctx.newJobs.filter((candidate) => candidate.creditsUsed > 0).length).toBe(1);
		expect(job.creditsStatus).toBe('confirmed');
		expect(spent(ctx)).toBe(job.creditsUsed);
		expect(cdnGets(ctx, `/media/${job.id}/0.mp4`)).toBe(1);
		expect(output(ctx, 'Save Video to Disk').length).toBe(1);
		await expectFile(path.join(ctx.n8n.filesFolder, `meigen-${job.id}.mp4`), clip.bytes);
	},

	'11-approve-the-price-first': async (ctx) => {
		const approval = present(ctx.approval, 'the approval');
		// Before the answer: waiting at the form, which shows the quote; nothing paid or sent.
		expect(approval.waiting.status).toBe('waiting');
		const estimate = nodeItems(approval.waiting.data, 'Estimate Price')[0]?.json ?? {};
		const quote = estimate.creditsQuoted;
		expect(typeof quote).toBe('number');
		expect(estimate.modelId).toBe(configuredModel(ctx, 'Estimate Price'));
		const showsQuote = approval.form.includes(`${quote} credits`);
		expect({ status: approval.formStatus, showsQuote }).toEqual({ status: 200, showsQuote: true });
		expect(approval.requestsWhileWaiting.filter((request) => request.method !== 'GET')).toEqual([]);
		expect(approval.answerStatus).toBe(200);

		// Approved: one job, the estimate's model and prompt, charged exactly the quote.
		const job = onlyJob(ctx);
		expect(submits(ctx)).toBe(1);
		const items = output(ctx, 'Generate Video');
		expect(items.length).toBe(1);
		expectFields(job, { modelId: estimate.modelId, prompt: estimate.prompt });
		expect(job.creditsUsed).toBe(quote);
		expect(spent(ctx)).toBe(quote);
		expect(items[0]?.json.creditsQuoted).toBe(quote);
		await checkJobItem(ctx, items[0], job, 'Generate Video', media(job, 0, 'mp4'));

		// Max Credits is the approved quote: when the price rises while the form waits, the approved
		// run fails at Generate Video, and nothing is sent.
		const listed = ctx.fake.models.find((model) => model.json.id === job.modelId);
		const spec = present(listed, `${job.modelId} at the fake`);
		const table = present(spec.json.extra_config.pricingPerSec, `${job.modelId}'s prices`);
		const submitsBefore = ctx.fake.requestsTo('POST', '/generate/v2').length;
		const dearer = (_key: string, value: unknown) =>
			typeof value === 'number' ? value + 1 : value;
		const raisedTable = JSON.parse(JSON.stringify(table), dearer) as typeof table;
		const setPrices = (prices: typeof table) =>
			void (spec.json.extra_config.pricingPerSec = prices);
		const raised = await ctx.approve(() => setPrices(raisedTable)).finally(() => setPrices(table));
		const error = raised.execution.data.resultData.error;
		const failedAt = { status: raised.execution.status, node: error?.node?.name };
		expectFields(failedAt, { status: 'error', node: 'Generate Video' });
		expect(error?.message).toMatch(/^Over the credit budget/);
		expect(ctx.fake.requestsTo('POST', '/generate/v2').length).toBe(submitsBefore);
	},

	'12-product-catalogue-batch': async (ctx) => {
		// Two https rows become Skill runs, charged once each; the http:// row fails before anything
		// is sent. LAMP-002's job fails while Check Again waits for it (exampleSetups): refunded,
		// and into the failed rows, through Check Again's error output on n8n 2.x and through
		// Failed at MeiGen? on 1.x (which keeps an item with the job's IDs on the main output).
		const price = await catalogPrice(ctx, 'white-bg', { mode: 'white', quality: 'fast' });
		const runs = skillRuns(ctx, 'white-bg', 2);
		const rows = ['MUG-001', 'LAMP-002'].map((sku) => {
			const image = `https://shop.example.com/images/${sku.toLowerCase()}.jpg`;
			const run = runs.find((candidate) => photoOf(ctx.fake, candidate) === image);
			return { sku, image, run: present(run, `${sku}'s run`), file: `catalogue-${sku}.png` };
		});
		const fails = (sku: string) => sku === FAILS_ON_RECHECK.sku;
		const done = rows.filter(({ sku }) => !fails(sku));
		for (const { run } of done) checkCharged(run, price, 1);
		for (const { run } of rows.filter(({ sku }) => fails(sku)))
			expectFields(run.items[0], { status: 'failed', creditsStatus: 'refunded' }, 'failed row');
		expect(spent(ctx)).toBe(price * done.length);
		const uploadedFrom = ctx.newSkillUploads.map((upload) => upload.sourceUrl);
		expect(uploadedFrom.sort()).toEqual(rows.map(({ image }) => image).sort());

		// Each image on disk is what the CDN served; the result CSV names it with its receipt.
		for (const { run, file } of done) {
			const made = skillMedia(run.items[0]?.generationId ?? '', file);
			await expectFile(path.join(ctx.n8n.filesFolder, file), made.bytes);
		}
		expect(existsSync(path.join(ctx.n8n.filesFolder, rows[1].file))).toBe(false);
		const csv = async (file: string) =>
			(await readFile(path.join(ctx.n8n.filesFolder, file), 'utf8'))
				.replace(/^\uFEFF/, '')
				.trim()
				.split('\n');
		expect(await csv('catalogue-results.csv')).toEqual([
			'sku,file,status,creditsUsed,requestId',
			...done.map(({ sku, run, file }) =>
				[sku, file, 'completed', run.items[0]?.creditsUsed, run.requestId].join(','),
			),
		]);
		// Failed rows, from either node's error output, keep their row's SKU and photo URL.
		const failed = output(ctx, 'Failed Row');
		const tote = { sku: 'TOTE-003', imageUrl: 'http://shop.example.com/images/tote-003.jpg' };
		const lamp = { sku: FAILS_ON_RECHECK.sku, imageUrl: FAILS_ON_RECHECK.image };
		const expected = [tote, lamp];
		expect(failed.map(({ json }) => json)).toMatchObject(expected);
		expect(failed[0]?.json.error).toMatch(/http:\/\//);
		expect(failed[1]?.json.error).toContain(FAILED_MODULE_ERROR);
		expect(await csv('catalogue-failed.csv')).toEqual([
			'sku,imageUrl,error',
			...failed.map(({ json }) => [json.sku, json.imageUrl, csvField(json.error)].join(',')),
		]);

		// Pay Once per Input: the same workflow again finds every receipt, sends no run and pays
		// nothing; a row whose job failed stays failed.
		const [runsBefore, creditsBefore] = [ctx.fake.skillRuns.size, { ...ctx.fake.credits }];
		const sentBefore = ctx.fake.requestsTo('POST', '/skills/white-bg/run').length;
		const again = await ctx.n8n.execute(ctx.workflow.id ?? '');
		expect(again.execution.status).toBe('success');
		expect(ctx.fake.skillRuns.size).toBe(runsBefore);
		expect(ctx.fake.requestsTo('POST', '/skills/white-bg/run').length).toBe(sentBefore);
		expect(ctx.fake.credits).toEqual(creditsBefore);
		const requestIds = nodeItems(again.execution.data, 'Result Row').map((i) => i.json.requestId);
		expect(requestIds).toEqual(done.map(({ run }) => run.requestId));
		// Failed rows fail again at the first node, unpaid: a failed job's receipt comes back.
		const failedAgain = nodeItems(again.execution.data, 'Failed Row').map((i) => i.json.sku);
		expect(failedAgain.sort()).toEqual(expected.map(({ sku }) => sku).sort());
	},

	'combined-mode-chain': async (ctx) => {
		// The Code node's PNG, which n8n moved to json._files.photo and stored.
		const code = String(nodeNamed(ctx, 'Make Photo')?.parameters.jsCode);
		const png = Buffer.from(/const png = '([^']+)'/.exec(code)?.[1] ?? '', 'base64');
		const files = (node: string, key = 'data') => {
			const item = output(ctx, node)[0];
			expect(item?.binary).toBeUndefined();
			return (item?.json._files as Record<string, BinaryRef> | undefined)?.[key];
		};
		const photo = { bytes: png, mimeType: 'image/png', fileName: 'photo.png' };
		await checkBinary(ctx, files('Make Photo', 'photo'), 'Make Photo _files.photo', photo);

		// Generate got those bytes as its reference image; its image is in _files.data.
		const job = onlyJob(ctx);
		const [reference] = job.referenceImages;
		expect(job.referenceImages).toMatchObject([{ kind: 'data' }]);
		if (reference?.kind === 'data') expectBytes(reference.bytes, png);
		const generated = media(job, 0, 'png');
		await checkBinary(ctx, files('Generate from Photo'), 'Generate _files.data', generated);

		// Remove Background was sent the generated image's URL: nothing uploaded.
		const [run] = skillRuns(ctx, 'remove-bg');
		expect(ctx.newSkillUploads.length).toBe(0);
		expect(run.body.productImage).toBe(job.mediaUrls[0]);
		const cutOut = skillMedia(run.items[0]?.generationId ?? '', `${run.requestId}.png`);
		await checkBinary(ctx, files('Remove Background'), 'Remove Background _files.data', cutOut);

		// Read/Write Files wrote the cut-out from _files.data.
		expect(output(ctx, 'Save Cut-out').length).toBe(1);
		await expectFile(path.join(ctx.n8n.filesFolder, `cutout-${run.requestId}.png`), cutOut.bytes);
	},
};
