/**
 * Installs the packed package into an n8n user folder as n8n installs a community package
 * (CommunityPackagesService.downloadPackage, the same in 1.123 and 2.41): unpack the tarball into
 * `<nodes>/node_modules/<name>`, drop dev, peer and optional dependencies from its package.json,
 * `npm install` its runtime dependencies without scripts, and list it in `<nodes>/package.json`.
 * That is what makes n8n load it on start (it scans `<nodes>/node_modules`). The
 * `installed_packages` / `installed_nodes` rows n8n writes once it loaded a package are written
 * here too (as InstalledPackagesRepository.persistPackageWithNodes does), so every later command
 * sees a fully installed package. Not N8N_CUSTOM_EXTENSIONS: that is not how users get a community
 * package, and it would skip the package.json rules.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { run } from './process';
import type { N8nInstance } from './n8n';

export interface PackageJson {
	name: string;
	version: string;
	author?: { name?: string; email?: string };
	n8n?: { nodes?: string[]; credentials?: string[] };
	dependencies?: Record<string, string>;
	devDependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	optionalDependencies?: Record<string, string>;
}

/** A package.json as n8n keeps an installed package's: no dev, peer or optional dependencies. */
export function installedManifest(manifest: PackageJson): PackageJson {
	const { devDependencies, peerDependencies, optionalDependencies, ...kept } = manifest;
	return kept;
}

export async function packPackage(repoRoot: string, destination: string): Promise<string> {
	await mkdir(destination, { recursive: true });
	const logFile = path.join(destination, 'npm-pack.json');
	const args = ['pack', '--json', `--pack-destination=${destination}`, '--loglevel=error'];
	await run('npm', args, { cwd: repoRoot, logFile });
	type Packed = { filename: string; files: Array<{ path: string }> };
	const [info] = JSON.parse(await readFile(logFile, 'utf8')) as Packed[];
	const entry = 'dist/nodes/MeiGen/MeiGen.node.js';
	if (!info.files.some((file) => file.path === entry))
		throw new Error(`the packed package has no ${entry}: run \`npm run build\` first`);
	return path.join(destination, info.filename);
}

export async function installIntoUserFolder(n8n: N8nInstance, tarball: string) {
	const read = (file: string) =>
		execFileSync('tar', ['-xzOf', tarball, `package/${file}`], { encoding: 'utf8' });
	const packageJson = installedManifest(JSON.parse(read('package.json')) as PackageJson);
	const directory = path.join(n8n.nodesFolder, 'node_modules', packageJson.name);
	await mkdir(directory, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', directory, '--strip-components=1'], { cwd: directory });
	await writeFile(path.join(directory, 'package.json'), JSON.stringify(packageJson, null, 2));
	const npmInstall =
		'install --audit=false --fund=false --bin-links=false --install-strategy=shallow --ignore-scripts=true --package-lock=false --loglevel=error';
	await run('npm', npmInstall.split(' '), { cwd: directory });

	const dependencies = { [packageJson.name]: packageJson.version };
	const ledger = { name: 'installed-nodes', private: true, dependencies };
	await writeFile(path.join(n8n.nodesFolder, 'package.json'), JSON.stringify(ledger, null, 2));
	return { packageJson, directory };
}

type Description = { name: string; displayName: string; version: number | number[] };
type NodeClass = new () => { description: Description & { defaultVersion?: number } };

/**
 * The `installed_packages` / `installed_nodes` rows n8n writes after installing a package. The node
 * descriptions are read from the same build that was packed (the repo's dist, where n8n-workflow resolves).
 */
export async function recordInDatabase(
	n8n: N8nInstance,
	packageJson: PackageJson,
	repoRoot: string,
): Promise<string[]> {
	const { name, version, author } = packageJson;
	const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
	const statements: Array<{ sql: string; params: Array<string | number | null> }> = [
		{ sql: 'DELETE FROM installed_packages WHERE packageName = ?', params: [name] },
		{
			sql: 'INSERT INTO installed_packages (packageName, installedVersion, authorName, authorEmail, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)',
			params: [name, version, author?.name ?? null, author?.email ?? null, now, now],
		},
	];
	const types: string[] = [];
	for (const file of packageJson.n8n?.nodes ?? []) {
		const exported = (await import(path.join(repoRoot, file))) as Record<string, unknown>;
		for (const [exportName, value] of Object.entries(exported)) {
			if (typeof value !== 'function') continue;
			const { description } = new (value as NodeClass)();
			const latest = Array.isArray(description.version)
				? Math.max(...description.version)
				: (description.defaultVersion ?? description.version ?? 1);
			const type = `${name}.${description?.name ?? exportName}`;
			types.push(type);
			statements.push({
				sql: 'INSERT INTO installed_nodes (name, type, latestVersion, package) VALUES (?, ?, ?, ?)',
				params: [description.displayName, type, latest, name],
			});
		}
	}
	await n8n.sql(statements);
	return types;
}
