/**
 * What each workflow in examples/ must produce when it runs in a real n8n against the fake MeiGen.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import {
	expectedMediaBytes,
	TEST_API_KEY,
	type FakeJob,
	type FakeMeiGen,
	type FakeSkillRun,
	type FakeSkillUpload,
	type FakeUpload,
	type MediaKind,
	type ModelJson,
	mp4Seconds,
	type RecordedRequest,
	type StoragePut,
} from '../../test/fake-server';
import { SUMMARY_FIELDS } from '../../nodes/MeiGen/actions/aiTool';
import { FAKE_OPENAI_PROMPT, type FakeOpenAi } from '../lib/fake-openai';
import type { BinaryRef, CliResult, Execution, N8nInstance, OutputItem } from '../lib/n8n';
import { PRODUCT_PHOTO_PATH, productPhotoBytes } from '../lib/samples';

export interface ExampleContext {
	n8n: N8nInstance;
	fake: FakeMeiGen;
	openAi: FakeOpenAi;
	execution: Execution;
	cli: CliResult;
	/** The workflow as imported (after the script's rewrites). */
	workflow: WorkflowJson;
	/** Jobs the fake server created while this example ran. */
	newJobs: FakeJob[];
	/** Skill receipts (accepted runs and kept refusals) created while this example ran. */
	newSkillRuns: FakeSkillRun[];
	/** Skill image uploads made while this example ran. */
	newSkillUploads: FakeSkillUpload[];
	/** Reference video/audio uploads presigned while this example ran. */
	newReferenceUploads: FakeUpload[];
	/** PUTs the upload storage host received while this example ran. */
	newStoragePuts: StoragePut[];
	/** The account's credits when this example started. */
	creditsBefore: { daily: number; purchased: number };
	/** API requests made while this example ran. */
	newRequests: RecordedRequest[];
	/** CDN requests made while this example ran. */
	newCdnRequests: FakeMeiGen['cdnRequests'];
	/** The folder the file nodes may write to. */
	filesFolder: string;
}

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface WorkflowJson {
	id?: string;
	name: string;
	active?: boolean;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

/** Collects failed expectations instead of stopping at the first. */
export class Expect {
	readonly failures: string[] = [];

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

export function nodeOutput(execution: Execution, nodeName: string): OutputItem[] {
	const runs = execution.data.resultData.runData[nodeName];
	if (!runs?.length) return [];
	const last = runs[runs.length - 1];
	return last.data?.main?.[0] ?? [];
}

/** The file behind a filesystem binary reference: `<storage>/<id without its mode prefix>`. */
export function binaryPath(n8n: N8nInstance, ref: BinaryRef): string | undefined {
	if (!ref.id) return undefined;
	const colon = ref.id.indexOf(':');
	const mode = ref.id.slice(0, colon);
	if (!mode.startsWith('filesystem')) return undefined;
	return path.join(n8n.binaryStorage, ref.id.slice(colon + 1));
}

async function checkBinary(
	expect: Expect,
	ctx: ExampleContext,
	ref: BinaryRef | undefined,
	what: string,
	expected: { bytes: Buffer; mimeType: string; fileName: string },
): Promise<void> {
	if (!expect.that(ref !== undefined, `${what}: no binary data`) || !ref) return;
	expect.equal(ref.mimeType, expected.mimeType, `${what} mimeType`);
	expect.equal(ref.fileName, expected.fileName, `${what} fileName`);
	const file = binaryPath(ctx.n8n, ref);
	if (
		!expect.that(
			file !== undefined,
			`${what}: not in filesystem binary storage (id ${JSON.stringify(ref.id)})`,
		) ||
		!file
	)
		return;
	if (!expect.that(existsSync(file), `${what}: ${file} does not exist`)) return;
	const bytes = await readFile(file);
	expect.that(
		bytes.equals(expected.bytes),
		`${what}: ${file} holds ${bytes.length} bytes that differ from the ${expected.bytes.length} MeiGen served`,
	);
}

/** The model ID a node of the example names (its Model field in ID mode). */
function configuredModel(ctx: ExampleContext, nodeName: string): string | undefined {
	const node = ctx.workflow.nodes.find((candidate) => candidate.name === nodeName);
	const model = node?.parameters.modelId as { value?: unknown } | undefined;
	return typeof model?.value === 'string' ? model.value : undefined;
}

/** The job went to the model the example's node names (one MeiGen lists today, or the fake refuses it). */
function checkModel(expect: Expect, ctx: ExampleContext, job: FakeJob, nodeName: string): void {
	const model = configuredModel(ctx, nodeName);
	if (expect.that(model !== undefined, `${nodeName} names no model ID`))
		expect.equal(job.modelId, model, 'model submitted');
}

function onlyJob(expect: Expect, ctx: ExampleContext): FakeJob | undefined {
	expect.equal(ctx.newJobs.length, 1, 'jobs submitted to MeiGen');
	return ctx.newJobs[0];
}

function media(
	job: FakeJob,
	n: number,
	kind: MediaKind,
): { bytes: Buffer; mimeType: string; fileName: string } {
	const suffix = n === 0 ? '' : `-${n + 1}`;
	return {
		bytes: expectedMediaBytes(job.id, n, kind, job.videoBytes),
		mimeType: kind === 'png' ? 'image/png' : 'video/mp4',
		fileName: `${job.id}${suffix}.${kind}`,
	};
}

function checkCompletedItem(
	expect: Expect,
	item: OutputItem | undefined,
	job: FakeJob,
	what: string,
	hasModel = true,
): void {
	if (!expect.that(item !== undefined, `${what}: no output item`) || !item) return;
	expect.equal(item.json.generationId, job.id, `${what} generationId`);
	expect.equal(item.json.status, 'completed', `${what} status`);
	expect.equal(item.json.mediaType, job.mediaType, `${what} mediaType`);
	// The status route does not name the model, so Get Status cannot either.
	if (hasModel) expect.equal(item.json.modelId, job.modelId, `${what} modelId`);
}

/** What the MeiGen tool may tell a model about a job. */
const TOOL_SUMMARY_FIELDS = new Set<string>(SUMMARY_FIELDS);

/**
 * The answer the agent got from the MeiGen tool is its short JSON summary: one object per media
 * file with the job's IDs, URL, credits and status, and nothing else (no prompt echo, balance or
 * API extras, no binary).
 */
function checkToolSummary(expect: Expect, toolResults: string[], generationId: string): void {
	const result = toolResults.find((text) => text.includes(generationId)) ?? '';
	let parsed: unknown;
	try {
		parsed = JSON.parse(result);
	} catch {
		parsed = undefined;
	}
	const summary = Array.isArray(parsed) && parsed.length === 1 ? parsed[0] : undefined;
	if (!isRecord(summary)) {
		expect.that(false, `the tool's answer is not a one-item JSON summary: ${result.slice(0, 300)}`);
		return;
	}
	const extra = Object.keys(summary).filter((key) => !TOOL_SUMMARY_FIELDS.has(key));
	expect.equal(extra.join(', '), '', "fields in the tool's answer beyond the summary");
	expect.equal(summary.generationId, generationId, "the tool's answer: generationId");
	expect.equal(summary.status, 'completed', "the tool's answer: status");
	expect.that(
		typeof summary.url === 'string' && summary.url.includes(generationId),
		`the tool's answer has no media URL of the job: ${JSON.stringify(summary.url)}`,
	);
	expect.that(
		typeof summary.creditsUsed === 'number',
		`the tool's answer has no credits: ${JSON.stringify(summary)}`,
	);
	expect.that(result.length < 1000, `the tool's answer is ${result.length} characters long`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The price of one image of a Skill as the fake's public catalog shows it: a number, `{ credits }`,
 * `{ perImage }`, or by mode and quality (white-bg).
 */
async function catalogPrice(
	ctx: ExampleContext,
	skill: string,
	variant?: { mode: string; quality: string },
): Promise<number | undefined> {
	const response = await fetch(`${ctx.fake.apiUrl}/skills?skill=${skill}`);
	const body = (await response.json()) as { skills?: Array<{ pricing?: unknown }> };
	let pricing = body.skills?.[0]?.pricing;
	if (variant && isRecord(pricing) && pricing[variant.mode] !== undefined)
		pricing = pricing[variant.mode];
	if (variant && isRecord(pricing) && typeof pricing[variant.quality] === 'number')
		return pricing[variant.quality] as number;
	if (typeof pricing === 'number') return pricing;
	const nested = isRecord(pricing) ? (pricing.credits ?? pricing.perImage) : undefined;
	return typeof nested === 'number' ? nested : undefined;
}

/** The one Skill run of this kind the example made (a second would be a second charge). */
function onlySkillRun(
	expect: Expect,
	ctx: ExampleContext,
	skill: string,
): FakeSkillRun | undefined {
	const runs = ctx.newSkillRuns.filter((run) => run.skill === skill);
	expect.equal(runs.length, 1, `${skill} runs received`);
	const submits = ctx.newRequests.filter(
		(request) =>
			request.method === 'POST' && request.path.split('?')[0] === `/api/skills/${skill}/run`,
	);
	expect.equal(submits.length, 1, `POST /api/skills/${skill}/run requests`);
	const run = runs[0];
	if (run) {
		expect.equal(run.refused, false, `${skill} run refused`);
		expect.equal(run.replays, 0, `${skill} run replays`);
	}
	return run;
}

/** The run's product image was uploaded from exactly these bytes and sent as the upload's URL. */
function checkProductImage(
	expect: Expect,
	ctx: ExampleContext,
	run: FakeSkillRun,
	bytes: Buffer,
	what: string,
): void {
	const url = run.body.productImage;
	const upload = ctx.newSkillUploads.find((candidate) => candidate.url === url);
	if (
		!expect.that(
			upload !== undefined,
			`${run.skill} productImage ${JSON.stringify(url)} is not an upload of this example`,
		) ||
		!upload
	)
		return;
	expect.equal(upload.purpose, 'reference', `${run.skill} upload purpose`);
	expect.equal(upload.mimeType, 'image/png', `${run.skill} upload MIME type`);
	expect.that(
		upload.bytes.equals(bytes),
		`${run.skill} uploaded ${upload.bytes.length} bytes that differ from ${what} (${bytes.length} bytes)`,
	);
}

/** Each item of the run finished and was charged the catalog's price once. */
function checkCharged(
	expect: Expect,
	run: FakeSkillRun,
	price: number | undefined,
	images: number,
): void {
	if (!expect.that(price !== undefined, `the catalog shows no price for ${run.skill}`)) return;
	expect.equal(run.items.length, images, `${run.skill} images made`);
	for (const item of run.items) {
		const what = `${run.skill} image ${item.module ?? item.generationId}`;
		expect.equal(item.status, 'completed', `${what} status`);
		expect.equal(item.creditsUsed, price, `${what} credits charged`);
		expect.equal(item.creditsStatus, 'confirmed', `${what} credits status`);
	}
}

/** A Skill result downloaded from the fake's CDN: what it served for that image. */
function skillMedia(
	generationId: string,
	fileName: string,
): { bytes: Buffer; mimeType: string; fileName: string } {
	return { bytes: expectedMediaBytes(generationId, 0, 'png'), mimeType: 'image/png', fileName };
}

function cdnGets(ctx: ExampleContext, path: string): number {
	return ctx.newCdnRequests.filter(
		(request) => request.method === 'GET' && request.path.split('?')[0] === path,
	).length;
}

function checkSkillItem(
	expect: Expect,
	item: OutputItem | undefined,
	run: FakeSkillRun,
	what: string,
): void {
	if (!expect.that(item !== undefined, `${what}: no output item`) || !item) return;
	expect.equal(item.json.skill, run.skill, `${what} skill`);
	expect.equal(item.json.requestId, run.requestId, `${what} requestId`);
	expect.equal(item.json.status, 'completed', `${what} status`);
}

/** A model's entry as the fake's public GET /models shows it. */
async function catalogModel(ctx: ExampleContext, modelId: string): Promise<ModelJson | undefined> {
	const response = await fetch(`${ctx.fake.apiUrl}/models?media_type=video`);
	const body = (await response.json()) as { models?: ModelJson[] };
	return body.models?.find((model) => model.id === modelId);
}

/** A per-second rate from `{ tier: { res: n } }` or `{ res: n }`. */
function perSecondRate(
	table: Record<string, number | Record<string, number>> | undefined,
	tier: string | undefined,
	resolution: string | undefined,
): number | undefined {
	const byTier = tier === undefined ? undefined : table?.[tier];
	const rate = isRecord(byTier) ? byTier[resolution ?? ''] : table?.[resolution ?? ''];
	return typeof rate === 'number' ? rate : undefined;
}

/** POST /api/generate/v2 requests: one per paid job, or a job was submitted twice. */
function submits(ctx: ExampleContext): number {
	return ctx.newRequests.filter(
		(request) => request.method === 'POST' && request.path.split('?')[0] === '/api/generate/v2',
	).length;
}

/** Checks every example shares: the run succeeded and the API key stayed where it belongs. */
export function commonChecks(expect: Expect, ctx: ExampleContext): void {
	const error = ctx.execution.data.resultData.error;
	expect.equal(
		ctx.execution.status,
		'success',
		`execution ${ctx.execution.id} status${error?.message ? ` (${error.node?.name ?? ''}: ${error.message})` : ''}`,
	);
	for (const [where, text] of [
		['execution data', ctx.execution.raw],
		['n8n output', `${ctx.cli.stdout}\n${ctx.cli.stderr}`],
	] as const) {
		expect.that(!text.includes(TEST_API_KEY), `the API key appears in the ${where}`);
	}
	for (const request of ctx.newCdnRequests) {
		expect.that(
			request.headers.authorization === undefined,
			`CDN request ${request.path} carried an Authorization header`,
		);
	}
	// The upload storage is not the API: the key must not go there.
	for (const put of ctx.newStoragePuts) {
		expect.that(!put.authorization, `storage PUT ${put.key} carried an Authorization header`);
		expect.that(
			!JSON.stringify(put.headers).includes(TEST_API_KEY),
			`storage PUT ${put.key} carried the API key`,
		);
	}
	for (const job of ctx.newJobs) {
		expect.equal(job.auth, 'apiKey', `job ${job.id} authenticated with`);
	}
	for (const run of ctx.newSkillRuns) {
		expect.that(
			run.tokenId !== undefined,
			`Skill run ${run.requestId} was not made with an API key`,
		);
	}
}

/**
 * Fake behaviour an example needs while it runs, undone afterwards. Example 10's loop waits as
 * long as MeiGen's estimate for the model (its p90) says: a few seconds here, so n8n's Wait node
 * sleeps in-process (a wait of 65 s or more would park the `n8n execute` run). The queue-mode test
 * runs the same loop parked (scripts/queue).
 */
export type ExampleSetup = (fake: FakeMeiGen, jobDurations: Record<string, number>) => () => void;

/** Example 10: the estimate (p90) the Generate node reads, and how long the job really takes. */
export const LOOP_P90_S = 3;
export const LOOP_JOB_MS = 5000;

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
};

export type ExampleCheck = (expect: Expect, ctx: ExampleContext) => Promise<void>;

export const exampleChecks: Record<string, ExampleCheck> = {
	'01-text-to-image-save-to-disk': async (expect, ctx) => {
		const job = onlyJob(expect, ctx);
		const items = nodeOutput(ctx.execution, 'Generate Image');
		expect.equal(items.length, 1, 'Generate Image items');
		if (!job) return;
		checkModel(expect, ctx, job, 'Generate Image');
		expect.equal(job.aspectRatio, '16:9', 'aspect ratio submitted');
		checkCompletedItem(expect, items[0], job, 'Generate Image');
		await checkBinary(
			expect,
			ctx,
			items[0]?.binary?.data,
			'Generate Image binary "data"',
			media(job, 0, 'png'),
		);
		expect.equal(ctx.newCdnRequests.length, 1, 'media downloads');
		const written = path.join(ctx.filesFolder, `meigen-${job.id}.png`);
		expect.equal(
			nodeOutput(ctx.execution, 'Save Image to Disk').length,
			1,
			'Save Image to Disk items',
		);
		if (expect.that(existsSync(written), `Save Image to Disk wrote no ${written}`)) {
			const bytes = await readFile(written);
			expect.that(
				bytes.equals(media(job, 0, 'png').bytes),
				`${written} differs from the image MeiGen served`,
			);
		}
	},

	'02-image-to-image': async (expect, ctx) => {
		const job = onlyJob(expect, ctx);
		const items = nodeOutput(ctx.execution, 'Generate from Reference Image');
		expect.equal(items.length, 1, 'Generate from Reference Image items');
		if (!job) return;
		const set = ctx.workflow.nodes.find((node) => node.type === 'n8n-nodes-base.set');
		const assignments = (
			set?.parameters.assignments as { assignments?: Array<{ value?: string }> } | undefined
		)?.assignments;
		const sketch = Buffer.from(assignments?.[0]?.value ?? '', 'base64');
		expect.equal(job.referenceImages.length, 1, 'reference images received');
		checkModel(expect, ctx, job, 'Generate from Reference Image');
		const reference = job.referenceImages[0];
		if (
			expect.equal(reference?.kind, 'data', 'reference image sent as') &&
			reference?.kind === 'data'
		) {
			expect.equal(reference.mime, 'image/png', 'reference image MIME type');
			expect.that(
				reference.bytes.equals(sketch),
				`the inline reference (${reference.bytes.length} bytes) differs from the sketch (${sketch.length} bytes)`,
			);
		}
		checkCompletedItem(expect, items[0], job, 'Generate from Reference Image');
		await checkBinary(expect, ctx, items[0]?.binary?.image, 'binary "image"', media(job, 0, 'png'));
	},

	'03-submit-now-fetch-later': async (expect, ctx) => {
		const job = onlyJob(expect, ctx);
		const submitted = nodeOutput(ctx.execution, 'Submit Generation');
		const finished = nodeOutput(ctx.execution, 'Get Finished Image');
		expect.equal(submitted.length, 1, 'Submit Generation items');
		expect.equal(finished.length, 1, 'Get Finished Image items');
		if (!job) return;
		checkModel(expect, ctx, job, 'Submit Generation');
		expect.equal(submitted[0]?.json.generationId, job.id, 'Submit Generation generationId');
		expect.equal(submitted[0]?.json.status, 'processing', 'Submit Generation status');
		expect.equal(submitted[0]?.json.creditsUsed, job.creditsUsed, 'Submit Generation creditsUsed');
		expect.equal(submitted[0]?.binary, undefined, 'Submit Generation binary');
		checkCompletedItem(expect, finished[0], job, 'Get Finished Image', false);
		await checkBinary(
			expect,
			ctx,
			finished[0]?.binary?.data,
			'Get Finished Image binary "data"',
			media(job, 0, 'png'),
		);
	},

	'04-text-to-video': async (expect, ctx) => {
		const job = onlyJob(expect, ctx);
		const items = nodeOutput(ctx.execution, 'Generate Video');
		expect.equal(items.length, 1, 'Generate Video items');
		if (!job) return;
		checkModel(expect, ctx, job, 'Generate Video');
		expect.equal(job.body.duration, 5, 'duration submitted');
		checkCompletedItem(expect, items[0], job, 'Generate Video');
		await checkBinary(
			expect,
			ctx,
			items[0]?.binary?.data,
			'Generate Video binary "data"',
			media(job, 0, 'mp4'),
		);
	},

	'05-midjourney-set': async (expect, ctx) => {
		const job = onlyJob(expect, ctx);
		const items = nodeOutput(ctx.execution, 'Generate Midjourney Set');
		expect.equal(items.length, 4, 'Generate Midjourney Set items');
		if (!job) return;
		checkModel(expect, ctx, job, 'Generate Midjourney Set');
		for (let n = 0; n < items.length; n++) {
			checkCompletedItem(expect, items[n], job, `item ${n + 1}`);
			await checkBinary(
				expect,
				ctx,
				items[n]?.binary?.data,
				`item ${n + 1} binary "data"`,
				media(job, n, 'png'),
			);
		}
	},

	'06-ai-agent-tool': async (expect, ctx) => {
		const job = onlyJob(expect, ctx);
		const answer = nodeOutput(ctx.execution, 'AI Agent');
		expect.equal(answer.length, 1, 'AI Agent items');
		expect.that(
			ctx.openAi.requests.length >= 2,
			`the chat model was asked ${ctx.openAi.requests.length} times, expected a tool call and an answer`,
		);
		const offered = ctx.openAi.toolNames[0] ?? [];
		expect.that(offered.length === 1, `tools offered to the model: ${JSON.stringify(offered)}`);
		if (!job) return;
		checkModel(expect, ctx, job, 'MeiGen Create Image');
		expect.equal(job.prompt, FAKE_OPENAI_PROMPT, 'prompt the agent passed to MeiGen');
		expect.that(
			ctx.openAi.toolResults.some((result) => result.includes(job.id)),
			`the tool result given to the model does not name generation ${job.id}: ${ctx.openAi.toolResults.join(' | ').slice(0, 300)}`,
		);
		checkToolSummary(expect, ctx.openAi.toolResults, job.id);
		const output = String(answer[0]?.json.output ?? '');
		expect.that(
			output.includes(job.id),
			`the agent's answer does not name generation ${job.id}: ${JSON.stringify(output)}`,
		);
		expect.equal(ctx.newCdnRequests.length, 0, 'media downloads (Download is off in the tool)');
	},

	'07-product-photo-cutout-ai-background': async (expect, ctx) => {
		const photo = productPhotoBytes();
		expect.equal(ctx.newJobs.length, 0, 'image generation jobs submitted');
		expect.equal(ctx.newSkillRuns.length, 2, 'Skill runs received');
		expect.equal(ctx.newSkillUploads.length, 2, 'Skill image uploads');
		expect.equal(cdnGets(ctx, PRODUCT_PHOTO_PATH), 1, 'downloads of the product photo');
		const cutOut = nodeOutput(ctx.execution, 'Remove Background');
		const final = nodeOutput(ctx.execution, 'Create AI Background');
		expect.equal(cutOut.length, 1, 'Remove Background items');
		expect.equal(final.length, 1, 'Create AI Background items');

		const removeBg = onlySkillRun(expect, ctx, 'remove-bg');
		const whiteBg = onlySkillRun(expect, ctx, 'white-bg');
		if (!removeBg || !whiteBg) return;
		checkCharged(expect, removeBg, await catalogPrice(ctx, 'remove-bg'), 1);
		const node = ctx.workflow.nodes.find((candidate) => candidate.name === 'Create AI Background');
		const mode = String(node?.parameters.mode);
		checkCharged(
			expect,
			whiteBg,
			await catalogPrice(ctx, 'white-bg', { mode, quality: 'fast' }),
			1,
		);
		expect.equal(whiteBg.body.mode, mode, 'white-bg mode sent');
		expect.equal(
			whiteBg.body.customPrompt,
			node?.parameters.customPrompt,
			'white-bg customPrompt sent',
		);
		expect.equal(whiteBg.body.ratio, '1:1', 'white-bg ratio sent');

		// The photo goes in as it was downloaded; the cut-out goes on as MeiGen served it.
		checkProductImage(expect, ctx, removeBg, photo, 'the downloaded product photo');
		const cutOutId = removeBg.items[0]?.generationId ?? '';
		const cutOutFile = skillMedia(cutOutId, `${removeBg.requestId}.png`);
		checkProductImage(expect, ctx, whiteBg, cutOutFile.bytes, 'the cut-out MeiGen served');
		checkSkillItem(expect, cutOut[0], removeBg, 'Remove Background item');
		expect.equal(
			cutOut[0]?.json.creditsUsed,
			removeBg.items[0]?.creditsUsed,
			'Remove Background creditsUsed',
		);
		await checkBinary(
			expect,
			ctx,
			cutOut[0]?.binary?.data,
			'Remove Background binary "data"',
			cutOutFile,
		);

		const background = whiteBg.items[0];
		checkSkillItem(expect, final[0], whiteBg, 'Create AI Background item');
		expect.equal(
			final[0]?.json.generationId,
			background?.generationId,
			'Create AI Background generationId',
		);
		expect.equal(
			final[0]?.json.creditsUsed,
			background?.creditsUsed,
			'Create AI Background creditsUsed',
		);
		await checkBinary(
			expect,
			ctx,
			final[0]?.binary?.data,
			'Create AI Background binary "data"',
			skillMedia(background?.generationId ?? '', `${whiteBg.requestId}.png`),
		);
		for (const item of [removeBg.items[0], background]) {
			expect.equal(
				cdnGets(ctx, `/media/${item?.generationId}/0.png`),
				1,
				`downloads of result ${item?.generationId}`,
			);
		}
	},

	'08-product-detail-images': async (expect, ctx) => {
		const modules = ['hero', 'scene'];
		expect.equal(ctx.newJobs.length, 0, 'image generation jobs submitted');
		expect.equal(ctx.newSkillRuns.length, 1, 'Skill runs received');
		expect.equal(ctx.newSkillUploads.length, 1, 'Skill image uploads');
		expect.equal(cdnGets(ctx, PRODUCT_PHOTO_PATH), 1, 'downloads of the product photo');
		const items = nodeOutput(ctx.execution, 'Create Product Detail Images');
		expect.equal(items.length, modules.length, 'Create Product Detail Images items');
		expect.equal(
			nodeOutput(ctx.execution, 'Save Images to Disk').length,
			modules.length,
			'Save Images to Disk items',
		);

		const run = onlySkillRun(expect, ctx, 'product-detail');
		if (!run) return;
		expect.equal(JSON.stringify(run.body.modules), JSON.stringify(modules), 'modules sent');
		expect.equal(run.body.productName, 'Translucent polyhedral dice set', 'productName sent');
		expect.equal(run.body.aspectRatio, '1:1', 'aspectRatio sent');
		checkProductImage(expect, ctx, run, productPhotoBytes(), 'the downloaded product photo');
		// Charged the catalog's price once per module, and quoted that much beforehand.
		const price = await catalogPrice(ctx, 'product-detail');
		checkCharged(expect, run, price, modules.length);
		const charged = run.items.reduce((sum, item) => sum + item.creditsUsed, 0);
		if (price !== undefined)
			expect.equal(charged, price * modules.length, 'product-detail credits charged');

		for (const [n, module] of modules.entries()) {
			const item = items[n];
			const made = run.items.find((candidate) => candidate.module === module);
			const what = `item ${n + 1} (${module})`;
			checkSkillItem(expect, item, run, what);
			if (!item || !expect.that(made !== undefined, `the ${module} image was not made`) || !made)
				continue;
			expect.equal(item.json.module, module, `${what} module`);
			expect.equal(item.json.generationId, made.generationId, `${what} generationId`);
			expect.equal(item.json.creditsUsed, made.creditsUsed, `${what} creditsUsed`);
			if (price !== undefined)
				expect.equal(item.json.creditsQuoted, price * modules.length, `${what} creditsQuoted`);
			const file = skillMedia(made.generationId, `${run.requestId}-${module}.png`);
			await checkBinary(expect, ctx, item.binary?.data, `${what} binary "data"`, file);
			expect.equal(
				cdnGets(ctx, `/media/${made.generationId}/0.png`),
				1,
				`downloads of the ${module} image`,
			);
			const written = path.join(ctx.filesFolder, file.fileName);
			if (expect.that(existsSync(written), `Save Images to Disk wrote no ${written}`)) {
				const bytes = await readFile(written);
				expect.that(
					bytes.equals(file.bytes),
					`${written} differs from the ${module} image MeiGen served`,
				);
			}
		}
	},

	'09-video-to-video': async (expect, ctx) => {
		expect.equal(ctx.newJobs.length, 2, 'jobs submitted to MeiGen');
		expect.equal(submits(ctx), 2, 'POST /api/generate/v2 requests');
		const [clipJob, restyleJob] = [...ctx.newJobs].sort((a, b) => a.createdAt - b.createdAt);
		const clipItems = nodeOutput(ctx.execution, 'Generate Clip');
		const restyled = nodeOutput(ctx.execution, 'Restyle Clip');
		expect.equal(clipItems.length, 1, 'Generate Clip items');
		expect.equal(restyled.length, 1, 'Restyle Clip items');
		if (!clipJob || !restyleJob) return;
		checkModel(expect, ctx, clipJob, 'Generate Clip');
		checkModel(expect, ctx, restyleJob, 'Restyle Clip');
		for (const job of [clipJob, restyleJob]) {
			expect.equal(job.dedupeCount, 0, `job ${job.id} answered again from its request ID`);
			expect.equal(job.creditsStatus, 'confirmed', `job ${job.id} credits status`);
		}

		// The first clip: text to video, at the plain per-second price.
		const clip = media(clipJob, 0, 'mp4');
		expect.equal(clipJob.body.referenceVideos, undefined, 'Generate Clip referenceVideos sent');
		checkCompletedItem(expect, clipItems[0], clipJob, 'Generate Clip');
		await checkBinary(expect, ctx, clipItems[0]?.binary?.data, 'Generate Clip binary "data"', clip);

		// The clip went to MeiGen's storage as it came out of n8n's binary store: one presign, one PUT.
		const presigns = ctx.newRequests.filter(
			(request) =>
				request.method === 'POST' && request.path.split('?')[0] === '/api/upload/reference-video',
		);
		expect.equal(presigns.length, 1, 'POST /api/upload/reference-video requests');
		expect.equal(ctx.newReferenceUploads.length, 1, 'reference uploads presigned');
		expect.equal(ctx.newStoragePuts.length, 1, 'PUTs to the upload storage');
		const upload = ctx.newReferenceUploads[0];
		const put = ctx.newStoragePuts[0];
		if (upload && put) {
			expect.equal(upload.kind, 'video', 'upload kind');
			expect.equal(upload.contentType, 'video/mp4', 'upload content type presigned');
			expect.equal(upload.size, clip.bytes.length, 'upload size presigned');
			expect.equal(upload.modelId, restyleJob.modelId, 'upload model presigned');
			expect.equal(upload.filename, clip.fileName, 'upload file name presigned');
			expect.equal(put.key, upload.key, 'storage PUT object key');
			expect.equal(put.status, 200, 'storage PUT status');
			expect.equal(put.contentType, 'video/mp4', 'storage PUT Content-Type');
			expect.equal(put.contentLength, clip.bytes.length, 'storage PUT Content-Length');
			expect.that(put.complete, 'the storage PUT body was cut off');
			expect.that(
				upload.bytes?.equals(clip.bytes) === true,
				`the stored upload (${upload.bytes?.length ?? 0} bytes) differs from the first clip (${clip.bytes.length} bytes)`,
			);
		}

		// The second job names the upload's public URL, and the prompt's [video1] points at it.
		expect.equal(
			JSON.stringify(restyleJob.body.referenceVideos),
			JSON.stringify([upload?.publicUrl]),
			'Restyle Clip referenceVideos sent',
		);
		const node = ctx.workflow.nodes.find((candidate) => candidate.name === 'Restyle Clip');
		expect.equal(restyleJob.prompt, node?.parameters.prompt, 'Restyle Clip prompt sent');
		expect.that(restyleJob.prompt.includes('[video1]'), 'the Restyle Clip prompt has no [video1]');

		// Charges: two jobs and nothing else; the second at the with-video price, quoted as charged.
		const model = await catalogModel(ctx, restyleJob.modelId);
		if (
			!expect.that(model !== undefined, `GET /models does not list ${restyleJob.modelId}`) ||
			!model
		)
			return;
		const cfg = model.extra_config;
		// Generate Clip names no tier or resolution: the model's defaults are billed.
		const plainRate = perSecondRate(cfg.pricingPerSec, cfg.defaultTier, cfg.defaultResolution);
		if (expect.that(plainRate !== undefined, 'GET /models shows no default per-second rate'))
			expect.equal(
				clipJob.creditsUsed,
				(plainRate ?? 0) * Number(clipJob.body.duration),
				'Generate Clip credits charged',
			);
		const sent = restyleJob.body;
		const videoRate = perSecondRate(
			cfg.pricingPerSecWithVideo,
			String(sent.tier),
			String(sent.resolution),
		);
		const clipSeconds = mp4Seconds(clip.bytes);
		const duration = Number(sent.duration);
		if (
			expect.that(videoRate !== undefined, 'GET /models shows no with-video rate') &&
			expect.that(clipSeconds !== undefined, 'the first clip has no readable length')
		) {
			const billed = Math.max(
				(clipSeconds ?? 0) + duration,
				cfg.minBillableTable?.[String(duration)] ?? 0,
			);
			expect.equal(
				restyleJob.creditsUsed,
				billed * (videoRate ?? 0),
				'Restyle Clip credits charged (with-video price)',
			);
		}
		expect.that(
			restyleJob.creditsUsed !== (plainRate ?? 0) * duration,
			'Restyle Clip was charged the price without a reference video',
		);
		expect.equal(
			ctx.creditsBefore.purchased - ctx.fake.credits.purchased,
			clipJob.creditsUsed + restyleJob.creditsUsed,
			'purchased credits spent',
		);
		for (const [item, job, what] of [
			[clipItems[0], clipJob, 'Generate Clip'],
			[restyled[0], restyleJob, 'Restyle Clip'],
		] as const) {
			expect.equal(item?.json.creditsUsed, job.creditsUsed, `${what} creditsUsed`);
			expect.equal(item?.json.creditsQuoted, job.creditsUsed, `${what} creditsQuoted`);
		}

		// The new clip: downloaded once and stored by n8n as MeiGen's CDN served it.
		checkCompletedItem(expect, restyled[0], restyleJob, 'Restyle Clip');
		await checkBinary(
			expect,
			ctx,
			restyled[0]?.binary?.data,
			'Restyle Clip binary "data"',
			media(restyleJob, 0, 'mp4'),
		);
		for (const job of [clipJob, restyleJob])
			expect.equal(cdnGets(ctx, `/media/${job.id}/0.mp4`), 1, `downloads of clip ${job.id}`);
		expect.equal(ctx.newCdnRequests.length, 2, 'CDN requests');
	},
	'10-long-video-without-holding-a-worker': async (expect, ctx) => {
		const job = onlyJob(expect, ctx);
		expect.equal(submits(ctx), 1, 'POST /api/generate/v2 requests');
		const submitted = nodeOutput(ctx.execution, 'Generate Video');
		expect.equal(submitted.length, 1, 'Generate Video items');
		if (!job) return;
		checkModel(expect, ctx, job, 'Generate Video');
		expect.equal(job.body.duration, 10, 'duration submitted');
		expect.equal(job.dedupeCount, 0, 'submits answered again from the request ID');

		// Generate returns at once, saying when to look: MeiGen's p90, never below the Poll Interval (3 s).
		const first = submitted[0]?.json;
		expect.equal(first?.generationId, job.id, 'Generate Video generationId');
		expect.equal(first?.status, 'processing', 'Generate Video status');
		expect.equal(first?.creditsUsed, job.creditsUsed, 'Generate Video creditsUsed');
		expect.equal(
			first?.checkAgainInSeconds,
			Math.max(LOOP_P90_S, 3),
			'Generate Video checkAgainInSeconds',
		);
		expect.equal(submitted[0]?.binary, undefined, 'Generate Video binary');

		// The loop went round: Check Status said done false (with when to look again) until the job was over.
		const checks = ctx.execution.data.resultData.runData['Check Status'] ?? [];
		const waits = ctx.execution.data.resultData.runData['Wait'] ?? [];
		const statusReads = ctx.newRequests.filter(
			(request) =>
				request.method === 'GET' &&
				request.path.split('?')[0] === `/api/generate/v2/status/${job.id}`,
		);
		expect.that(
			checks.length >= 2,
			`Check Status ran ${checks.length} time(s): the job (${LOOP_JOB_MS} ms) outlasts the first wait (${LOOP_P90_S} s), the loop should go round`,
		);
		expect.equal(waits.length, checks.length, 'Wait runs (one before each Check Status)');
		expect.equal(statusReads.length, checks.length, 'status requests (one per Check Status)');
		expect.that(
			statusReads.length <= 5,
			`${statusReads.length} status requests for a ${LOOP_JOB_MS / 1000} s job: more than a handful`,
		);
		for (const [n, run] of checks.slice(0, -1).entries()) {
			const item = run.data?.main?.[0]?.[0];
			const what = `Check Status run ${n + 1}`;
			expect.equal(item?.json.done, false, `${what} done`);
			expect.equal(item?.json.status, 'processing', `${what} status`);
			expect.equal(item?.json.generationId, job.id, `${what} generationId`);
			const again = item?.json.checkAgainInSeconds;
			expect.that(
				typeof again === 'number' && again >= 1,
				`${what} checkAgainInSeconds: ${JSON.stringify(again)}`,
			);
			expect.equal(item?.binary, undefined, `${what} binary`);
		}
		const finished = nodeOutput(ctx.execution, 'Check Status');
		expect.equal(finished.length, 1, 'Check Status items (last run)');
		checkCompletedItem(expect, finished[0], job, 'Check Status (last run)', false);
		expect.equal(finished[0]?.json.done, true, 'Check Status (last run) done');
		expect.equal(
			finished[0]?.json.checkAgainInSeconds,
			undefined,
			'Check Status (last run) checkAgainInSeconds',
		);
		const clip = media(job, 0, 'mp4');
		await checkBinary(expect, ctx, finished[0]?.binary?.data, 'Check Status binary "data"', clip);
		expect.equal(
			nodeOutput(ctx.execution, 'Done?').length,
			1,
			'Done? true-branch items (last run)',
		);

		// Charged once, downloaded once, written to disk as MeiGen served it.
		expect.equal(
			ctx.newJobs.filter((candidate) => candidate.creditsUsed > 0).length,
			1,
			'jobs charged',
		);
		expect.equal(job.creditsStatus, 'confirmed', 'credits status');
		const spent =
			ctx.creditsBefore.daily +
			ctx.creditsBefore.purchased -
			ctx.fake.credits.daily -
			ctx.fake.credits.purchased;
		expect.equal(spent, job.creditsUsed, 'credits spent (one charge)');
		expect.equal(cdnGets(ctx, `/media/${job.id}/0.mp4`), 1, 'downloads of the clip');
		expect.equal(
			nodeOutput(ctx.execution, 'Save Video to Disk').length,
			1,
			'Save Video to Disk items',
		);
		const written = path.join(ctx.filesFolder, `meigen-${job.id}.mp4`);
		if (expect.that(existsSync(written), `Save Video to Disk wrote no ${written}`)) {
			const bytes = await readFile(written);
			expect.that(
				bytes.equals(clip.bytes),
				`${written} (${bytes.length} bytes) differs from the clip MeiGen served (${clip.bytes.length} bytes)`,
			);
		}
	},
};
