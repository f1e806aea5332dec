/**
 * `npm run dev -- --external-n8n <folder>` against an n8n it did not start (the cached 2.41.1 with
 * N8N_DEV_RELOAD=true), on a copy of the project at HEAD so its source can be edited: the package
 * is built into the folder, n8n loads it under the examples' node types, and an edit is reloaded.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { ensureRuntime } from '../lib/cache';
import { cleanup, cleanupOnSignals, onCleanup, tempFolder } from '../lib/cleanup';
import { LINES } from '../lib/lines';
import { N8nInstance } from '../lib/n8n';
import { freePort } from '../lib/ports';
import { waitUntil } from '../lib/process';
import { N8nRest } from '../lib/rest';
import { seconds } from '../lib/timing';
import { startExternal, type External } from './external';
import { repoRoot } from './package';

const NODE_SOURCE = path.join('nodes', 'MeiGen', 'MeiGen.node.ts');
const SUBTITLE = /subtitle: '[^']*'/;

let work = '';
let project = '';
let external: External;
let rest: N8nRest;

cleanupOnSignals('dev');
beforeAll(async () => {
	work = await tempFolder('meigen-external-');
	project = path.join(work, 'project');
	await mkdir(project);
	const files = ['nodes', 'credentials', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
	const options = { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 };
	const archive = execFileSync('git', ['archive', 'HEAD', ...files, 'gulpfile.js'], options);
	execFileSync('tar', ['-x', '-C', project], { input: archive });
	await symlink(path.join(repoRoot, 'node_modules'), path.join(project, 'node_modules'));

	let at = Date.now();
	const userFolder = path.join(work, 'user');
	external = await startExternal({ folder: userFolder, root: project, log: () => undefined });
	onCleanup('stop the watcher', () => external.stop());
	console.log(`[check] built and copied into ${external.directory} in ${seconds(Date.now() - at)}`);

	at = Date.now();
	const runtime = await ensureRuntime(LINES['2']);
	const n8n = new N8nInstance(runtime, userFolder, path.join(work, 'files'));
	await n8n.init();
	const reload = { N8N_DEV_RELOAD: 'true' };
	const server = await n8n.serve(await freePort(), path.join(work, 'n8n.log'), reload);
	rest = new N8nRest(server.url);
	await rest.setupOwner();
	console.log(`[check] n8n ${n8n.major}.x started on ${server.url} in ${seconds(Date.now() - at)}`);
});
afterAll(cleanup);

test('the build is in the n8n folder’s community packages', async () => {
	expect(external.n8nFolder).toBe(path.join(work, 'user', '.n8n'));
	expect(external.directory).toBe(
		path.join(external.n8nFolder, 'nodes', 'node_modules', 'n8n-nodes-meigen'),
	);
	const node = path.join('dist', 'nodes', 'MeiGen', 'MeiGen.node.js');
	expect(await readFile(path.join(external.directory, node))).toEqual(
		await readFile(path.join(project, node)),
	);
	const manifest = await readFile(path.join(external.directory, 'package.json'), 'utf8');
	expect(JSON.parse(manifest)).not.toHaveProperty('devDependencies');
	expect(existsSync(path.join(external.n8nFolder, 'custom'))).toBe(false);
});

test('n8n loads it under the node types the examples name', async () => {
	const names = (await rest.nodeTypes()).map((type) => type.name);
	expect(names.filter((name) => /meiGen/.test(name)).sort()).toEqual([
		'n8n-nodes-meigen.meiGen',
		'n8n-nodes-meigen.meiGenTool',
	]);
});

test('an edit is rebuilt into the folder and n8n reloads the node', async () => {
	const file = path.join(project, NODE_SOURCE);
	const source = await readFile(file, 'utf8');
	expect(source).toMatch(SUBTITLE);
	const subtitle = `={{"edited " + ${Date.now()}}}`;
	const at = Date.now();
	await writeFile(file, source.replace(SUBTITLE, `subtitle: '${subtitle}'`));
	const seen = await waitUntil(
		'n8n to serve the edited node',
		180_000,
		async () => {
			const node = (await rest.nodeTypes()).find((t) => t.name === 'n8n-nodes-meigen.meiGen');
			return node?.subtitle === subtitle ? node : undefined;
		},
		undefined,
		1000,
	);
	console.log(`[check] the edit reached n8n's node types in ${seconds(Date.now() - at)}`);
	expect(seen.subtitle).toBe(subtitle);
});
