import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IWorkflowSettings,
} from 'n8n-workflow';

import {
	startFakeMeiGen,
	syntheticMp3,
	syntheticMp4,
	syntheticWav,
	TEST_API_KEY,
	type FakeJob,
	type FakeMeiGen,
	type FakeOptions,
	type FakeUpload,
	type Mp4Options,
	type RecordedRequest,
} from '../../fake-server';
import {
	chain,
	itemsNode,
	meiGenNode,
	runWorkflow,
	startNode,
	type RunOptions,
	type RunResult,
	type TestItem,
} from '../../harness';

export { TEST_API_KEY };

export interface MeiGenRun extends RunResult {
	items: INodeExecutionData[];
}

/** A fake MeiGen for the whole test file: started before all tests, reset between them. */
export function useFakeMeiGen(options: FakeOptions = {}): () => FakeMeiGen {
	let fake: FakeMeiGen | undefined;
	beforeAll(async () => {
		fake = await startFakeMeiGen(options);
	});
	afterEach(() => fake?.reset());
	afterAll(async () => {
		await fake?.close();
	});
	return () => {
		if (!fake) throw new Error('fake MeiGen not started');
		return fake;
	};
}

export interface RunMeiGenOptions extends Partial<Omit<RunOptions, 'nodes' | 'connections'>> {
	items?: TestItem[];
	apiKey?: string;
	settings?: IWorkflowSettings;
	node?: Partial<INode>;
}

/** Start → (Items) → MeiGen with `parameters`, through n8n-core's WorkflowExecute, against the fake server. */
export async function runMeiGen(
	fake: FakeMeiGen,
	parameters: INode['parameters'],
	options: RunMeiGenOptions = {},
): Promise<MeiGenRun> {
	const { items, apiKey, node: nodeOverrides, ...runOptions } = options;
	const node = { ...meiGenNode(parameters), ...nodeOverrides };
	const nodes: INode[] = [startNode(), ...(items ? [itemsNode(items)] : []), node];
	const result = await runWorkflow({
		...runOptions,
		nodes,
		connections: chain(...nodes.map((n) => n.name)),
		credentials: { 'cred-1': { apiKey: apiKey ?? TEST_API_KEY, baseUrl: fake.apiUrl } },
	});
	return Object.assign(result, {
		items: result.status === 'success' ? result.output(node.name) : [],
	});
}

export const generate = (
	model: string,
	prompt: string,
	extra: INodeParameters = {},
): INode['parameters'] => ({
	resource: 'image',
	operation: 'generate',
	modelId: { __rl: true, mode: 'id', value: model },
	prompt,
	...extra,
});

/** Submit only: no polling, so a test about the submit stays short. */
export const submitOnly = (
	prompt: string,
	extra: INodeParameters = {},
	model = 'flux2-klein',
): INode['parameters'] => generate(model, prompt, { waitForCompletion: false, ...extra });

export const getStatus = (extra: INodeParameters): INode['parameters'] => ({
	resource: 'generation',
	operation: 'getStatus',
	...extra,
});

export const getImage = (imageId: string, options: INodeParameters = {}): INode['parameters'] => ({
	resource: 'image',
	operation: 'get',
	imageId,
	options,
});

/** Options that keep waits short in tests: poll every second. */
export const quickPoll = (extra: INodeParameters = {}): INodeParameters => ({
	pollInterval: 1,
	...extra,
});

/** Everything a run left behind — output, errors, run data — as one string, to search for secrets. */
export function everything(run: RunResult): string {
	return JSON.stringify(run.run, (_key, value: unknown) =>
		value instanceof Error ? { ...value, message: value.message, stack: value.stack } : value,
	);
}

/** A 1×1 PNG, base64: an input item's image. */
export const PNG_PIXEL =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** Every generate POST the fake received. */
export function submits(fake: FakeMeiGen): RecordedRequest[] {
	return fake.requestsTo('POST', '/generate/v2');
}

/** The idempotency key a submit carried. */
export function keyOf(request: RecordedRequest): string | undefined {
	const body = request.body as { idempotencyKey?: unknown } | undefined;
	return typeof body?.idempotencyKey === 'string' ? body.idempotencyKey : undefined;
}

/** The one job the test created; fails the test when there are more or none. */
export function onlyJob(fake: FakeMeiGen): FakeJob {
	const jobs = [...fake.jobs.values()];
	expect(jobs).toHaveLength(1);
	return jobs[0];
}

/** Every API and CDN request that arrived after `time`. */
export function requestsAfter(fake: FakeMeiGen, time: number): RecordedRequest[] {
	return [...fake.requests, ...fake.cdnRequests].filter((request) => request.time > time);
}

/** A stopped run ended within a second of the stop and sent nothing after it. */
export function expectStoppedCleanly(fake: FakeMeiGen, run: RunResult): void {
	expect(run.stoppedAt).toBeDefined();
	expect(run.settled).toBe(true);
	expect(run.finishedAt - (run.stoppedAt ?? 0)).toBeLessThan(1000);
	expect(requestsAfter(fake, run.stoppedAt ?? 0)).toEqual([]);
}

// ---- Skills ---------------------------------------------------------------------------------

/** A Skill operation's parameters. */
export const skill = (operation: string, extra: INodeParameters = {}): INode['parameters'] => ({
	resource: 'skill',
	operation,
	...extra,
});

/** Every Skill run POST the fake received (any Skill). */
export function skillRunPosts(fake: FakeMeiGen): RecordedRequest[] {
	return fake
		.requestsTo('POST', '/skills/')
		.filter((request) => /^\/api\/skills\/[^/?]+\/run/.test(request.path));
}

/** Every Skill upload POST the fake received. */
export function skillUploadPosts(fake: FakeMeiGen): RecordedRequest[] {
	return fake.requestsTo('POST', '/skills/upload');
}

/** Every receipt read (GET /api/skills/status) the fake received. */
export function skillStatusReads(fake: FakeMeiGen): RecordedRequest[] {
	return fake.requestsTo('GET', '/skills/status');
}

/** An input item with a PNG (by default the 1×1 pixel) in binary field `field`. */
export function imageItem(
	field = 'data',
	bytes: Buffer = Buffer.from(PNG_PIXEL, 'base64'),
	mimeType = 'image/png',
	json: IDataObject = {},
): TestItem {
	return {
		json,
		binary: { [field]: { data: bytes.toString('base64'), mimeType, fileName: 'product.png' } },
	};
}

/** Nothing reached MeiGen (API or CDN) and nothing was charged. */
export function expectNothingSent(fake: FakeMeiGen): void {
	expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([]);
	expect(fake.cdnRequests).toEqual([]);
	expect(fake.skillCharges().credits).toBe(0);
}

// ---- reference media ----------------------------------------------------------------------

/** A tiny MP4 that lasts `seconds` to any parser (ftyp, moov/mvhd, mdat): a reference clip. */
export function tinyMp4(seconds: number, options: Mp4Options = {}): Buffer {
	return syntheticMp4(seconds, options);
}

/** A tiny PCM WAV of `seconds`. */
export const tinyWav = (seconds: number): Buffer => syntheticWav(seconds);

/** A tiny file MeiGen reads as MP3. */
export const tinyMp3 = (): Buffer => syntheticMp3();

/** An input item's binary entry holding `bytes`. */
export function binaryOf(
	bytes: Buffer,
	mimeType: string,
	fileName?: string,
): { data: string; mimeType: string; fileName?: string } {
	return { data: bytes.toString('base64'), mimeType, ...(fileName ? { fileName } : {}) };
}

/** Every presign request (POST /upload/reference-video) the fake received. */
export function presigns(fake: FakeMeiGen): RecordedRequest[] {
	return fake.requestsTo('POST', '/upload/reference-video');
}

/** Every request-ID lookup (GET /generate/v2/requests/:key) the fake received. */
export function lookups(fake: FakeMeiGen): RecordedRequest[] {
	return fake.requestsTo('GET', '/generate/v2/requests');
}

/** The upload a storage PUT or a public URL belongs to. */
export function uploadOf(fake: FakeMeiGen, keyOrUrl: string): FakeUpload {
	const upload =
		fake.uploads.get(keyOrUrl) ?? [...fake.uploads.values()].find((u) => u.publicUrl === keyOrUrl);
	if (!upload) throw new Error(`no upload ${keyOrUrl}`);
	return upload;
}

/** The public URLs of the uploads whose PUT was stored, in PUT order. */
export function storedUrls(fake: FakeMeiGen): string[] {
	return fake.storagePuts
		.filter((put) => put.status === 200)
		.map((put) => uploadOf(fake, put.key).publicUrl);
}

/** Nothing was uploaded, submitted or looked up: the item failed on its input alone. */
export function expectNothingUploaded(fake: FakeMeiGen): void {
	expect(presigns(fake)).toEqual([]);
	expect(fake.storagePuts).toEqual([]);
	expect(submits(fake)).toEqual([]);
	expect(lookups(fake)).toEqual([]);
	expect(fake.jobs.size).toBe(0);
}
