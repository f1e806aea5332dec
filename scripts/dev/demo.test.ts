/**
 * `npm run demo` end to end: starts the demo on a free port in a throw-away folder, checks the
 * editor, the owner's login, the credential and every example; runs example 01 and checks the
 * stand-in charged it and a real picture came out; stops it and checks nothing is left running;
 * then starts again on the same folder.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';

import type { FakeJob } from '../../test/fake-server';
import { cleanup, cleanupOnSignals, onCleanup } from '../lib/cleanup';
import { readExamples } from '../lib/examples';
import { LINES } from '../lib/lines';
import { nodeItems, type Execution } from '../lib/n8n';
import { freePort, portInUse } from '../lib/ports';
import { isAlive } from '../lib/process';
import { N8nRest } from '../lib/rest';
import { seconds } from '../lib/timing';
import { startDemo, DEMO_CREDENTIAL_NAME, type Demo } from './demo';
import { devFolders } from './folders';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width from a PNG's IHDR, when the bytes are a PNG. */
const pngWidth = (bytes: Buffer) =>
	bytes.length >= 24 &&
	bytes.subarray(0, 8).equals(PNG_SIGNATURE) &&
	bytes.toString('ascii', 12, 16) === 'IHDR'
		? bytes.readUInt32BE(16)
		: undefined;

const exampleFiles = readExamples().map((example) => example.file);
const userFolder = devFolders(LINES['2'].n8nVersion, `check-${process.pid}`).root;
let port = 0;
let demo: Demo | undefined;
let starting: Promise<Demo> | undefined;
const startTimes: number[] = [];

cleanupOnSignals('dev');
beforeAll(async () => {
	await rm(userFolder, { recursive: true, force: true });
	onCleanup(`remove ${userFolder}`, () => rm(userFolder, { recursive: true, force: true }));
	// Stopped even when Ctrl-C comes while it is starting.
	const stop = async () => await (demo ?? (await starting?.catch(() => undefined)))?.stop();
	onCleanup('stop the demo', stop);
	port = await freePort();
});
afterAll(async () => {
	await cleanup();
	console.log(`[check] start time: ${startTimes.map(seconds).join(', then ')}`);
});

function running(): Demo {
	if (!demo) throw new Error('the demo is not running');
	return demo;
}

/** Starts the demo on the same port and folder each time. */
async function start(): Promise<void> {
	console.log(`[check] start on port ${port}, user folder ${userFolder}`);
	starting = startDemo({ port, userFolder, quiet: true });
	demo = await starting;
	startTimes.push(demo.startMs);
	const steps = Object.entries(demo.timings).map(([name, ms]) => `${name} ${seconds(ms)}`);
	console.log(`[check] started in ${seconds(demo.startMs)}; ${steps.join(', ')}`);
}

/** What a running demo must show: the editor, the owner's login, its credential, every example. */
function whileRunning(): void {
	let session: N8nRest;

	test('the editor answers', async () => {
		const page = await fetch(running().editorUrl, { signal: AbortSignal.timeout(10_000) });
		const n8n = /n8n/i.test(await page.text());
		expect({ status: page.status, n8n }).toEqual({ status: 200, n8n: true });
	});

	test('logs in over REST as the owner', async () => {
		session = new N8nRest(running().editorUrl);
		await session.login(running().email, running().password);
	});

	test(`one credential "${DEMO_CREDENTIAL_NAME}"`, async () => {
		type Credential = { name: string; type: string };
		const credentials = await session.request<Credential[]>('GET', '/credentials');
		const named = credentials.filter(
			(c) => c.name === DEMO_CREDENTIAL_NAME && c.type === 'meiGenApi',
		);
		expect(named).toHaveLength(1);
	});

	test(`every example imported once (${exampleFiles.length})`, async () => {
		const stored = await session.workflows();
		const ids = new Set(stored.map((workflow) => workflow.id));
		const missing = exampleFiles.filter(
			(file) => !running().workflows.some((w) => w.file === file && ids.has(w.id)),
		);
		const expected = { missing: [], workflows: exampleFiles.length };
		expect({ missing, workflows: stored.length }).toEqual(expected);
	});
}

/** Stops the demo: no n8n process, nothing listens, the user folder released. */
function stops(): void {
	let stopped: Demo;

	test('stop() leaves no n8n process', async () => {
		stopped = running();
		const group = stopped.server.service.pid;
		const at = Date.now();
		await stopped.stop();
		demo = undefined;
		console.log(`[check] stopped in ${seconds(Date.now() - at)}`);
		expect(isAlive(-group)).toBe(false);
	});

	test('nothing listens any more', async () => {
		const { editorUrl, fake, openAi } = stopped;
		const urls = [editorUrl, fake.apiUrl, fake.cdnUrl, fake.storageUrl, openAi.url];
		const open = [];
		for (const url of urls) {
			const { hostname, port } = new URL(url);
			if (await portInUse(Number(port), hostname)) open.push(url);
		}
		expect(open).toEqual([]);
	});

	test('the user folder is released', () => {
		expect(existsSync(stopped.folders.lockFile)).toBe(false);
	});
}

describe('first start', () => {
	test('the demo starts', start);
	whileRunning();

	describe('example 01, run with n8n execute', () => {
		const workflow = () => running().workflows.find((w) => w.file.startsWith('01-'));
		let execution: Execution | undefined;
		let charged = 0;
		let jobs: FakeJob[] = [];
		let picture: Buffer;
		let pictureType: string | null;

		beforeAll(async () => {
			const { fake } = running();
			const jobsBefore = new Set(fake.jobs.keys());
			const credits = () => fake.credits.daily + fake.credits.purchased;
			const creditsBefore = credits();
			const id = workflow()?.id;
			if (!id) return;
			const started = Date.now();
			({ execution } = await running().cli.execute(id));
			console.log(`[check] example 01: ${execution.status}, ${seconds(Date.now() - started)}`);
			jobs = [...fake.jobs.values()].filter((job) => !jobsBefore.has(job.id));
			charged = creditsBefore - credits();
			const url = jobs[0]?.mediaUrls[0] ?? '';
			const media = await fetch(url, { signal: AbortSignal.timeout(10_000) });
			pictureType = media.headers.get('content-type');
			picture = Buffer.from(await media.arrayBuffer());
		});

		test('is imported', () => expect(workflow()).toBeDefined());

		test('runs', () => expect(execution?.status).toBe('success'));

		test('the stand-in was charged for one job', () => {
			expect(jobs).toHaveLength(1);
			expect(jobs[0].creditsUsed).toBeGreaterThan(0);
			expect(charged).toBe(jobs[0].creditsUsed);
		});

		test('the stand-in serves a real picture', () => {
			expect(pictureType).toBe('image/png');
			expect(pngWidth(picture)).toBeGreaterThanOrEqual(512);
		});

		test('the MeiGen node output the image as binary data', () => {
			const [output] = nodeItems(execution?.data, 'Generate Image');
			expect(output?.binary?.data?.mimeType).toBe('image/png');
			expect(output?.json.generationId).toBe(jobs[0]?.id);
		});

		test('the example saved the picture to disk', async () => {
			const { filesFolder } = running().folders;
			const files = readdirSync(filesFolder, { recursive: true, encoding: 'utf8' });
			const written = files.filter((name) => name.endsWith('.png'));
			expect(written.length).toBeGreaterThan(0);
			const onDisk = await readFile(path.join(filesFolder, written[0]));
			expect(pngWidth(onDisk)).toBe(pngWidth(picture));
		});
	});

	stops();
});

describe('second start on the same user folder', () => {
	test('the demo starts again', start);
	whileRunning();
	stops();
});
