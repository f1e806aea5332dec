/**
 * Checks `npm run demo` end to end: starts the demo programmatically (startDemo) on a free port in
 * a throw-away user folder, checks the editor answers, logs in over REST, finds the credential
 * "MeiGen — local demo" and every example workflow, runs example 01 with `n8n execute` and checks
 * the stand-in was charged and a real picture came out, stops everything and checks nothing it
 * started is left running; then starts again on the same folder and reports how long that took.
 *
 *   npm run test:dev
 *
 * Prints `N passed, N failed` last.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';

import { N8nRest } from '../lib/rest';
import { startDemo, DEMO_CREDENTIAL_NAME, type Demo } from './demo';
import { devFolders } from './folders';
import { repoRoot } from './package';
import { freePort } from '../lib/ports';
import { groupAlive } from '../lib/process';
import { LINES } from '../lib/lines';

let passed = 0;
let failed = 0;

function check(ok: boolean, what: string, detail = ''): boolean {
	if (ok) passed++;
	else failed++;
	console.log(`${ok ? 'PASS' : 'FAIL'} ${what}${detail ? ` (${detail})` : ''}`);
	return ok;
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

/** Whether something accepts connections on the URL's host and port. */
function listening(url: string): Promise<boolean> {
	const { hostname, port } = new URL(url);
	return new Promise((resolve) => {
		const socket = connect({ host: hostname, port: Number(port) });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** Width and height from a PNG's IHDR, when the bytes are a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature)) return undefined;
	if (bytes.toString('ascii', 12, 16) !== 'IHDR') return undefined;
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const exampleFiles = readdirSync(path.join(repoRoot, 'examples'))
	.filter((file) => file.endsWith('.json'))
	.sort();

async function checkRunning(demo: Demo): Promise<void> {
	const page = await fetch(demo.editorUrl, { signal: AbortSignal.timeout(10_000) });
	const html = await page.text();
	check(page.ok && /n8n/i.test(html), `the editor answers at ${demo.editorUrl}`, `${page.status}`);

	const rest = new N8nRest(demo.editorUrl);
	let loggedIn = false;
	try {
		await rest.request('POST', '/login', {
			emailOrLdapLoginId: demo.email,
			password: demo.password,
		});
		loggedIn = true;
	} catch (error) {
		console.log(`       ${error instanceof Error ? error.message : String(error)}`);
	}
	check(loggedIn, `logs in over REST as ${demo.email}`);
	if (!loggedIn) return;

	const credentials = await rest.request<Array<{ id: string; name: string; type: string }>>(
		'GET',
		'/credentials',
	);
	const credential = credentials.filter(
		(c) => c.name === DEMO_CREDENTIAL_NAME && c.type === 'meiGenApi',
	);
	check(
		credential.length === 1,
		`one credential "${DEMO_CREDENTIAL_NAME}"`,
		`${credential.length}`,
	);

	const answer = await rest.request<
		Array<{ id: string; name: string }> | { data: Array<{ id: string; name: string }> }
	>('GET', '/workflows');
	const stored = Array.isArray(answer) ? answer : answer.data;
	const storedIds = new Set(stored.map((workflow) => workflow.id));
	const missing = exampleFiles.filter(
		(file) => !demo.workflows.some((w) => w.file === file && storedIds.has(w.id)),
	);
	check(
		missing.length === 0 && stored.length === exampleFiles.length,
		`every example imported once (${exampleFiles.length})`,
		missing.length ? `missing: ${missing.join(', ')}` : `${stored.length} workflows in n8n`,
	);
}

async function runExample(demo: Demo): Promise<void> {
	const file = exampleFiles.find((name) => name.startsWith('01-'));
	const workflow = demo.workflows.find((w) => w.file === file);
	if (!check(workflow !== undefined, 'example 01 is imported') || !workflow) return;
	const { fake } = demo;
	const jobsBefore = new Set(fake.jobs.keys());
	const creditsBefore = fake.credits.daily + fake.credits.purchased;
	const started = Date.now();
	const { execution } = await demo.session.cli.execute(workflow.id);
	check(
		execution.status === 'success',
		`${workflow.name} runs with n8n execute`,
		`${execution.status}, ${seconds(Date.now() - started)}`,
	);
	const jobs = [...fake.jobs.values()].filter((job) => !jobsBefore.has(job.id));
	const charged = creditsBefore - (fake.credits.daily + fake.credits.purchased);
	check(
		jobs.length === 1 && jobs[0].creditsUsed > 0 && charged === jobs[0].creditsUsed,
		'the stand-in was charged for one job',
		`${jobs.length} jobs, ${charged} credits`,
	);
	const job = jobs[0];
	if (!job) return;
	const media = await fetch(job.mediaUrls[0] ?? '', { signal: AbortSignal.timeout(10_000) });
	const bytes = Buffer.from(await media.arrayBuffer());
	const size = pngSize(bytes);
	check(
		media.headers.get('content-type') === 'image/png' && (size?.width ?? 0) >= 512,
		'the stand-in serves a real picture',
		size ? `${size.width}×${size.height} PNG, ${bytes.length} bytes` : 'not a PNG',
	);
	const output = execution.data.resultData.runData['Generate Image']?.[0]?.data?.main?.[0]?.[0];
	const binary = output?.binary?.data;
	check(
		binary?.mimeType === 'image/png' && output?.json.generationId === job.id,
		'the MeiGen node output the image as binary data',
		`${binary?.mimeType ?? 'no binary'}, ${binary?.fileName ?? ''}`,
	);
	const written = readdirSync(demo.session.folders.filesFolder, { recursive: true })
		.map(String)
		.filter((name) => name.endsWith('.png'));
	const onDisk = written.length
		? pngSize(await readFile(path.join(demo.session.folders.filesFolder, written[0])))
		: undefined;
	check(
		onDisk !== undefined && onDisk.width === size?.width,
		'the example saved the picture to disk',
		written[0] ?? 'no file',
	);
}

async function stopAndCheck(demo: Demo, label: string): Promise<void> {
	const group = demo.session.server.pid;
	const started = Date.now();
	await demo.stop();
	check(
		group !== undefined && !groupAlive(group),
		`${label}: stop() leaves no n8n process (group ${group})`,
		seconds(Date.now() - started),
	);
	const stillListening = [
		demo.editorUrl,
		demo.fake.apiUrl,
		demo.fake.cdnUrl,
		demo.fake.storageUrl,
		demo.openAi.url,
	];
	const open = [];
	for (const url of stillListening) if (await listening(url)) open.push(url);
	check(open.length === 0, `${label}: nothing listens any more`, open.join(', '));
	check(
		!existsSync(demo.session.folders.lockFile),
		`${label}: the user folder is released`,
		demo.session.folders.lockFile,
	);
}

async function main(): Promise<void> {
	const userFolder = devFolders(LINES['2'].n8nVersion, `check-${process.pid}`).root;
	await rm(userFolder, { recursive: true, force: true });
	let demo: Demo | undefined;
	const onSignal = () => {
		void (demo?.stop() ?? Promise.resolve()).then(() => process.exit(130));
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		const port = await freePort();
		console.log(`[check] first start on port ${port}, user folder ${userFolder}`);
		demo = await startDemo({ port, userFolder, quiet: true });
		const first = demo.startMs;
		check(true, `the demo started`, `${seconds(first)}; ${timings(demo)}`);
		await checkRunning(demo);
		await runExample(demo);
		await stopAndCheck(demo, 'first run');
		demo = undefined;

		console.log('[check] second start on the same user folder');
		demo = await startDemo({ port, userFolder, quiet: true });
		const second = demo.startMs;
		check(true, 'the demo started again', `${seconds(second)}; ${timings(demo)}`);
		await checkRunning(demo);
		await stopAndCheck(demo, 'second run');
		demo = undefined;
		console.log(`[check] start time: first ${seconds(first)}, second ${seconds(second)}`);
	} catch (error) {
		check(false, 'the demo ran', error instanceof Error ? error.message : String(error));
		await demo?.stop();
	} finally {
		await rm(userFolder, { recursive: true, force: true });
	}
}

function timings(demo: Demo): string {
	return Object.entries(demo.session.timings)
		.filter(([name]) => name !== 'total')
		.map(([name, ms]) => `${name} ${seconds(ms)}`)
		.join(', ');
}

main().then(
	() => {
		console.log(`${passed} passed, ${failed} failed`);
		process.exit(failed ? 1 : 0);
	},
	(error: unknown) => {
		console.error(error);
		console.log(`${passed} passed, ${failed + 1} failed`);
		process.exit(1);
	},
);
