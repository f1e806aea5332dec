import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

import { checks, isObject, isStringArray, unless, type JsonObject } from './checks';

/**
 * The GitHub Actions workflows n8n's verification depends on: CI runs the README's set-up and its
 * full test run, and a version tag publishes from GitHub Actions with npm trusted publishing (OIDC,
 * no stored npm token) and an npm provenance statement (n8n verifies only packages published that
 * way). Parsed with `yaml`; each check names what is missing.
 */

type Step = { index: number; name: string; uses?: string; run?: string; with: JsonObject };
type Job = { id: string; job: JsonObject; steps: Step[] };
type Workflow = { file: string; doc: JsonObject; jobs: Job[] };

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

function readWorkflow(projectRoot: string, file: string): Workflow | undefined {
	const name = `${file}: parses as a workflow`;
	const path = join(projectRoot, '.github', 'workflows', file);
	if (!existsSync(path)) return checks.add(name, false, `${path} is missing`);
	const parsed = parseDocument(readFileSync(path, 'utf8'));
	if (parsed.errors.length) {
		// The first error, without the excerpt yaml appends: one that follows is often a consequence.
		const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
		return checks.add(name, false, `${parsed.errors[0].message.split('\n')[0]}${more}`);
	}
	const doc: unknown = parsed.toJS();
	if (!isObject(doc) || !isObject(doc.jobs) || !('on' in doc))
		return checks.add(name, false, 'not a mapping with `on` and `jobs`');
	const step = (step: JsonObject, index: number): Step => ({
		index,
		name: text(step.name) ?? `step ${index + 1}`,
		uses: text(step.uses),
		run: text(step.run),
		with: isObject(step.with) ? step.with : {},
	});
	const jobs = Object.entries(doc.jobs).flatMap(([id, job]) =>
		isObject(job)
			? [{ id, job, steps: (Array.isArray(job.steps) ? job.steps : []).filter(isObject).map(step) }]
			: [],
	);
	checks.add(name, true);
	return { file, doc, jobs };
}

/** The shell commands of a `run:` step, one per line or `&&`/`;`-separated part. */
const commands = (run: string | undefined) =>
	(run ?? '')
		.split(/\n|&&|;|\|\|/)
		.map((part) => part.trim().replace(/\s+/g, ' '))
		.filter(Boolean);

const runsCommand = (step: Step, command: RegExp) =>
	commands(step.run).some((p) => command.test(p));

/** `on` as an object: the string and list forms name events without settings. */
function triggers({ on }: JsonObject): JsonObject {
	if (typeof on === 'string') return { [on]: null };
	if (isStringArray(on)) return Object.fromEntries(on.map((event) => [event, null]));
	return isObject(on) ? on : {};
}

type StepRule = { what: string; matches: (step: Step) => boolean };

const action = (name: string): StepRule => ({
	what: name,
	matches: (step) => step.uses?.split('@')[0] === name,
});
const npm = (command: string): StepRule => ({
	what: `\`${command}\``,
	matches: (step) => runsCommand(step, new RegExp(`^${command}(\\s|$)`)),
});
const [CHECKOUT, SETUP_NODE] = [action('actions/checkout'), action('actions/setup-node')];
const [NPM_CI, BUILD, TEST] = ['npm ci', 'npm run build', 'npm run test:all'].map(npm);
const PUBLISH = npm('npm publish');

/** A job, its steps, and the first step that matched each rule. */
type JobSteps = Job & { found: Map<StepRule, Step> };

/** The job matching most rules; reports rules missing or matched before the previous one. */
function checkSteps(workflow: Workflow, rules: StepRule[]): JobSteps | undefined {
	const [best] = workflow.jobs
		.map((job) => {
			const found = rules.flatMap((rule) => {
				const step = job.steps.find(rule.matches);
				return step ? [[rule, step] as const] : [];
			});
			return { ...job, found: new Map(found) };
		})
		.sort((a, b) => b.found.size - a.found.size);
	const name = `${workflow.file}: one job runs ${rules.map((rule) => rule.what).join(', ')} in that order`;
	if (!best) return checks.add(name, false, 'no jobs');
	const problems: string[] = [];
	let previous: { rule: StepRule; step: Step } | undefined;
	for (const rule of rules) {
		const step = best.found.get(rule);
		if (!step) problems.push(`job "${best.id}" has no step with ${rule.what}`);
		else if (previous && step.index < previous.step.index) {
			const before = `${previous.rule.what} ("${previous.step.name}")`;
			problems.push(`${rule.what} ("${step.name}") runs before ${before}`);
		}
		if (step) previous = { rule, step };
	}
	checks.addProblems(name, problems);
	return best;
}

/** GitHub's filter pattern syntax: `*` any characters but `/`, `**` any, `?`/`+`/`[]` as in a regex. */
function filterMatches(pattern: string, ref: string): boolean {
	// Escape what is literal in a filter, then `*`; `?`, `+`, `[]` and `-` keep their regex sense.
	const glob = (part: string) => part.replace(/[.^$|(){}\\]/g, '\\$&').replace(/\*/g, '[^/]*');
	try {
		return new RegExp(`^${pattern.split('**').map(glob).join('.*')}$`).test(ref);
	} catch {
		return false;
	}
}

function checkCi(workflow: Workflow): void {
	const on = triggers(workflow.doc);
	const branches =
		isObject(on.push) && isStringArray(on.push.branches) ? on.push.branches : ['main'];
	checks.addProblems(`${workflow.file}: runs on push and on pull requests`, [
		...unless('push' in on, 'no `push` trigger'),
		...unless(
			!('push' in on) || branches.some((p) => filterMatches(p, 'main')),
			`push runs only on branches ${branches.join(', ')}, not main`,
		),
		...unless('pull_request' in on, 'no `pull_request` trigger'),
	]);
	const job = checkSteps(workflow, [CHECKOUT, SETUP_NODE, NPM_CI, BUILD, TEST]);
	if (job) checkQueueServices(workflow, job);
}

function checkPublish(workflow: Workflow): void {
	const { file } = workflow;
	const on = triggers(workflow.doc);
	const push = isObject(on.push) ? on.push : {};
	const tags = isStringArray(push.tags) ? push.tags : [];
	const matching = (ref: string) => tags.some((tag) => filterMatches(tag, ref));
	checks.addProblems(`${file}: runs only on a version tag (v*.*.*)`, [
		...unless(tags.length > 0, 'no `on.push.tags`'),
		...unless(!tags.length || matching('v1.2.3'), `tags ${tags.join(', ')} do not match v1.2.3`),
		...unless(!matching('main'), `tags ${tags.join(', ')} also match a non-version tag ("main")`),
		...unless(
			!('branches' in push || 'pull_request' in on || 'pull_request_target' in on),
			'it also runs on branch pushes or pull requests',
		),
	]);

	const job = checkSteps(workflow, [CHECKOUT, SETUP_NODE, NPM_CI, BUILD, TEST, PUBLISH]);
	if (!job) return;
	checkQueueServices(workflow, job);

	// Job-level permissions replace the workflow's entirely, so take the job's when it has them.
	const { permissions: own } = job.job;
	const granted = isObject(own) ? own : workflow.doc.permissions;
	const permissions = isObject(granted) ? granted : {};
	const [idToken, contents] = [permissions['id-token'], permissions.contents];
	const shown = (value: unknown, unset: string) => JSON.stringify(value ?? unset);
	const oidc = `${file}: job "${job.id}" may mint an OIDC token (id-token: write) and only read the repository`;
	checks.addProblems(oidc, [
		...unless(
			idToken === 'write',
			`id-token is ${shown(idToken, 'not granted')}, trusted publishing and provenance need "write"`,
		),
		...unless(contents === 'read', `contents is ${shown(contents, 'not set')}, expected "read"`),
	]);

	const runsOn = job.job['runs-on'];
	checks.add(
		`${file}: job "${job.id}" runs on a GitHub-hosted runner (provenance is signed there only)`,
		typeof runsOn === 'string' && /^(ubuntu|windows|macos)-/.test(runsOn),
		String(runsOn),
	);

	const registry = job.found.get(SETUP_NODE)?.with['registry-url'];
	checks.add(
		`${file}: publishes to npm's registry (setup-node's registry-url unset or registry.npmjs.org)`,
		registry === undefined ||
			(typeof registry === 'string' && /^https:\/\/registry\.npmjs\.org\/?$/.test(registry)),
		String(registry),
	);

	const publish = job.found.get(PUBLISH);
	const command = commands(publish?.run).find((part) => /^npm publish(\s|$)/.test(part)) ?? '';
	checks.addProblems(`${file}: npm publish --provenance --access public`, [
		...unless(/\s--provenance(\s|$)/.test(command), 'no --provenance'),
		...unless(/\s--access[ =]public(\s|$)/.test(command), 'no --access public'),
	]);
	if (publish) {
		checkTrustedPublishingNpm(workflow, job, publish);
		checkNoTokenRequired(workflow, job.id, publish, registry !== undefined);
	}
}

/** The npm CLI version trusted publishing needs. */
const TRUSTED_PUBLISHING_NPM: [number, number, number] = [11, 5, 1];

/**
 * Whether `npm install -g npm@<spec>` installs an npm of at least TRUSTED_PUBLISHING_NPM: `latest`;
 * a major alone or a caret range (`11`, `^11.0.0`: the newest of that major, and every 11.x
 * published now is past 11.5.1); else the lowest version the spec allows (`11.6.0`, `~11.5.1`,
 * `>=11.5.1`).
 */
function npmSpecIsRecentEnough(spec: string): boolean {
	if (spec === 'latest') return true;
	const match = /^(\^|~|>=)?(\d+)(?:\.(\d+)(?:\.(\d+))?)?$/.exec(spec);
	if (!match) return false;
	const [, prefix, major, minor, patch] = match;
	if (prefix === '^' || minor === undefined) return Number(major) >= TRUSTED_PUBLISHING_NPM[0];
	const have = [Number(major), Number(minor), Number(patch ?? 0)];
	const differs = have.findIndex((part, i) => part !== TRUSTED_PUBLISHING_NPM[i]);
	return differs === -1 || have[differs] > TRUSTED_PUBLISHING_NPM[differs];
}

/** A step before `npm publish` installs npm 11.5.1 or later (Node 24's bundled npm may be older). */
function checkTrustedPublishingNpm(workflow: Workflow, job: Job, publish: Step) {
	const want = TRUSTED_PUBLISHING_NPM.join('.');
	const installs = job.steps.flatMap((step) =>
		commands(step.run).flatMap((part) => {
			const match = /^npm (?:install|i|add) (?:-g|--global) npm@(\S+)$/.exec(part);
			return match ? [{ step, spec: match[1].replace(/^['"]|['"]$/g, '') }] : [];
		}),
	);
	const before = installs.filter((install) => install.step.index < publish.index);
	const problems: string[] = [];
	if (!installs.length) problems.push(`no step runs \`npm install -g npm@<${want} or later>\``);
	else if (!before.length) problems.push(`npm is installed only after "${publish.name}"`);
	else if (!before.some((install) => npmSpecIsRecentEnough(install.spec)))
		problems.push(`npm@${before.map((i) => i.spec).join(', npm@')} may be older than ${want}`);
	const name = `${workflow.file}: job "${job.id}" publishes with npm ${want} or later (trusted publishing)`;
	checks.addProblems(name, problems);
}

/** Every place in a parsed document, as a path such as `jobs.publish.steps[7].env.X`. */
function walk(
	value: unknown,
	path: string,
	visit: (path: string, key: string, value: unknown) => void,
): void {
	if (Array.isArray(value)) value.forEach((entry, i) => walk(entry, `${path}[${i}]`, visit));
	else if (isObject(value)) {
		for (const [key, entry] of Object.entries(value)) {
			const at = path ? `${path}.${key}` : key;
			visit(at, key, entry);
			walk(entry, at, visit);
		}
	}
}

const TOKEN_NAME = /NPM_TOKEN|NODE_AUTH_TOKEN|_authToken/i;

/**
 * Trusted publishing needs no npm token. The only token a publish workflow may still mention is
 * the documented fallback: `NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}` on the publish step itself
 * (read through the .npmrc setup-node writes for its registry-url), which npm uses only when the
 * OIDC exchange gives it nothing (an unset secret is empty, so nothing requires it). A token
 * anywhere else (workflow or job env, another step, a script that writes an .npmrc or fails
 * without one) fails the check.
 */
function checkNoTokenRequired(
	workflow: Workflow,
	jobId: string,
	publish: Step,
	hasRegistryUrl: boolean,
): void {
	const fallbackPath = `jobs.${jobId}.steps[${publish.index}].env.NODE_AUTH_TOKEN`;
	let fallback = false;
	const found = new Set<string>();
	walk(workflow.doc, '', (path, key, value) => {
		if (!TOKEN_NAME.test(key) && !(typeof value === 'string' && TOKEN_NAME.test(value))) return;
		const isFallback = /^\$\{\{\s*secrets\.NPM_TOKEN\s*\}\}$/.test(String(value));
		if (path === fallbackPath && typeof value === 'string' && isFallback) fallback = true;
		else found.add(path);
	});
	const problems = [...found].map((path) => `${path} names an npm token`);
	const unread =
		'the fallback NODE_AUTH_TOKEN is never read: npm reads it only through the .npmrc setup-node writes when it has registry-url';
	if (fallback && !hasRegistryUrl) problems.push(unread);
	const name = `${workflow.file}: npm publish needs no NPM_TOKEN (trusted publishing; a token only as the publish step's fallback)`;
	checks.addProblems(name, problems);
}

/**
 * `npm run test:all` runs the queue-mode test, which needs Redis and Postgres. It installs them
 * itself only as root, and GitHub's runners are not root: a step before the tests installs them.
 */
function checkQueueServices(workflow: Workflow, job: JobSteps): void {
	const test = job.found.get(TEST);
	const install = job.steps.find((step) =>
		['redis-server', 'postgresql'].every((name) =>
			runsCommand(step, new RegExp(`apt(-get)? install .*\\b${name}\\b`)),
		),
	);
	const problems: string[] = [];
	if (!install) problems.push(`job "${job.id}" installs no redis-server and postgresql`);
	else if (test && install.index > test.index)
		problems.push(`"${install.name}" runs after "${test.name}"`);
	const name = `${workflow.file}: Redis and Postgres are installed before \`npm run test:all\` (queue-mode test)`;
	checks.addProblems(name, problems);
}

export function checkWorkflows(projectRoot: string): void {
	const ci = readWorkflow(projectRoot, 'ci.yml');
	if (ci) checkCi(ci);
	const publish = readWorkflow(projectRoot, 'publish.yml');
	if (publish) checkPublish(publish);
}
