/**
 * What each workflow in examples/ must produce when it runs in a real n8n against the fake MeiGen.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { expectedMediaBytes, TEST_API_KEY, type FakeJob, type FakeMeiGen, type MediaKind } from '../../test/fake-server';
import { FAKE_OPENAI_PROMPT, type FakeOpenAi } from './fake-openai';
import type { BinaryRef, CliResult, Execution, N8nInstance, OutputItem } from './n8n';

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
		return this.that(actual === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
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
	if (!expect.that(file !== undefined, `${what}: not in filesystem binary storage (id ${JSON.stringify(ref.id)})`) || !file) return;
	if (!expect.that(existsSync(file), `${what}: ${file} does not exist`)) return;
	const bytes = await readFile(file);
	expect.that(bytes.equals(expected.bytes), `${what}: ${file} holds ${bytes.length} bytes that differ from the ${expected.bytes.length} MeiGen served`);
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
	if (expect.that(model !== undefined, `${nodeName} names no model ID`)) expect.equal(job.modelId, model, 'model submitted');
}

function onlyJob(expect: Expect, ctx: ExampleContext): FakeJob | undefined {
	expect.equal(ctx.newJobs.length, 1, 'jobs submitted to MeiGen');
	return ctx.newJobs[0];
}

function media(job: FakeJob, n: number, kind: MediaKind): { bytes: Buffer; mimeType: string; fileName: string } {
	const suffix = n === 0 ? '' : `-${n + 1}`;
	return {
		bytes: expectedMediaBytes(job.id, n, kind, job.videoBytes),
		mimeType: kind === 'png' ? 'image/png' : 'video/mp4',
		fileName: `${job.id}${suffix}.${kind}`,
	};
}

function checkCompletedItem(expect: Expect, item: OutputItem | undefined, job: FakeJob, what: string, hasModel = true): void {
	if (!expect.that(item !== undefined, `${what}: no output item`) || !item) return;
	expect.equal(item.json.generationId, job.id, `${what} generationId`);
	expect.equal(item.json.status, 'completed', `${what} status`);
	expect.equal(item.json.mediaType, job.mediaType, `${what} mediaType`);
	// The status route does not name the model, so Get Status cannot either.
	if (hasModel) expect.equal(item.json.modelId, job.modelId, `${what} modelId`);
}

/** Checks every example shares: the run succeeded and the API key stayed where it belongs. */
export function commonChecks(expect: Expect, ctx: ExampleContext): void {
	const error = ctx.execution.data.resultData.error;
	expect.equal(ctx.execution.status, 'success', `execution ${ctx.execution.id} status${error?.message ? ` (${error.node?.name ?? ''}: ${error.message})` : ''}`);
	for (const [where, text] of [
		['execution data', ctx.execution.raw],
		['n8n output', `${ctx.cli.stdout}\n${ctx.cli.stderr}`],
	] as const) {
		expect.that(!text.includes(TEST_API_KEY), `the API key appears in the ${where}`);
	}
	for (const request of ctx.newCdnRequests) {
		expect.that(request.headers.authorization === undefined, `CDN request ${request.path} carried an Authorization header`);
	}
	for (const job of ctx.newJobs) {
		expect.equal(job.auth, 'apiKey', `job ${job.id} authenticated with`);
	}
}

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
		await checkBinary(expect, ctx, items[0]?.binary?.data, 'Generate Image binary "data"', media(job, 0, 'png'));
		expect.equal(ctx.newCdnRequests.length, 1, 'media downloads');
		const written = path.join(ctx.filesFolder, `meigen-${job.id}.png`);
		expect.equal(nodeOutput(ctx.execution, 'Save Image to Disk').length, 1, 'Save Image to Disk items');
		if (expect.that(existsSync(written), `Save Image to Disk wrote no ${written}`)) {
			const bytes = await readFile(written);
			expect.that(bytes.equals(media(job, 0, 'png').bytes), `${written} differs from the image MeiGen served`);
		}
	},

	'02-image-to-image': async (expect, ctx) => {
		const job = onlyJob(expect, ctx);
		const items = nodeOutput(ctx.execution, 'Generate from Reference Image');
		expect.equal(items.length, 1, 'Generate from Reference Image items');
		if (!job) return;
		const set = ctx.workflow.nodes.find((node) => node.type === 'n8n-nodes-base.set');
		const assignments = (set?.parameters.assignments as { assignments?: Array<{ value?: string }> } | undefined)?.assignments;
		const sketch = Buffer.from(assignments?.[0]?.value ?? '', 'base64');
		expect.equal(job.referenceImages.length, 1, 'reference images received');
		checkModel(expect, ctx, job, 'Generate from Reference Image');
		const reference = job.referenceImages[0];
		if (expect.equal(reference?.kind, 'data', 'reference image sent as') && reference?.kind === 'data') {
			expect.equal(reference.mime, 'image/png', 'reference image MIME type');
			expect.that(reference.bytes.equals(sketch), `the inline reference (${reference.bytes.length} bytes) differs from the sketch (${sketch.length} bytes)`);
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
		await checkBinary(expect, ctx, finished[0]?.binary?.data, 'Get Finished Image binary "data"', media(job, 0, 'png'));
	},

	'04-text-to-video': async (expect, ctx) => {
		const job = onlyJob(expect, ctx);
		const items = nodeOutput(ctx.execution, 'Generate Video');
		expect.equal(items.length, 1, 'Generate Video items');
		if (!job) return;
		checkModel(expect, ctx, job, 'Generate Video');
		expect.equal(job.body.duration, 5, 'duration submitted');
		checkCompletedItem(expect, items[0], job, 'Generate Video');
		await checkBinary(expect, ctx, items[0]?.binary?.data, 'Generate Video binary "data"', media(job, 0, 'mp4'));
	},

	'05-midjourney-set': async (expect, ctx) => {
		const job = onlyJob(expect, ctx);
		const items = nodeOutput(ctx.execution, 'Generate Midjourney Set');
		expect.equal(items.length, 4, 'Generate Midjourney Set items');
		if (!job) return;
		checkModel(expect, ctx, job, 'Generate Midjourney Set');
		for (let n = 0; n < items.length; n++) {
			checkCompletedItem(expect, items[n], job, `item ${n + 1}`);
			await checkBinary(expect, ctx, items[n]?.binary?.data, `item ${n + 1} binary "data"`, media(job, n, 'png'));
		}
	},

	'06-ai-agent-tool': async (expect, ctx) => {
		const job = onlyJob(expect, ctx);
		const answer = nodeOutput(ctx.execution, 'AI Agent');
		expect.equal(answer.length, 1, 'AI Agent items');
		expect.that(ctx.openAi.requests.length >= 2, `the chat model was asked ${ctx.openAi.requests.length} times, expected a tool call and an answer`);
		const offered = ctx.openAi.toolNames[0] ?? [];
		expect.that(offered.length === 1, `tools offered to the model: ${JSON.stringify(offered)}`);
		if (!job) return;
		checkModel(expect, ctx, job, 'MeiGen Create Image');
		expect.equal(job.prompt, FAKE_OPENAI_PROMPT, 'prompt the agent passed to MeiGen');
		expect.that(
			ctx.openAi.toolResults.some((result) => result.includes(job.id)),
			`the tool result given to the model does not name generation ${job.id}: ${ctx.openAi.toolResults.join(' | ').slice(0, 300)}`,
		);
		const output = String(answer[0]?.json.output ?? '');
		expect.that(output.includes(job.id), `the agent's answer does not name generation ${job.id}: ${JSON.stringify(output)}`);
		expect.equal(ctx.newCdnRequests.length, 0, 'media downloads (Download is off in the tool)');
	},
};
