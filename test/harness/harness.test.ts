import {
	NodeConnectionTypes,
	sleep,
	type ICredentialType,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
} from 'n8n-workflow';
import type { Readable } from 'node:stream';

import {
	TEST_API_KEY,
	TEST_SESSION_TOKEN,
	expectedMediaBytes,
	startFakeMeiGen,
	type FakeMeiGen,
} from '../fake-server';
import { chain, itemsNode, runWorkflow, startNode, testCredential } from '.';

/** Stand-in credential with the same shape of `authenticate` as the package's. */
const credentialType: ICredentialType = {
	name: 'harnessApi',
	displayName: 'Harness API',
	properties: [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://invalid.test/api',
		},
	],
	authenticate: {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
	},
	test: {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/tokens' },
		rules: [{ type: 'responseCode', properties: { value: 403, message: 'Needs a session token' } }],
	},
};

function nodeType(
	name: string,
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>,
	credentials = false,
): INodeType {
	return {
		description: {
			displayName: name,
			name,
			group: ['transform'],
			version: 1,
			description: 'harness smoke test node',
			defaults: { name },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: credentials ? [{ name: 'harnessApi', required: true }] : [],
			properties: [],
		},
		execute,
	};
}

/** Submits a job with auth, waits for it, downloads the media from the CDN without auth. */
const generateNode = nodeType(
	'test.generate',
	async function () {
		const { baseUrl } = await this.getCredentials<{ baseUrl: string }>('harnessApi');
		const submitted = (await this.helpers.httpRequestWithAuthentication.call(this, 'harnessApi', {
			method: 'POST',
			url: `${baseUrl}/generate/v2`,
			body: { prompt: 'a cat' },
			json: true,
		})) as { generationId: string };
		let status: { status: string; imageUrl?: string };
		do {
			await sleep(50);
			status = (await this.helpers.httpRequestWithAuthentication.call(this, 'harnessApi', {
				url: `${baseUrl}/generate/v2/status/${submitted.generationId}`,
				json: true,
			})) as typeof status;
		} while (status.status === 'processing');
		const media = (await this.helpers.httpRequest({
			url: String(status.imageUrl),
			encoding: 'stream',
		})) as Readable;
		const data = await this.helpers.prepareBinaryData(media, 'image.png', 'image/png');
		return [
			[
				{
					json: { generationId: submitted.generationId },
					binary: { data },
					pairedItem: { item: 0 },
				},
			],
		];
	},
	true,
);

/** Reads the incoming binary through n8n's helper and passes it on, proving it is readable downstream. */
const binaryEchoNode = nodeType('test.binaryEcho', async function () {
	const buffer = await this.helpers.getBinaryDataBuffer(0, 'data');
	const item = this.getInputData()[0];
	return [[{ json: { size: buffer.length }, binary: item.binary, pairedItem: { item: 0 } }]];
});

/** Waits up to 20 s; ends early when its cancel signal fires and records when that happened. */
const signals: Array<{ firedAt?: number }> = [];
const sleepNode = nodeType('test.sleep', async function () {
	const record: { firedAt?: number } = {};
	signals.push(record);
	const signal = this.getExecutionCancelSignal();
	await new Promise<void>((resolve) => {
		const timer = setTimeout(resolve, 20_000);
		signal?.addEventListener('abort', () => {
			record.firedAt = Date.now();
			clearTimeout(timer);
			resolve();
		});
	});
	return [this.getInputData()];
});

const node = (name: string, type: string, withCredential = false): INode => ({
	id: name,
	name,
	type,
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	...(withCredential ? { credentials: { harnessApi: { id: 'c1', name: 'Harness' } } } : {}),
});

let fake: FakeMeiGen;
beforeAll(async () => {
	fake = await startFakeMeiGen({ jobDurations: { 'flux2-klein': 100 } });
});
afterAll(async () => await fake.close());
beforeEach(() => fake.reset());

it('sends the credential as a Bearer header to the API and nothing to the CDN', async () => {
	const result = await runWorkflow({
		nodes: [startNode(), node('Generate', 'test.generate', true)],
		connections: chain('Start', 'Generate'),
		credentials: { c1: { apiKey: TEST_API_KEY, baseUrl: fake.apiUrl } },
		credentialTypes: { harnessApi: credentialType },
		nodeTypes: { 'test.generate': generateNode },
	});
	expect(result.error).toBeUndefined();
	expect(result.status).toBe('success');
	expect(fake.requests.length).toBeGreaterThanOrEqual(2);
	for (const request of fake.requests)
		expect(request.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
	expect(fake.cdnRequests).toHaveLength(1);
	expect(fake.cdnRequests[0].headers.authorization).toBeUndefined();
	const [item] = result.output('Generate');
	const id = String(item.json.generationId);
	expect(await result.binary(item)).toEqual(expectedMediaBytes(id, 0, 'png'));
	expect(item.binary?.data).toMatchObject({ mimeType: 'image/png', fileName: 'image.png' });
});

it.each(['default', 'filesystem'] as const)(
	'round-trips binary data in %s mode',
	async (binaryMode) => {
		const bytes = expectedMediaBytes('input', 3, 'png');
		const result = await runWorkflow({
			nodes: [
				itemsNode([
					{
						json: { a: 1 },
						binary: {
							data: { data: bytes.toString('base64'), mimeType: 'image/png', fileName: 'in.png' },
						},
					},
				]),
				node('Echo', 'test.binaryEcho'),
			],
			connections: chain('Items', 'Echo'),
			nodeTypes: { 'test.binaryEcho': binaryEchoNode },
			binaryMode,
		});
		expect(result.error).toBeUndefined();
		const [item] = result.output('Echo');
		expect(item.json.size).toBe(bytes.length);
		expect(await result.binary(item)).toEqual(bytes);
		// filesystem mode stores a reference, default mode keeps base64 inline.
		expect(Boolean(item.binary?.data.id)).toBe(binaryMode === 'filesystem');
	},
);

it('stopAfterMs cancels the execution and fires the node cancel signal', async () => {
	signals.length = 0;
	const result = await runWorkflow({
		nodes: [startNode(), node('Sleep', 'test.sleep')],
		connections: chain('Start', 'Sleep'),
		nodeTypes: { 'test.sleep': sleepNode },
		stopAfterMs: 200,
	});
	expect(result.stopReason).toBe('stop');
	expect(result.status).toBe('canceled');
	expect(result.settled).toBe(true);
	expect(signals[0].firedAt).toBeGreaterThanOrEqual(result.stoppedAt ?? Infinity);
	expect(result.finishedAt - result.startedAt).toBeLessThan(5_000);
});

it('enforces settings.executionTimeout like n8n: the execution is cancelled when it passes', async () => {
	signals.length = 0;
	const result = await runWorkflow({
		nodes: [startNode(), node('Sleep', 'test.sleep')],
		connections: chain('Start', 'Sleep'),
		nodeTypes: { 'test.sleep': sleepNode },
		settings: { executionTimeout: 1 },
	});
	expect(result.stopReason).toBe('timeout');
	expect(result.status).toBe('canceled');
	expect(signals[0].firedAt).toBeDefined();
	// The engine names it a timeout only if it checks the deadline before another node; when the
	// timed-out node is the last one it reports a manual cancel. Either way it is a cancellation.
	expect(result.error?.message).toMatch(/cancel|timed out/i);
	expect((result.stoppedAt ?? 0) - result.startedAt).toBeGreaterThanOrEqual(1_000);
});

it('tests credentials through the real request path and rules', async () => {
	const opts = { type: 'harnessApi', credentialTypes: { harnessApi: credentialType } };
	expect(await testCredential({ apiKey: TEST_SESSION_TOKEN, baseUrl: fake.apiUrl }, opts)).toEqual({
		status: 'OK',
		message: 'Connection successful!',
	});
	expect(await testCredential({ apiKey: TEST_API_KEY, baseUrl: fake.apiUrl }, opts)).toEqual({
		status: 'Error',
		message: 'Needs a session token',
	});
	const bad = await testCredential({ apiKey: 'meigen_sk_bad', baseUrl: fake.apiUrl }, opts);
	expect(bad.status).toBe('Error');
	// n8n retries a 401 once after "pre-authentication", even for credentials without one.
	expect(fake.requests.map((r) => r.headers.authorization)).toEqual([
		`Bearer ${TEST_SESSION_TOKEN}`,
		`Bearer ${TEST_API_KEY}`,
		'Bearer meigen_sk_bad',
		'Bearer meigen_sk_bad',
	]);
});
