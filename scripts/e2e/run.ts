/**
 * End-to-end test in a real n8n: packs the built package, installs it into n8n the way n8n
 * installs community packages, and runs every workflow in examples/ with `n8n execute` against
 * the fake MeiGen server (and, for the agent, a fake OpenAI-compatible chat model). It does so in
 * each n8n line (2.x and 1.x, see lines.ts), one after the other, each in a fresh user folder.
 *
 *   npm ci && npm run build && npm run test:e2e [-- [--n8n=1|2] <example name filter>...]
 *
 * E2E_N8N=1 or 2 runs one line only. E2E_KEEP=1 keeps the temporary n8n user folders for
 * inspection. The n8n installs are cached in ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-meigen/e2e
 * (see cache.ts).
 */
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startFakeMeiGen, TEST_API_KEY, type FakeMeiGen } from '../../test/fake-server';
import { ensureRuntime, type Runtime } from '../lib/cache';
import { commonChecks, Expect, exampleChecks, exampleSetups, type WorkflowJson } from './checks';
import { startFakeOpenAi, type FakeOpenAi } from '../lib/fake-openai';
import { installIntoUserFolder, packPackage, recordInDatabase } from '../lib/install-package';
import { selectLines, type N8nLine } from '../lib/lines';
import { N8nInstance } from '../lib/n8n';
import { sampleUrls } from '../lib/samples';

const repoRoot = path.resolve(__dirname, '..', '..');
const examplesDir = path.join(repoRoot, 'examples');

const MEIGEN_CREDENTIAL = { id: 'meigenE2eCred01', name: 'MeiGen e2e' };
const OPENAI_CREDENTIAL = { id: 'openAiE2eCred01', name: 'OpenAI e2e' };
/** The folder the examples write to in n8n's Docker image; the script points it at its own folder. */
const EXAMPLE_FILES_FOLDER = '/home/node/.n8n-files';
const MEIGEN_NODE_TYPE = 'n8n-nodes-meigen.meiGen';

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * MeiGen recommends polling Skills every 10 s (the node's default); the fake finishes them in
 * about 200 ms, so Skill nodes poll every second here unless the example sets an interval.
 */
const SKILL_POLL_SECONDS = 1;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Points the example at this run's credentials, folders and sample files (see samples.ts), gives
 * it a fixed id and makes its Skill nodes poll quickly.
 */
function prepareWorkflow(
	source: WorkflowJson,
	id: string,
	filesFolder: string,
	samples: Record<string, string>,
): WorkflowJson {
	const workflow = JSON.parse(JSON.stringify(source)) as WorkflowJson;
	workflow.id = id;
	workflow.active = false;
	for (const node of workflow.nodes) {
		if (node.credentials?.meiGenApi) node.credentials.meiGenApi = { ...MEIGEN_CREDENTIAL };
		if (node.credentials?.openAiApi) node.credentials.openAiApi = { ...OPENAI_CREDENTIAL };
		for (const [key, value] of Object.entries(node.parameters)) {
			if (typeof value !== 'string') continue;
			if (value.includes(EXAMPLE_FILES_FOLDER)) {
				node.parameters[key] = value.split(EXAMPLE_FILES_FOLDER).join(filesFolder);
			}
			if (samples[value] !== undefined) node.parameters[key] = samples[value];
		}
		if (node.type === MEIGEN_NODE_TYPE && node.parameters.resource === 'skill') {
			const options = isRecord(node.parameters.options) ? node.parameters.options : {};
			node.parameters.options = { pollInterval: SKILL_POLL_SECONDS, ...options };
		}
	}
	return workflow;
}

interface ExampleSource {
	name: string;
	id: string;
	source: WorkflowJson;
}

interface ExampleFile {
	name: string;
	workflow: WorkflowJson;
	id: string;
}

async function loadExamples(filters: string[]): Promise<ExampleSource[]> {
	const files = (await readdir(examplesDir)).filter((file) => file.endsWith('.json')).sort();
	const examples: ExampleSource[] = [];
	for (const [index, file] of files.entries()) {
		const name = file.replace(/\.json$/, '');
		if (filters.length && !filters.some((filter) => name.includes(filter))) continue;
		const source = JSON.parse(await readFile(path.join(examplesDir, file), 'utf8')) as WorkflowJson;
		examples.push({ name, id: `meigenE2eWf${String(index + 1).padStart(3, '0')}`, source });
	}
	return examples;
}

/** Short job durations keep the run quick; everything else is the fake's normal behaviour. */
const JOB_DURATIONS: Record<string, number> = {
	'flux2-klein': 1000,
	'nanobanana-2': 1000,
	'midjourney-v8.1': 2000,
	'seedance-2-0': 2000,
};

interface LineResult {
	label: string;
	runtime?: Runtime;
	passed: number;
	failed: number;
	/** Packing, installing the package, importing credentials and workflows. */
	setupMs: number;
	examplesMs: number;
	totalMs: number;
}

/** What a Ctrl-C must stop and clean up: the line that is running now. */
let current: { n8n: N8nInstance; workDir: string } | undefined;

function onSignal(signal: NodeJS.Signals): void {
	if (current) {
		current.n8n.stopAll();
		if (process.env.E2E_KEEP) console.log(`[e2e] stopped by ${signal}; kept ${current.workDir}`);
		else rmSync(current.workDir, { recursive: true, force: true });
	}
	if (!current || !process.env.E2E_KEEP) console.log(`[e2e] stopped by ${signal}`);
	process.exit(130);
}

/** Installs (or finds) one n8n line, installs the package into it and runs the examples. */
async function runLine(line: N8nLine, sources: ExampleSource[]): Promise<LineResult> {
	const started = Date.now();
	const result: LineResult = {
		label: `n8n ${line.n8nVersion}`,
		passed: 0,
		failed: 0,
		setupMs: 0,
		examplesMs: 0,
		totalMs: 0,
	};
	console.log(`\n[e2e] === n8n ${line.n8nVersion} on Node ${line.nodeVersion} ===`);
	let runtime: Runtime;
	try {
		runtime = await ensureRuntime(line);
	} catch (error) {
		console.error(
			`[${result.label}] installing n8n failed: ${error instanceof Error ? error.message : String(error)}`,
		);
		result.failed++;
		result.totalMs = Date.now() - started;
		return result;
	}
	result.runtime = runtime;
	result.label = `n8n ${runtime.n8nVersion}`;
	const tag = `[${result.label}]`;

	const workDir = await mkdtemp(path.join(tmpdir(), `meigen-e2e-n8n${line.id}-`));
	const userFolder = path.join(workDir, 'user');
	const filesFolder = path.join(workDir, 'files');
	await mkdir(userFolder, { recursive: true });
	await mkdir(filesFolder, { recursive: true });
	const n8n = new N8nInstance(runtime, userFolder, filesFolder);
	await n8n.init();
	current = { n8n, workDir };

	let fake: FakeMeiGen | undefined;
	let openAi: FakeOpenAi | undefined;
	try {
		const setupStarted = Date.now();
		let step = Date.now();
		const tarball = await packPackage(repoRoot, path.join(workDir, 'pack'));
		const installed = await installIntoUserFolder(n8n, tarball);
		console.log(
			`${tag} packed ${path.basename(tarball)} and installed it into ${installed.directory} (${seconds(Date.now() - step)})`,
		);

		fake = await startFakeMeiGen({ jobDurations: JOB_DURATIONS });
		openAi = await startFakeOpenAi();
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

		const samples = sampleUrls(fake.cdnUrl);
		const examples: ExampleFile[] = sources.map(({ name, id, source }) => ({
			name,
			id,
			workflow: prepareWorkflow(source, id, filesFolder, samples),
		}));
		step = Date.now();
		const workflowsFile = path.join(workDir, 'workflows.json');
		await writeFile(
			workflowsFile,
			JSON.stringify(
				examples.map((example) => example.workflow),
				null,
				2,
			),
		);
		await n8n.cliOrThrow(['import:workflow', `--input=${workflowsFile}`]);
		console.log(
			`${tag} n8n import:workflow: ${examples.length} workflows (${seconds(Date.now() - step)})`,
		);
		result.setupMs = Date.now() - setupStarted;

		const examplesStarted = Date.now();
		for (const example of examples) {
			if (await runExample(tag, n8n, fake, openAi, example, filesFolder)) result.passed++;
			else result.failed++;
		}
		result.examplesMs = Date.now() - examplesStarted;
	} catch (error) {
		console.error(
			`${tag} e2e set-up failed: ${error instanceof Error ? error.message : String(error)}`,
		);
		result.failed++;
	} finally {
		n8n.stopAll();
		current = undefined;
		await fake?.close();
		await openAi?.close();
		if (process.env.E2E_KEEP) console.log(`${tag} kept ${workDir}`);
		else await rm(workDir, { recursive: true, force: true });
	}
	result.totalMs = Date.now() - started;
	return result;
}

/** Runs one example and checks what it produced. Returns whether every check passed. */
async function runExample(
	tag: string,
	n8n: N8nInstance,
	fake: FakeMeiGen,
	openAi: FakeOpenAi,
	example: ExampleFile,
	filesFolder: string,
): Promise<boolean> {
	const jobsBefore = new Set(fake.jobs.keys());
	const skillRunsBefore = new Set(fake.skillRuns.keys());
	const uploadsBefore = new Set(fake.skillUploads.keys());
	const referenceUploadsBefore = new Set(fake.uploads.keys());
	const storagePutsBefore = fake.storagePuts.length;
	const creditsBefore = { ...fake.credits };
	const requestsBefore = fake.requests.length;
	const cdnBefore = fake.cdnRequests.length;
	const started = Date.now();
	const expect = new Expect();
	let restore: (() => void) | undefined;
	try {
		restore = exampleSetups[example.name]?.(fake, JOB_DURATIONS);
		const { cli, execution } = await n8n.execute(example.id);
		const newJobs = [...fake.jobs.values()].filter((job) => !jobsBefore.has(job.id));
		const ctx = {
			n8n,
			fake,
			openAi,
			execution,
			cli,
			workflow: example.workflow,
			newJobs,
			newSkillRuns: [...fake.skillRuns.values()].filter(
				(run) => !skillRunsBefore.has(run.requestId),
			),
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
			filesFolder,
		};
		commonChecks(expect, ctx);
		const check = exampleChecks[example.name];
		if (expect.that(check !== undefined, `no checks written for ${example.name}`) && check)
			await check(expect, ctx);
		if (expect.failures.length && execution.status !== 'success') {
			console.log(
				`        n8n output (last lines):\n${cli.stdout.split('\n').slice(-15).join('\n')}\n${cli.stderr.split('\n').slice(-10).join('\n')}`,
			);
		}
		console.log(
			`${expect.failures.length ? 'FAIL' : 'PASS'} ${tag} ${example.name} (${seconds(Date.now() - started)}; execution ${execution.id}, ${execution.status}, data from ${execution.source})`,
		);
	} catch (error) {
		expect.failures.push(error instanceof Error ? error.message : String(error));
		console.log(`FAIL ${tag} ${example.name} (${seconds(Date.now() - started)})`);
	} finally {
		restore?.();
	}
	for (const failure of expect.failures) console.log(`       - ${failure}`);
	return expect.failures.length === 0;
}

function timingLine(result: LineResult): string {
	const runtime = result.runtime;
	const install = runtime
		? `${runtime.installed ? 'cold install' : 'cached runtime'} ${seconds(runtime.ms)}`
		: 'runtime not installed';
	const node = runtime ? ` on Node ${runtime.line.nodeVersion}` : '';
	return (
		`[e2e] ${result.label}${node}: ${install}, set-up ${seconds(result.setupMs)}, examples ${seconds(result.examplesMs)}, ` +
		`total ${seconds(result.totalMs)}; ${result.passed} passed, ${result.failed} failed`
	);
}

async function main(): Promise<number> {
	const started = Date.now();
	let selection: ReturnType<typeof selectLines>;
	try {
		selection = selectLines(process.argv.slice(2), process.env);
	} catch (error) {
		console.error(error instanceof Error ? error.message : String(error));
		return 2;
	}
	if (!existsSync(path.join(repoRoot, 'dist', 'nodes', 'MeiGen', 'MeiGen.node.js'))) {
		console.error('dist/ is missing: run `npm ci && npm run build` first');
		return 2;
	}
	const sources = await loadExamples(selection.filters);
	if (!sources.length) {
		console.error(`no example matches ${selection.filters.join(', ')}`);
		return 2;
	}
	// n8n runs in its own process group (so its task runner can be stopped with it): pass Ctrl-C on.
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	console.log(
		`[e2e] ${sources.length} examples in ${selection.lines.map((line) => `n8n ${line.n8nVersion}`).join(' and ')}`,
	);

	const results: LineResult[] = [];
	for (const line of selection.lines) results.push(await runLine(line, sources));

	console.log('');
	for (const result of results) console.log(timingLine(result));
	console.log(`[e2e] finished in ${seconds(Date.now() - started)}`);
	const passed = results.reduce((sum, result) => sum + result.passed, 0);
	const failed = results.reduce((sum, result) => sum + result.failed, 0);
	console.log(`${passed} passed, ${failed} failed`);
	return failed ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		console.log('0 passed, 1 failed');
		process.exit(1);
	},
);
