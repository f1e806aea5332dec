import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

import { isObject, isStringArray, type JsonObject } from './json';
import type { Report } from './report';

/**
 * The GitHub Actions workflows n8n's verification depends on: CI runs the README's two commands,
 * and a version tag publishes from GitHub Actions with an npm provenance statement (n8n verifies
 * only packages published that way). Parsed with `yaml`; each check names what is missing.
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

function readWorkflow(report: Report, projectRoot: string, file: string): Workflow | undefined {
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
	what: '`npm test`',
	matches: (step) => runsCommand(step, /^npm (test|run test)(\s|$)/),
};
const PUBLISH: StepRule = {
	what: '`npm publish`',
	matches: (step) => runsCommand(step, /^npm publish(\s|$)/),
};

/**
 * Finds the job whose steps include every rule, and reports rules that are missing or out of
 * order (each rule's first matching step must come after the previous rule's).
 */
function checkSteps(
	report: Report,
	workflow: Workflow,
	rules: StepRule[],
): { id: string; job: JsonObject; steps: Step[]; found: Map<StepRule, Step> } | undefined {
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

function checkCi(report: Report, workflow: Workflow): void {
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
	checkSteps(report, workflow, [CHECKOUT, SETUP_NODE, NPM_CI, BUILD, TEST]);
}

function permissionsOf(value: unknown): JsonObject | undefined {
	return isObject(value) ? value : undefined;
}

function checkPublish(report: Report, workflow: Workflow): void {
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

	// Job-level permissions replace the workflow's entirely, so take the job's when it has them.
	const permissions =
		permissionsOf(job.job.permissions) ?? permissionsOf(workflow.doc.permissions) ?? {};
	const permissionProblems: string[] = [];
	if (permissions['id-token'] !== 'write')
		permissionProblems.push(
			`id-token is ${JSON.stringify(permissions['id-token'] ?? 'not granted')}, provenance needs "write"`,
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
		`${workflow.file}: setup-node sets registry-url to npm's registry`,
		typeof registry === 'string' && /^https:\/\/registry\.npmjs\.org\/?$/.test(registry),
		String(registry ?? 'missing'),
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

	const token = publish?.env.NODE_AUTH_TOKEN;
	report.add(
		`${workflow.file}: npm publish gets NODE_AUTH_TOKEN from secrets.NPM_TOKEN`,
		typeof token === 'string' && /^\$\{\{\s*secrets\.NPM_TOKEN\s*\}\}$/.test(token),
		String(token ?? 'missing'),
	);
}

export function checkWorkflows(report: Report, projectRoot: string): void {
	const ci = readWorkflow(report, projectRoot, 'ci.yml');
	if (ci) checkCi(report, ci);
	const publish = readWorkflow(report, projectRoot, 'publish.yml');
	if (publish) checkPublish(report, publish);
}
