/**
 * End-to-end test in a real n8n: packs the built package, installs it into n8n the way n8n
 * installs community packages, and runs every workflow in examples/ with `n8n execute` against
 * the fake MeiGen server (and, for the agent, a fake OpenAI-compatible chat model).
 *
 *   npm ci && npm run build && npm run test:e2e [-- <example name filter>...]
 *
 * E2E_KEEP=1 keeps the temporary n8n user folder for inspection. The n8n install is cached in
 * ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-meigen/e2e (see cache.ts).
 */
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startFakeMeiGen, TEST_API_KEY, type FakeMeiGen } from '../../test/fake-server';
import { ensureRuntime } from './cache';
import { commonChecks, Expect, exampleChecks, type WorkflowJson } from './checks';
import { startFakeOpenAi, type FakeOpenAi } from './fake-openai';
import { installIntoUserFolder, packPackage, recordInDatabase } from './install-package';
import { N8nInstance } from './n8n';

const repoRoot = path.resolve(__dirname, '..', '..');
const examplesDir = path.join(repoRoot, 'examples');

const MEIGEN_CREDENTIAL = { id: 'meigenE2eCred01', name: 'MeiGen e2e' };
const OPENAI_CREDENTIAL = { id: 'openAiE2eCred01', name: 'OpenAI e2e' };
/** The folder the examples write to in n8n's Docker image; the script points it at its own folder. */
const EXAMPLE_FILES_FOLDER = '/home/node/.n8n-files';

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

/** Points the example at this run's credentials and folders, and gives it a fixed id. */
function prepareWorkflow(source: WorkflowJson, id: string, filesFolder: string): WorkflowJson {
	const workflow = JSON.parse(JSON.stringify(source)) as WorkflowJson;
	workflow.id = id;
	workflow.active = false;
	for (const node of workflow.nodes) {
		if (node.credentials?.meiGenApi) node.credentials.meiGenApi = { ...MEIGEN_CREDENTIAL };
		if (node.credentials?.openAiApi) node.credentials.openAiApi = { ...OPENAI_CREDENTIAL };
		for (const [key, value] of Object.entries(node.parameters)) {
			if (typeof value === 'string' && value.includes(EXAMPLE_FILES_FOLDER)) {
				node.parameters[key] = value.split(EXAMPLE_FILES_FOLDER).join(filesFolder);
			}
		}
	}
	return workflow;
}

interface ExampleFile {
	name: string;
	workflow: WorkflowJson;
	id: string;
}

async function loadExamples(filters: string[], filesFolder: string): Promise<ExampleFile[]> {
	const files = (await readdir(examplesDir)).filter((file) => file.endsWith('.json')).sort();
	const examples: ExampleFile[] = [];
	for (const [index, file] of files.entries()) {
		const name = file.replace(/\.json$/, '');
		if (filters.length && !filters.some((filter) => name.includes(filter))) continue;
		const source = JSON.parse(await readFile(path.join(examplesDir, file), 'utf8')) as WorkflowJson;
		const id = `meigenE2eWf${String(index + 1).padStart(3, '0')}`;
		examples.push({ name, id, workflow: prepareWorkflow(source, id, filesFolder) });
	}
	return examples;
}

async function main(): Promise<number> {
	const started = Date.now();
	const filters = process.argv.slice(2);
	if (!existsSync(path.join(repoRoot, 'dist', 'nodes', 'MeiGen', 'MeiGen.node.js'))) {
		console.error('dist/ is missing: run `npm ci && npm run build` first');
		return 2;
	}

	const runtime = await ensureRuntime();

	const workDir = await mkdtemp(path.join(tmpdir(), 'meigen-e2e-'));
	const userFolder = path.join(workDir, 'user');
	const filesFolder = path.join(workDir, 'files');
	await mkdir(userFolder, { recursive: true });
	await mkdir(filesFolder, { recursive: true });
	const n8n = new N8nInstance(runtime, userFolder, filesFolder);
	await n8n.init();
	// n8n runs in its own process group (so its task runner can be stopped with it): pass Ctrl-C on.
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			n8n.stopAll();
			if (process.env.E2E_KEEP) console.log(`[e2e] stopped by ${signal}; kept ${workDir}`);
			else {
				console.log(`[e2e] stopped by ${signal}`);
				rmSync(workDir, { recursive: true, force: true });
			}
			process.exit(130);
		});
	}

	let fake: FakeMeiGen | undefined;
	let openAi: FakeOpenAi | undefined;
	let passed = 0;
	let failed = 0;
	try {
		let step = Date.now();
		const tarball = await packPackage(repoRoot, path.join(workDir, 'pack'));
		const installed = await installIntoUserFolder(n8n, tarball);
		console.log(`[setup] packed ${path.basename(tarball)} and installed it into ${installed.directory} (${seconds(Date.now() - step)})`);

		// Short job durations keep the run quick; everything else is the fake's normal behaviour.
		fake = await startFakeMeiGen({
			jobDurations: { 'z-image-turbo': 1000, 'nanobanana-2': 1000, 'midjourney-v8.1': 2000, 'seedance-2-0': 2000 },
		});
		openAi = await startFakeOpenAi();
		console.log(`[setup] fake MeiGen API ${fake.apiUrl}, CDN ${fake.cdnUrl}; fake chat model ${openAi.url}`);

		step = Date.now();
		const credentials = [
			{ ...MEIGEN_CREDENTIAL, type: 'meiGenApi', data: { apiKey: TEST_API_KEY, baseUrl: fake.apiUrl } },
			{ ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-e2e-not-a-real-key', url: openAi.url } },
		];
		const credentialsFile = path.join(workDir, 'credentials.json');
		await writeFile(credentialsFile, JSON.stringify(credentials, null, 2));
		await n8n.cliOrThrow(['import:credentials', `--input=${credentialsFile}`]);
		console.log(`[setup] n8n import:credentials (${seconds(Date.now() - step)})`);

		const nodeTypes = await recordInDatabase(n8n, installed, repoRoot);
		console.log(`[setup] recorded ${installed.packageJson.name}@${installed.packageJson.version} in installed_packages (${nodeTypes.join(', ')})`);

		const examples = await loadExamples(filters, filesFolder);
		if (!examples.length) {
			console.error(`no example matches ${filters.join(', ')}`);
			return 2;
		}
		step = Date.now();
		const workflowsFile = path.join(workDir, 'workflows.json');
		await writeFile(workflowsFile, JSON.stringify(examples.map((example) => example.workflow), null, 2));
		await n8n.cliOrThrow(['import:workflow', `--input=${workflowsFile}`]);
		console.log(`[setup] n8n import:workflow: ${examples.length} workflows (${seconds(Date.now() - step)})`);

		for (const example of examples) {
			const jobsBefore = new Set(fake.jobs.keys());
			const cdnBefore = fake.cdnRequests.length;
			const exampleStarted = Date.now();
			const expect = new Expect();
			try {
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
					newCdnRequests: fake.cdnRequests.slice(cdnBefore),
					filesFolder,
				};
				commonChecks(expect, ctx);
				const check = exampleChecks[example.name];
				if (expect.that(check !== undefined, `no checks written for ${example.name}`) && check) await check(expect, ctx);
				if (expect.failures.length && execution.status !== 'success') {
					console.log(`        n8n output (last lines):\n${cli.stdout.split('\n').slice(-15).join('\n')}\n${cli.stderr.split('\n').slice(-10).join('\n')}`);
				}
				console.log(
					`${expect.failures.length ? 'FAIL' : 'PASS'} ${example.name} (${seconds(Date.now() - exampleStarted)}; execution ${execution.id}, ${execution.status}, data from ${execution.source})`,
				);
			} catch (error) {
				expect.failures.push(error instanceof Error ? error.message : String(error));
				console.log(`FAIL ${example.name} (${seconds(Date.now() - exampleStarted)})`);
			}
			for (const failure of expect.failures) console.log(`       - ${failure}`);
			if (expect.failures.length) failed++;
			else passed++;
		}
	} catch (error) {
		console.error(`e2e set-up failed: ${error instanceof Error ? error.message : String(error)}`);
		failed++;
	} finally {
		n8n.stopAll();
		await fake?.close();
		await openAi?.close();
		if (process.env.E2E_KEEP) console.log(`[e2e] kept ${workDir}`);
		else await rm(workDir, { recursive: true, force: true });
	}
	console.log(`[e2e] finished in ${seconds(Date.now() - started)}`);
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
