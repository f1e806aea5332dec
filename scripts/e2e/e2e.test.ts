/**
 * End-to-end test in a real n8n: packs the built package, installs it into n8n the way n8n
 * installs community packages, and runs every workflow in examples/ with `n8n execute` against
 * the fake MeiGen server (and, for the agent, a fake OpenAI-compatible chat model). It does so in
 * each n8n line (2.x and 1.x, see scripts/lib/lines.ts), one after the other, each in a fresh
 * user folder. Two tests per example: the run itself, and what the example must produce.
 *
 *   npm run build && npm run test:e2e [-- -t <example name>]
 *
 * E2E_N8N=1 or 2 runs one line only (`npm test` runs 2). E2E_KEEP=1 keeps the temporary n8n user
 * folders for inspection. The n8n installs are cached in
 * ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-meigen/e2e (see scripts/lib/cache.ts).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startFakeMeiGen, TEST_API_KEY, type FakeMeiGen } from '../../test/fake-server';
import { ensureRuntime, type Runtime } from '../lib/cache';
import { cleanup, cleanupOnSignals, onCleanup } from '../lib/cleanup';
import { readExamples, wireExample, type WorkflowJson } from '../lib/examples';
import { startFakeOpenAi, type FakeOpenAi } from '../lib/fake-openai';
import { installIntoUserFolder, packPackage, recordInDatabase } from '../lib/install-package';
import { selectLines, type N8nLine } from '../lib/lines';
import { N8nInstance } from '../lib/n8n';
import { sampleUrls } from '../lib/samples';
import { commonChecks, exampleChecks, exampleSetups, type ExampleContext } from './checks';

const repoRoot = path.resolve(__dirname, '..', '..');

const MEIGEN_CREDENTIAL = { id: 'meigenE2eCred01', name: 'MeiGen e2e' };
const OPENAI_CREDENTIAL = { id: 'openAiE2eCred01', name: 'OpenAI e2e' };
/** The fake finishes Skills in about 200 ms: poll every second unless the example sets more. */
const SKILL_POLL_SECONDS = 1;

/** Short job durations keep the run quick; everything else is the fake's normal behaviour. */
const JOB_DURATIONS: Record<string, number> = {
	'flux2-klein': 1000,
	'nanobanana-2': 1000,
	'midjourney-v8.1': 2000,
	'seedance-2-0': 2000,
};

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

if (!existsSync(path.join(repoRoot, 'dist', 'nodes', 'MeiGen', 'MeiGen.node.js')))
	throw new Error('dist/ is missing: run `npm ci && npm run build` first');

const examples = readExamples().map((example, index) => ({
	...example,
	id: `meigenE2eWf${String(index + 1).padStart(3, '0')}`,
}));

// n8n runs in its own process group (so its task runner can be stopped with it): Ctrl-C stops it.
cleanupOnSignals('e2e');

/** One n8n line, ready: the package installed, the credentials and examples imported. */
interface Line {
	runtime: Runtime;
	tag: string;
	n8n: N8nInstance;
	fake: FakeMeiGen;
	openAi: FakeOpenAi;
	workflows: WorkflowJson[];
	filesFolder: string;
	setupMs: number;
}

async function setUpLine(line: N8nLine): Promise<Line> {
	console.log(`\n[e2e] === n8n ${line.n8nVersion} on Node ${line.nodeVersion} ===`);
	const runtime = await ensureRuntime(line);
	const tag = `[n8n ${runtime.n8nVersion}]`;
	const setupStarted = Date.now();
	const workDir = await mkdtemp(path.join(tmpdir(), `meigen-e2e-n8n${line.id}-`));
	onCleanup(`remove ${workDir}`, async () => {
		if (process.env.E2E_KEEP) console.log(`${tag} kept ${workDir}`);
		else await rm(workDir, { recursive: true, force: true });
	});
	const userFolder = path.join(workDir, 'user');
	const filesFolder = path.join(workDir, 'files');
	await mkdir(userFolder, { recursive: true });
	await mkdir(filesFolder, { recursive: true });
	const n8n = new N8nInstance(runtime, userFolder, filesFolder);
	await n8n.init();
	onCleanup('stop n8n', () => n8n.stopAll());

	let step = Date.now();
	const tarball = await packPackage(repoRoot, path.join(workDir, 'pack'));
	const installed = await installIntoUserFolder(n8n, tarball);
	console.log(
		`${tag} packed ${path.basename(tarball)} and installed it into ${installed.directory} (${seconds(Date.now() - step)})`,
	);

	const fake = await startFakeMeiGen({ jobDurations: JOB_DURATIONS });
	onCleanup('close the fake MeiGen', () => fake.close());
	const openAi = await startFakeOpenAi();
	onCleanup('close the fake chat model', () => openAi.close());
	console.log(
		`${tag} fake MeiGen API ${fake.apiUrl}, CDN ${fake.cdnUrl}; fake chat model ${openAi.url}`,
	);

	step = Date.now();
	const credentials = [
		{
			...MEIGEN_CREDENTIAL,
			type: 'meiGenApi',
			data: { apiKey: TEST_API_KEY, baseUrl: fake.apiUrl },
		},
		{
			...OPENAI_CREDENTIAL,
			type: 'openAiApi',
			data: { apiKey: 'sk-e2e-not-a-real-key', url: openAi.url },
		},
	];
	const credentialsFile = path.join(workDir, 'credentials.json');
	await writeFile(credentialsFile, JSON.stringify(credentials, null, 2));
	await n8n.cliOrThrow(['import:credentials', `--input=${credentialsFile}`]);
	console.log(`${tag} n8n import:credentials (${seconds(Date.now() - step)})`);

	const nodeTypes = await recordInDatabase(n8n, installed, repoRoot);
	console.log(
		`${tag} recorded ${installed.packageJson.name}@${installed.packageJson.version} in installed_packages (${nodeTypes.join(', ')})`,
	);

	const wiring = {
		credentials: { meiGenApi: MEIGEN_CREDENTIAL, openAiApi: OPENAI_CREDENTIAL },
		filesFolder,
		samples: sampleUrls(fake.cdnUrl),
		skillPollSeconds: SKILL_POLL_SECONDS,
	};
	const workflows = examples.map(({ id, source }) => ({
		...wireExample(source, wiring),
		id,
		active: false,
	}));
	step = Date.now();
	const workflowsFile = path.join(workDir, 'workflows.json');
	await writeFile(workflowsFile, JSON.stringify(workflows, null, 2));
	await n8n.cliOrThrow(['import:workflow', `--input=${workflowsFile}`]);
	console.log(
		`${tag} n8n import:workflow: ${workflows.length} workflows (${seconds(Date.now() - step)})`,
	);
	return {
		runtime,
		tag,
		n8n,
		fake,
		openAi,
		workflows,
		filesFolder,
		setupMs: Date.now() - setupStarted,
	};
}

/** Runs one example with `n8n execute`; what the fake saw meanwhile is for the checks. */
async function runExample(line: Line, name: string, index: number): Promise<ExampleContext> {
	const { n8n, fake, openAi } = line;
	const workflow = line.workflows[index];
	const jobsBefore = new Set(fake.jobs.keys());
	const skillRunsBefore = new Set(fake.skillRuns.keys());
	const uploadsBefore = new Set(fake.skillUploads.keys());
	const referenceUploadsBefore = new Set(fake.uploads.keys());
	const storagePutsBefore = fake.storagePuts.length;
	const creditsBefore = { ...fake.credits };
	const requestsBefore = fake.requests.length;
	const cdnBefore = fake.cdnRequests.length;
	const started = Date.now();
	const { cli, execution } = await n8n.execute(workflow.id ?? '');
	console.log(
		`${line.tag} ${name}: execution ${execution.id}, ${execution.status}, data from ${execution.source} (${seconds(Date.now() - started)})`,
	);
	return {
		n8n,
		fake,
		openAi,
		execution,
		cli,
		workflow,
		newJobs: [...fake.jobs.values()].filter((job) => !jobsBefore.has(job.id)),
		newSkillRuns: [...fake.skillRuns.values()].filter((run) => !skillRunsBefore.has(run.requestId)),
		newSkillUploads: [...fake.skillUploads.values()].filter(
			(upload) => !uploadsBefore.has(upload.id),
		),
		newReferenceUploads: [...fake.uploads.values()].filter(
			(upload) => !referenceUploadsBefore.has(upload.key),
		),
		newStoragePuts: fake.storagePuts.slice(storagePutsBefore),
		creditsBefore,
		newRequests: fake.requests.slice(requestsBefore),
		newCdnRequests: fake.cdnRequests.slice(cdnBefore),
		filesFolder: line.filesFolder,
	};
}

describe.each(selectLines(process.env))('n8n $n8nVersion', (n8nLine) => {
	let line: Line | undefined;
	let started = 0;
	let examplesStarted = 0;
	beforeAll(async () => {
		started = Date.now();
		line = await setUpLine(n8nLine);
		examplesStarted = Date.now();
	});
	afterAll(async () => {
		const examplesMs = Date.now() - examplesStarted;
		await cleanup();
		const runtime = line?.runtime;
		const install = runtime
			? `${runtime.installed ? 'cold install' : 'cached runtime'} ${seconds(runtime.ms)}`
			: 'runtime not installed';
		console.log(
			`[e2e] n8n ${n8nLine.n8nVersion} on Node ${n8nLine.nodeVersion}: ${install}, set-up ${seconds(line?.setupMs ?? 0)}, examples ${seconds(examplesStarted ? examplesMs : 0)}, total ${seconds(Date.now() - started)}`,
		);
	});

	describe.each(examples.map((example, index) => ({ ...example, index })))(
		'$name',
		({ name, index }) => {
			let ctx: ExampleContext;
			let restore: (() => void) | undefined;
			beforeAll(async () => {
				if (!line) throw new Error(`n8n ${n8nLine.n8nVersion} was not set up`);
				restore = exampleSetups[name]?.(line.fake, JOB_DURATIONS);
				ctx = await runExample(line, name, index);
			});
			afterAll(() => restore?.());

			test('runs, and the API key stays where it belongs', () => commonChecks(ctx));

			test('produces what it should', async () => {
				const check = exampleChecks[name];
				expect(check).toBeDefined();
				await check?.(ctx);
			});
		},
	);
});
