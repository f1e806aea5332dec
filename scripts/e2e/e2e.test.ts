/**
 * End-to-end test in a real n8n: packs the built package, installs it as n8n installs community
 * packages, and runs every workflow in examples/ with `n8n execute` against the fake MeiGen (and a
 * fake chat model for the agent), in each n8n line (scripts/lib/lines.ts), each in a fresh user
 * folder. Two tests per workflow: the run, and what it must produce. On 2.x it also runs
 * combined-mode-chain.json (n8n's combined binary mode). A workflow waiting for a person (example
 * 11) is resumed through `n8n start`. E2E_KEEP=1 keeps the user folders.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { startFakeMeiGen, TEST_API_KEY } from '../../test/fake-server';
import { ensureRuntime } from '../lib/cache';
import { cleanup, cleanupOnSignals, onCleanup, tempFolder } from '../lib/cleanup';
import { readExamples, wireExample, type WorkflowJson } from '../lib/examples';
import { startFakeOpenAi } from '../lib/fake-openai';
import { installIntoUserFolder, packPackage, recordInDatabase } from '../lib/install-package';
import { selectLines, type LineId, type N8nLine } from '../lib/lines';
import { N8nInstance, type N8nServer } from '../lib/n8n';
import { freePort } from '../lib/ports';
import { requireBuild, waitUntil } from '../lib/process';
import { seconds } from '../lib/timing';
import { commonChecks, exampleChecks, exampleSetups, fakeSince } from './checks';
import type { ExampleContext } from './checks';

const repoRoot = path.resolve(__dirname, '..', '..');
const MEIGEN_CREDENTIAL = { id: 'meigenE2eCred01', name: 'MeiGen e2e' };
const OPENAI_CREDENTIAL = { id: 'openAiE2eCred01', name: 'OpenAI e2e' };
/** Short job durations keep the run quick; everything else is the fake's normal behaviour. */
const JOB_DURATIONS: Record<string, number> = {
	'flux2-klein': 1000,
	'nanobanana-2': 1000,
	'midjourney-v8.1': 2000,
	'seedance-2-0': 2000,
};
/** Workflows that stop at a Wait form until a person answers it. */
const APPROVALS = new Set(['11-approve-the-price-first']);

requireBuild(repoRoot);
const chain = JSON.parse(readFileSync(path.join(__dirname, 'combined-mode-chain.json'), 'utf8'));
const workflows = [
	...readExamples().map(({ name, source }) => ({ name, source, lines: ['1', '2'] as LineId[] })),
	// Not an example: n8n 1.x has no combined binary mode.
	{ name: 'combined-mode-chain', source: chain as WorkflowJson, lines: ['2'] as LineId[] },
].map((workflow, index) => ({
	...workflow,
	id: `meigenE2eWf${String(index + 1).padStart(3, '0')}`,
}));

// n8n runs in its own process group (so its task runner can be stopped with it): Ctrl-C stops it.
cleanupOnSignals('e2e');

/**
 * One n8n line, ready: the package installed, the credentials and workflows imported; `server`:
 * `n8n start`, once an approval needs it.
 */
type Line = Awaited<ReturnType<typeof setUpLine>> & { server?: N8nServer };

async function setUpLine(line: N8nLine) {
	console.log(`\n[e2e] === n8n ${line.n8nVersion} on Node ${line.nodeVersion} ===`);
	const runtime = await ensureRuntime(line);
	const tag = `[n8n ${runtime.n8nVersion}]`;
	const log = (what: string, since: number) =>
		console.log(`${tag} ${what} (${seconds(Date.now() - since)})`);
	const workDir = await tempFolder(`meigen-e2e-n8n${line.id}-`, 'E2E_KEEP', tag);
	const filesFolder = path.join(workDir, 'files');
	await mkdir(filesFolder, { recursive: true });
	const n8n = new N8nInstance(runtime, path.join(workDir, 'user'), filesFolder);
	await mkdir(n8n.userFolder, { recursive: true });
	await n8n.init();
	onCleanup('stop n8n', () => n8n.stopAll());

	const packed = Date.now();
	const tarball = await packPackage(repoRoot, path.join(workDir, 'pack'));
	const installed = await installIntoUserFolder(n8n, tarball);
	log(`packed ${path.basename(tarball)} and installed it into ${installed.directory}`, packed);

	const fake = await startFakeMeiGen({ jobDurations: JOB_DURATIONS });
	onCleanup('close the fake MeiGen', () => fake.close());
	const openAi = await startFakeOpenAi();
	onCleanup('close the fake chat model', () => openAi.close());
	console.log(`${tag} fake MeiGen API ${fake.apiUrl}, CDN ${fake.cdnUrl}; chat ${openAi.url}`);

	const importFile = async (what: string, data: unknown) => {
		const at = Date.now();
		const file = path.join(workDir, `${what}.json`);
		await writeFile(file, JSON.stringify(data, null, 2));
		await n8n.cliOrThrow([`import:${what}`, `--input=${file}`]);
		log(`n8n import:${what}`, at);
	};
	const meiGenKey = { apiKey: TEST_API_KEY, baseUrl: fake.apiUrl };
	const openAiKey = { apiKey: 'sk-e2e-not-a-real-key', url: openAi.url };
	await importFile('credentials', [
		{ ...MEIGEN_CREDENTIAL, type: 'meiGenApi', data: meiGenKey },
		{ ...OPENAI_CREDENTIAL, type: 'openAiApi', data: openAiKey },
	]);
	const nodeTypes = await recordInDatabase(n8n, installed.packageJson, repoRoot);
	const { name, version } = installed.packageJson;
	console.log(`${tag} recorded ${name}@${version} in installed_packages (${nodeTypes.join(', ')})`);

	const wiring = {
		credentials: { meiGenApi: MEIGEN_CREDENTIAL, openAiApi: OPENAI_CREDENTIAL },
		filesFolder,
		// The fake finishes Skills in about 200 ms: poll every second unless the example sets more.
		skillPollSeconds: 1,
	};
	const imported = new Map(
		workflows
			.filter((workflow) => workflow.lines.includes(line.id))
			.map(({ name, id, source }) => [name, { ...wireExample(source, wiring), id, active: false }]),
	);
	await importFile('workflow', [...imported.values()]);
	return { runtime, tag, n8n, fake, openAi, imported, workDir };
}

/**
 * Runs a workflow that waits at a Wait form: `n8n execute` leaves it `waiting`; the test opens
 * the form on `n8n start` (started once per line), calls `beforeAnswer`, approves and waits for
 * the run to end.
 */
async function runWithApproval(line: Line, workflowId: string, beforeAnswer?: () => void) {
	const { fake, n8n } = line;
	const requestsBefore = fake.requests.length;
	const { cli, execution: waiting } = await n8n.execute(workflowId);
	if (waiting.status !== 'waiting')
		throw new Error(`execution ${waiting.id} is ${waiting.status}, not waiting:\n${cli.stderr}`);
	if (!line.server) {
		const started = Date.now();
		line.server = await n8n.serve(await freePort(), path.join(line.workDir, 'n8n.log'));
		console.log(`${line.tag} n8n start on ${line.server.url} (${seconds(Date.now() - started)})`);
	}
	const token = waiting.data.resumeToken;
	const formUrl = `${line.server.url}/form-waiting/${waiting.id}${token ? `?signature=${token}` : ''}`;
	const page = await fetch(formUrl, { signal: AbortSignal.timeout(10_000) });
	const form = await page.text();
	const requestsWhileWaiting = fake.requests.slice(requestsBefore);
	beforeAnswer?.();
	const body = new FormData();
	body.set('field-0', 'Approve');
	const signal = AbortSignal.timeout(30_000);
	const answer = await fetch(formUrl, { method: 'POST', body, signal });
	await answer.arrayBuffer();
	const execution = await waitUntil(`execution ${waiting.id} to end`, 120_000, async () => {
		const latest = await n8n.latestExecution(workflowId);
		// n8n 1.x saves the status before the data: until then the data is still the waiting run's.
		const over = !['new', 'running', 'waiting'].includes(latest.status) && !latest.data.waitTill;
		return over ? latest : undefined;
	});
	const { status: formStatus } = page;
	const approval = { waiting, form, formStatus, answerStatus: answer.status, requestsWhileWaiting };
	return { execution, approval };
}

/** Runs one workflow; what the fake saw meanwhile is for the checks. */
async function runWorkflow(line: Line, name: string): Promise<ExampleContext> {
	const { n8n, fake, openAi } = line;
	const workflow = line.imported.get(name);
	if (!workflow) throw new Error(`${name} was not imported`);
	const news = fakeSince(fake);
	const started = Date.now();
	const approve = (beforeAnswer?: () => void) => runWithApproval(line, workflow.id, beforeAnswer);
	const { execution, cli, approval } = APPROVALS.has(name)
		? { cli: undefined, ...(await approve()) }
		: { ...(await n8n.execute(workflow.id)), approval: undefined };
	const took = seconds(Date.now() - started);
	console.log(`${line.tag} ${name}: execution ${execution.id}, ${execution.status} (${took})`);
	return { n8n, fake, openAi, execution, cli, approval, approve, workflow, ...news() };
}

describe.each(selectLines(process.env))('n8n $n8nVersion', (n8nLine) => {
	let line: Line | undefined;
	let started = 0;
	let setupMs = 0;
	beforeAll(async () => {
		started = Date.now();
		line = await setUpLine(n8nLine);
		setupMs = Date.now() - started;
	});
	afterAll(async () => {
		const examplesMs = setupMs ? Date.now() - started - setupMs : 0;
		await cleanup();
		const runtime = line?.runtime;
		const install = runtime
			? `${runtime.installed ? 'cold install' : 'cached runtime'} ${seconds(runtime.ms)}`
			: 'runtime not installed';
		console.log(
			`[e2e] n8n ${n8nLine.n8nVersion} on Node ${n8nLine.nodeVersion}: ${install}, set-up ${seconds(setupMs)}, workflows ${seconds(examplesMs)}, total ${seconds(Date.now() - started)}`,
		);
	});

	const here = workflows.filter((workflow) => workflow.lines.includes(n8nLine.id));
	describe.each(here)('$name', ({ name }) => {
		let ctx: ExampleContext;
		let restore: (() => void) | undefined;
		beforeAll(async () => {
			if (!line) throw new Error(`n8n ${n8nLine.n8nVersion} was not set up`);
			restore = exampleSetups[name]?.(line.fake, JOB_DURATIONS);
			ctx = await runWorkflow(line, name);
		});
		afterAll(async () => {
			restore?.();
			// Only the approvals need the server: the runs after them have the machine to themselves.
			await line?.server?.service.stop();
			if (line) line.server = undefined;
		});

		test('runs, and the API key stays where it belongs', () => commonChecks(ctx));

		test('produces what it should', async () => {
			const check = exampleChecks[name];
			expect(check).toBeDefined();
			await check?.(ctx);
		});
	});
});
