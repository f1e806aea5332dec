import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

import { isObject, isStringArray, type JsonObject } from './json';
import type { Checks } from './checks';

/**
 * The GitHub Actions workflows n8n's verification depends on: CI runs the README's set-up and its
 * full test run, and a version tag publishes from GitHub Actions with npm trusted publishing (OIDC,
 * no stored npm token) and an npm provenance statement (n8n verifies only packages published that
 * way). Parsed with `yaml`; each check names what is missing.
 */

interface Step {
	index: number;
	name: string;
	uses?: string;
	run?: string;
	with: JsonObject;
	env: JsonObject;
}

interface Workflow {
	file: string;
	doc: JsonObject;
	jobs: Array<{ id: string; job: JsonObject; steps: Step[] }>;
}

function readWorkflow(report: Checks, projectRoot: string, file: string): Workflow | undefined {
	const path = join(projectRoot, '.github', 'workflows', file);
	if (!existsSync(path)) {
		report.add(`${file}: parses as a workflow`, false, `${path} is missing`);
		return undefined;
	}
	const parsed = parseDocument(readFileSync(path, 'utf8'));
	if (parsed.errors.length) {
		// The first error, without the excerpt yaml appends: one that follows is often a consequence.
		const [first] = parsed.errors;
		const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
		report.add(`${file}: parses as a workflow`, false, `${first.message.split('\n')[0]}${more}`);
		return undefined;
	}
	const doc: unknown = parsed.toJS();
	if (!isObject(doc) || !isObject(doc.jobs) || !('on' in doc)) {
		report.add(`${file}: parses as a workflow`, false, 'not a mapping with `on` and `jobs`');
		return undefined;
	}
	const jobs = Object.entries(doc.jobs)
		.filter((entry): entry is [string, JsonObject] => isObject(entry[1]))
		.map(([id, job]) => ({
			id,
			job,
			steps: (Array.isArray(job.steps) ? job.steps : [])
				.filter(isObject)
				.map((step, index): Step => ({
					index,
					name: typeof step.name === 'string' ? step.name : `step ${index + 1}`,
					uses: typeof step.uses === 'string' ? step.uses : undefined,
					run: typeof step.run === 'string' ? step.run : undefined,
					with: isObject(step.with) ? step.with : {},
					env: isObject(step.env) ? step.env : {},
				})),
		}));
	report.add(`${file}: parses as a workflow`, true, `${jobs.length} job(s)`);
	return { file, doc, jobs };
}

/** The shell commands of a `run:` step, one per line or `&&`/`;`-separated part. */
function commands(run: string | undefined): string[] {
	return (run ?? '')
		.split(/\n|&&|;|\|\|/)
		.map((part) => part.trim().replace(/\s+/g, ' '))
		.filter((part) => part !== '');
}

function runsCommand(step: Step, command: RegExp): boolean {
	return commands(step.run).some((part) => command.test(part));
}

function usesAction(step: Step, action: string): boolean {
	return step.uses !== undefined && step.uses.split('@')[0] === action;
}

/** `on` as an object: the string and list forms name events without settings. */
function triggers(doc: JsonObject): JsonObject {
	const on = doc.on;
	if (typeof on === 'string') return { [on]: null };
	if (isStringArray(on)) return Object.fromEntries(on.map((event) => [event, null]));
	return isObject(on) ? on : {};
}

interface StepRule {
	what: string;
	matches: (step: Step) => boolean;
}

const CHECKOUT: StepRule = {
	what: 'actions/checkout',
	matches: (step) => usesAction(step, 'actions/checkout'),
};
const SETUP_NODE: StepRule = {
	what: 'actions/setup-node',
	matches: (step) => usesAction(step, 'actions/setup-node'),
};
const NPM_CI: StepRule = {
	what: '`npm ci`',
	matches: (step) => runsCommand(step, /^npm ci(\s|$)/),
};
const BUILD: StepRule = {
	what: '`npm run build`',
	matches: (step) => runsCommand(step, /^npm run build(\s|$)/),
};
const TEST: StepRule = {
	what: '`npm run test:all`',
	matches: (step) => runsCommand(step, /^npm run test:all(\s|$)/),
};
const PUBLISH: StepRule = {
	what: '`npm publish`',
	matches: (step) => runsCommand(step, /^npm publish(\s|$)/),
};

/** A job, its steps, and the first step that matched each rule. */
interface JobSteps {
	id: string;
	job: JsonObject;
	steps: Step[];
	found: Map<StepRule, Step>;
}

/**
 * Finds the job whose steps include every rule, and reports rules that are missing or out of
 * order (each rule's first matching step must come after the previous rule's).
 */
function checkSteps(report: Checks, workflow: Workflow, rules: StepRule[]): JobSteps | undefined {
	const scored = workflow.jobs
		.map((job) => ({
			...job,
			found: new Map(
				rules.flatMap((rule) => {
					const step = job.steps.find(rule.matches);
					return step ? [[rule, step] as const] : [];
				}),
			),
		}))
		.sort((a, b) => b.found.size - a.found.size);
	const best = scored[0];
	const name = `${workflow.file}: one job runs ${rules.map((rule) => rule.what).join(', ')} in that order`;
	if (!best) {
		report.add(name, false, 'no jobs');
		return undefined;
	}
	const problems = rules
		.filter((rule) => !best.found.has(rule))
		.map((rule) => `job "${best.id}" has no step with ${rule.what}`);
	let previous: { rule: StepRule; step: Step } | undefined;
	for (const rule of rules) {
		const step = best.found.get(rule);
		if (!step) continue;
		if (previous && step.index < previous.step.index) {
			problems.push(
				`${rule.what} ("${step.name}") runs before ${previous.rule.what} ("${previous.step.name}")`,
			);
		}
		previous = { rule, step };
	}
	report.addProblems(name, problems, `job "${best.id}"`);
	return best;
}

/** GitHub's filter pattern syntax: `*` any characters but `/`, `**` any, `?`/`+`/`[]` as in a regex. */
function filterMatches(pattern: string, ref: string): boolean {
	let source = '';
	for (let i = 0; i < pattern.length; i++) {
		const char = pattern[i];
		if (char === '*' && pattern[i + 1] === '*') {
			source += '.*';
			i++;
		} else if (char === '*') source += '[^/]*';
		else if ('?+[]-'.includes(char)) source += char;
		else source += char.replace(/[.^$|(){}\\]/g, '\\$&');
	}
	try {
		return new RegExp(`^${source}$`).test(ref);
	} catch {
		return false;
	}
}

function checkCi(report: Checks, workflow: Workflow): void {
	const on = triggers(workflow.doc);
	const push = on.push;
	const pushProblems: string[] = [];
	if (!('push' in on)) pushProblems.push('no `push` trigger');
	else if (
		isObject(push) &&
		isStringArray(push.branches) &&
		!push.branches.some((p) => filterMatches(p, 'main'))
	) {
		pushProblems.push(`push runs only on branches ${push.branches.join(', ')}, not main`);
	}
	if (!('pull_request' in on)) pushProblems.push('no `pull_request` trigger');
	report.addProblems(`${workflow.file}: runs on push and on pull requests`, pushProblems);
	checkQueueServices(
		report,
		workflow,
		checkSteps(report, workflow, [CHECKOUT, SETUP_NODE, NPM_CI, BUILD, TEST]),
	);
}

function permissionsOf(value: unknown): JsonObject | undefined {
	return isObject(value) ? value : undefined;
}

function checkPublish(report: Checks, workflow: Workflow): void {
	const on = triggers(workflow.doc);
	const push = isObject(on.push) ? on.push : {};
	const tags = isStringArray(push.tags) ? push.tags : [];
	const triggerProblems: string[] = [];
	if (!tags.length) triggerProblems.push('no `on.push.tags`');
	else {
		if (!tags.some((tag) => filterMatches(tag, 'v1.2.3')))
			triggerProblems.push(`tags ${tags.join(', ')} do not match v1.2.3`);
		if (tags.some((tag) => filterMatches(tag, 'main')))
			triggerProblems.push(`tags ${tags.join(', ')} also match a non-version tag ("main")`);
	}
	if ('branches' in push || 'pull_request' in on || 'pull_request_target' in on) {
		triggerProblems.push('it also runs on branch pushes or pull requests');
	}
	report.addProblems(
		`${workflow.file}: runs only on a version tag (v*.*.*)`,
		triggerProblems,
		tags.join(', '),
	);

	const job = checkSteps(report, workflow, [CHECKOUT, SETUP_NODE, NPM_CI, BUILD, TEST, PUBLISH]);
	if (!job) return;
	checkQueueServices(report, workflow, job);

	// Job-level permissions replace the workflow's entirely, so take the job's when it has them.
	const permissions =
		permissionsOf(job.job.permissions) ?? permissionsOf(workflow.doc.permissions) ?? {};
	const permissionProblems: string[] = [];
	if (permissions['id-token'] !== 'write')
		permissionProblems.push(
			`id-token is ${JSON.stringify(permissions['id-token'] ?? 'not granted')}, trusted publishing and provenance need "write"`,
		);
	if (permissions.contents !== 'read')
		permissionProblems.push(
			`contents is ${JSON.stringify(permissions.contents ?? 'not set')}, expected "read"`,
		);
	report.addProblems(
		`${workflow.file}: job "${job.id}" may mint an OIDC token (id-token: write) and only read the repository`,
		permissionProblems,
	);

	const runsOn = job.job['runs-on'];
	report.add(
		`${workflow.file}: job "${job.id}" runs on a GitHub-hosted runner (provenance is signed there only)`,
		typeof runsOn === 'string' && /^(ubuntu|windows|macos)-/.test(runsOn),
		String(runsOn),
	);

	const setup = job.found.get(SETUP_NODE);
	const registry = setup?.with['registry-url'];
	report.add(
		`${workflow.file}: publishes to npm's registry (setup-node's registry-url unset or registry.npmjs.org)`,
		registry === undefined ||
			(typeof registry === 'string' && /^https:\/\/registry\.npmjs\.org\/?$/.test(registry)),
		registry === undefined ? "no registry-url: npm's default registry" : String(registry),
	);

	const publish = job.found.get(PUBLISH);
	const publishCommand =
		commands(publish?.run).find((part) => /^npm publish(\s|$)/.test(part)) ?? '';
	const publishProblems: string[] = [];
	if (!/\s--provenance(\s|$)/.test(publishCommand)) publishProblems.push('no --provenance');
	if (!/\s--access[ =]public(\s|$)/.test(publishCommand))
		publishProblems.push('no --access public');
	report.addProblems(
		`${workflow.file}: npm publish --provenance --access public`,
		publishProblems,
		publishCommand,
	);

	if (publish) {
		checkTrustedPublishingNpm(report, workflow, job.id, job.steps, publish);
		checkNoTokenRequired(report, workflow, job.id, publish, registry !== undefined);
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
	const [wantMajor, wantMinor, wantPatch] = TRUSTED_PUBLISHING_NPM;
	if (prefix === '^' || minor === undefined) return Number(major) >= wantMajor;
	const have = [Number(major), Number(minor), Number(patch ?? 0)];
	const want = [wantMajor, wantMinor, wantPatch];
	const differs = have.findIndex((part, i) => part !== want[i]);
	return differs === -1 || have[differs] > want[differs];
}

/** A step before `npm publish` installs npm 11.5.1 or later (Node 24's bundled npm may be older). */
function checkTrustedPublishingNpm(
	report: Checks,
	workflow: Workflow,
	jobId: string,
	steps: Step[],
	publish: Step,
): void {
	const want = TRUSTED_PUBLISHING_NPM.join('.');
	const installs = steps.flatMap((step) =>
		commands(step.run).flatMap((part) => {
			const match = /^npm (?:install|i|add) (?:-g|--global) npm@(\S+)$/.exec(part);
			return match ? [{ step, spec: match[1].replace(/^['"]|['"]$/g, '') }] : [];
		}),
	);
	const problems: string[] = [];
	const before = installs.filter((install) => install.step.index < publish.index);
	if (!installs.length) problems.push(`no step runs \`npm install -g npm@<${want} or later>\``);
	else if (!before.length) problems.push(`npm is installed only after "${publish.name}"`);
	else if (!before.some((install) => npmSpecIsRecentEnough(install.spec)))
		problems.push(
			`npm@${before.map((install) => install.spec).join(', npm@')} may be older than ${want}`,
		);
	report.addProblems(
		`${workflow.file}: job "${jobId}" publishes with npm ${want} or later (trusted publishing)`,
		problems,
		before.map((install) => `npm@${install.spec} ("${install.step.name}")`).join(', '),
	);
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
 * OIDC exchange gives it nothing (an unset secret is empty, so nothing requires it). A token anywhere else (workflow or job env, another step, a script that
 * writes an .npmrc or fails without one) fails the check.
 */
function checkNoTokenRequired(
	report: Checks,
	workflow: Workflow,
	jobId: string,
	publish: Step,
	hasRegistryUrl: boolean,
): void {
	const fallbackPath = `jobs.${jobId}.steps[${publish.index}].env.NODE_AUTH_TOKEN`;
	let fallback = false;
	const found = new Set<string>();
	walk(workflow.doc, '', (path, key, value) => {
		const keyNamesToken = TOKEN_NAME.test(key);
		const valueNamesToken = typeof value === 'string' && TOKEN_NAME.test(value);
		if (!keyNamesToken && !valueNamesToken) return;
		if (
			path === fallbackPath &&
			typeof value === 'string' &&
			/^\$\{\{\s*secrets\.NPM_TOKEN\s*\}\}$/.test(value)
		) {
			fallback = true;
			return;
		}
		found.add(path);
	});
	const problems = [...found].map((path) => `${path} names an npm token`);
	if (fallback && !hasRegistryUrl)
		problems.push(
			'the fallback NODE_AUTH_TOKEN is never read: npm reads it only through the .npmrc setup-node writes when it has registry-url',
		);
	report.addProblems(
		`${workflow.file}: npm publish needs no NPM_TOKEN (trusted publishing; a token only as the publish step's fallback)`,
		problems,
		fallback
			? "secrets.NPM_TOKEN only as the publish step's fallback"
			: 'no token anywhere: OIDC only',
	);
}

/**
 * `npm run test:all` runs the queue-mode test, which needs Redis and Postgres. It installs them
 * itself only as root, and GitHub's runners are not root: a step before the tests installs them.
 */
function checkQueueServices(report: Checks, workflow: Workflow, job: JobSteps | undefined): void {
	if (!job) return;
	const test = job.found.get(TEST);
	const install = job.steps.find(
		(step) =>
			runsCommand(step, /apt(-get)? install .*\bredis-server\b/) &&
			runsCommand(step, /apt(-get)? install .*\bpostgresql\b/),
	);
	const problems: string[] = [];
	if (!install) problems.push(`job "${job.id}" installs no redis-server and postgresql`);
	else if (test && install.index > test.index)
		problems.push(`"${install.name}" runs after "${test.name}"`);
	report.addProblems(
		`${workflow.file}: Redis and Postgres are installed before \`npm run test:all\` (queue-mode test)`,
		problems,
		install ? `"${install.name}"` : undefined,
	);
}

export function checkWorkflows(report: Checks, projectRoot: string): void {
	const ci = readWorkflow(report, projectRoot, 'ci.yml');
	if (ci) checkCi(report, ci);
	const publish = readWorkflow(report, projectRoot, 'publish.yml');
	if (publish) checkPublish(report, publish);
}
