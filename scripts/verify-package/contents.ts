import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { checks, isHttpUrl, isObject, isStringArray, unless, type JsonObject } from './checks';

const TOP_LEVEL_FILES = ['package.json', 'README.md', 'LICENSE', 'LICENSE.md', 'CHANGELOG.md'];
const TEST_PATH =
	/(^|\/)(test|tests|__tests__|__mocks__|fixtures?)\/|\.(test|spec)\.[cm]?[jt]s(\.map)?$/;

/** What the tarball holds: dist/ plus the package's own papers, and nothing written for development. */
export function checkTarballFiles(files: string[]): void {
	const listed = (name: string, what: string, test: (file: string) => boolean) =>
		checks.addProblems(
			name,
			files.filter(test).map((file) => `${what} ${file}`),
		);
	listed(
		'tarball holds only dist/, package.json, README.md, LICENSE, CHANGELOG.md',
		'unexpected',
		(file) => !file.startsWith('dist/') && !TOP_LEVEL_FILES.includes(file),
	);
	listed('tarball holds no tests, fixtures or test maps', 'test file', (f) => TEST_PATH.test(f));
	listed(
		'tarball holds no TypeScript sources (only .d.ts)',
		'source',
		(file) => /\.[cm]?ts$/.test(file) && !/\.d\.[cm]?ts$/.test(file),
	);
	checks.addProblems('README.md and LICENSE are in the tarball', [
		...unless(files.includes('README.md'), 'README.md missing'),
		...unless(files.includes('LICENSE') || files.includes('LICENSE.md'), 'LICENSE missing'),
	]);
}

/** The package.json n8n reads, as packed. Returns its n8n section for the checks that follow. */
export function checkPackageJson(pkg: JsonObject, files: string[]) {
	const { dependencies, author, repository } = pkg;
	const dependencyNames = isObject(dependencies) ? Object.keys(dependencies) : [];
	checks.add(
		'package.json has no runtime dependencies',
		dependencies === undefined || (isObject(dependencies) && dependencyNames.length === 0),
		dependencyNames.join(', ') || undefined,
	);
	const peers = isObject(pkg.peerDependencies) ? Object.keys(pkg.peerDependencies) : [];
	checks.add(
		'peerDependencies is only n8n-workflow',
		peers.length === 1 && peers[0] === 'n8n-workflow',
		`found: ${peers.join(', ') || 'none'}`,
	);
	checks.add(
		'keywords include n8n-community-node-package',
		isStringArray(pkg.keywords) && pkg.keywords.includes('n8n-community-node-package'),
	);
	const named = (value: unknown) => typeof value === 'string' && value.trim() !== '';
	checks.add(
		'author has a name and email',
		named(author) || (isObject(author) && named(author.name) && typeof author.email === 'string'),
	);
	const url = isObject(repository) ? repository.url : repository;
	const source = typeof url === 'string' && /github\.com\//.test(url);
	checks.add('repository points at the source', source, typeof url === 'string' ? url : 'missing');
	checks.add('license is MIT', pkg.license === 'MIT', String(pkg.license));

	const n8n = isObject(pkg.n8n) ? pkg.n8n : {};
	const nodes = isStringArray(n8n.nodes) ? n8n.nodes : [];
	const credentials = isStringArray(n8n.credentials) ? n8n.credentials : [];
	const absent = [...nodes, ...credentials].filter((p) => !files.includes(p));
	checks.addProblems('n8n section lists nodes and credentials that are in the tarball', [
		...unless(n8n.n8nNodesApiVersion === 1, 'n8n.n8nNodesApiVersion is not 1'),
		...unless(nodes.length > 0, 'n8n.nodes is empty'),
		...unless(credentials.length > 0, 'n8n.credentials is empty'),
		...absent.map((p) => `${p} not in tarball`),
	]);
	return { nodes, credentials };
}

/** The built module's exported class instance that has `key` (`description`, `properties`). */
function instantiate(file: string, key: string): JsonObject {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported: unknown = require(file);
	if (!isObject(exported)) throw new Error(`${file} exports nothing`);
	const instances = Object.values(exported)
		.filter(
			(value): value is new () => object =>
				typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value)),
		)
		.map((type): unknown => new type())
		.filter((instance): instance is JsonObject => isObject(instance) && key in instance);
	if (instances.length !== 1)
		throw new Error(`${file} should export one class with a ${key}, found ${instances.length}`);
	return instances[0];
}

/** Node descriptions may be versioned: the current version's description is the one n8n shows. */
function nodeDescription(node: JsonObject): JsonObject {
	const { description, nodeVersions } = node;
	if (!isObject(description)) throw new Error('node has no description');
	const current =
		isObject(nodeVersions) && typeof description.defaultVersion === 'number'
			? nodeVersions[String(description.defaultVersion)]
			: undefined;
	return isObject(current) && isObject(current.description)
		? { ...current.description, ...description }
		: description;
}

/** Light and dark `file:` icons, resolved against the built module's folder, exist. */
function checkIcons(label: string, icon: unknown, folder: string): void {
	const themes = isObject(icon) ? { light: icon.light, dark: icon.dark } : { icon };
	const problems = unless(isObject(icon), 'icon is not { light, dark }');
	for (const [theme, value] of Object.entries(themes)) {
		const file = typeof value === 'string' && value.startsWith('file:') ? value.slice(5) : '';
		if (!file) problems.push(`${theme} icon is not a file: path`);
		else if (!existsSync(join(folder, file)))
			problems.push(`${theme} icon ${join(folder, file)} missing`);
	}
	checks.addProblems(`${label}: light and dark icons are next to it in dist`, problems);
}

/** The codex file n8n reads beside a node: its type, versions, categories and documentation links. */
function codexProblems(codex: unknown, expectedNode: string): string[] {
	if (!isObject(codex)) return ['codex is not an object'];
	const resources = isObject(codex.resources) ? codex.resources : {};
	const links = ['primaryDocumentation', 'credentialDocumentation'].flatMap((key) => {
		const entries = resources[key];
		const url = Array.isArray(entries) && isObject(entries[0]) ? entries[0].url : undefined;
		return unless(isHttpUrl(url), `resources.${key}[0].url is not a URL`);
	});
	return [
		...unless(
			codex.node === expectedNode,
			`node is ${String(codex.node)}, expected ${expectedNode}`,
		),
		...unless(codex.codexVersion === '1.0', 'codexVersion is not "1.0"'),
		...unless(typeof codex.nodeVersion === 'string', 'nodeVersion missing'),
		...unless(isStringArray(codex.categories) && codex.categories.length > 0, 'no categories'),
		...links,
	];
}

/** Each node as n8n will load it: description, icons beside the .js, codex beside the .js. */
export function checkNodes(dir: string, packageName: string, nodes: string[]) {
	const credentialNames: string[] = [];
	for (const relative of nodes) {
		const file = join(dir, relative);
		const label = relative.replace(/^dist\//, '');
		const loads = `${label}: loads and has a description`;
		let description: JsonObject;
		try {
			description = nodeDescription(instantiate(file, 'description'));
		} catch (error) {
			checks.add(loads, false, (error as Error).message);
			continue;
		}
		checks.add(loads, true);
		checkIcons(label, description.icon, join(file, '..'));
		const named = Array.isArray(description.credentials) ? description.credentials : [];
		for (const credential of named)
			if (isObject(credential) && typeof credential.name === 'string')
				credentialNames.push(credential.name);
		const codexFile = file.replace(/\.js$/, '.json');
		if (!existsSync(codexFile)) {
			checks.add(`${label}: codex next to it`, false, `${codexFile} missing`);
			continue;
		}
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const codex: unknown = require(codexFile);
		const problems = codexProblems(codex, `${packageName}.${String(description.name)}`);
		checks.addProblems(`${label}: codex next to it with documentation links`, problems);
	}
	return credentialNames;
}

/** Each credential: documentation link, icons, a test, and that the node uses it. */
export function checkCredentials(dir: string, credentials: string[], usedByNodes: string[]): void {
	const names: string[] = [];
	for (const relative of credentials) {
		const file = join(dir, relative);
		const label = relative.replace(/^dist\//, '');
		let credential: JsonObject;
		try {
			credential = instantiate(file, 'properties');
		} catch (error) {
			checks.add(`${label}: loads`, false, (error as Error).message);
			continue;
		}
		if (typeof credential.name === 'string') names.push(credential.name);
		const { documentationUrl: url } = credential;
		checks.add(`${label}: has a documentationUrl`, isHttpUrl(url), String(url));
		checks.add(`${label}: has a credential test`, isObject(credential.test));
		checkIcons(label, credential.icon, join(file, '..'));
	}
	const missing = usedByNodes.filter((name) => !names.includes(name));
	const problems = missing.map((name) => `${name} is not a credential of this package`);
	checks.addProblems('every credential a node names is in the package', problems);
}
