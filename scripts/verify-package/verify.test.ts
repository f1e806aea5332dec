/**
 * `npm run verify`: the package n8n would install. Packs it, unpacks it, and checks what is
 * inside, then runs n8n's verification scanner offline on the source and on the packed files.
 * Also checks the GitHub Actions workflows that test it and publish it (trusted publishing with
 * provenance, no npm token). Build first (`npm run build`). One test per check.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { checks, isObject, readJsonObject, walk } from './checks';
import { checkCredentials, checkNodes, checkPackageJson, checkTarballFiles } from './contents';
import { checkBuiltRequires, checkSourceImports } from './imports';
import { scannerChecks } from './scan';
import { checkWorkflows } from './workflows';

const projectRoot = join(__dirname, '..', '..');

/** Every node and credential source has a built .js at least as new as itself. */
function staleBuild(): string[] {
	if (!existsSync(join(projectRoot, 'dist'))) return ['no dist/: run `npm run build` first'];
	const sources = ['nodes', 'credentials'].flatMap((folder) =>
		walk(join(projectRoot, folder), (f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
	);
	const stale = sources.flatMap((source) => {
		const built = join('dist', relative(projectRoot, source)).replace(/\.ts$/, '.js');
		if (!existsSync(join(projectRoot, built))) return [`${built} missing`];
		const older = statSync(join(projectRoot, built)).mtimeMs < statSync(source).mtimeMs;
		return older ? [`${built} older than its source`] : [];
	});
	return stale.length > 5 ? [...stale.slice(0, 5), `${stale.length - 5} more`] : stale;
}

/**
 * `npm pack` into workDir and unpack the tarball as n8n would install it. The unpacked folder gets a
 * node_modules link one level up (to the project's own node_modules), so the node and credential
 * modules can be loaded to read their descriptions without installing anything.
 */
function packAndUnpack(workDir: string): { files: string[]; dir: string } {
	const args = ['pack', '--json', '--pack-destination', workDir];
	const stdout = execFileSync('npm', args, { cwd: projectRoot, encoding: 'utf8' });
	const parsed: unknown = JSON.parse(stdout);
	const entry: unknown = Array.isArray(parsed) ? parsed[0] : undefined;
	if (!isObject(entry) || typeof entry.filename !== 'string' || !Array.isArray(entry.files))
		throw new Error(`unexpected npm pack output: ${stdout.slice(0, 200)}`);
	const files = entry.files.flatMap((file: unknown) =>
		isObject(file) && typeof file.path === 'string' ? [file.path] : [],
	);
	const dir = join(workDir, 'package');
	mkdirSync(dir, { recursive: true });
	execFileSync('tar', ['-xzf', join(workDir, entry.filename), '-C', dir, '--strip-components=1']);
	symlinkSync(join(projectRoot, 'node_modules'), join(workDir, 'node_modules'), 'dir');
	return { files, dir };
}

checkSourceImports(projectRoot);
checkWorkflows(projectRoot);

const stale = staleBuild();
checks.addProblems('dist/ is built from the current sources', stale);

// The checks of the packed package are made as jest collects them, so each is a test by its name.
if (!stale.length) {
	const workDir = mkdtempSync(join(tmpdir(), 'verify-package-'));
	afterAll(() => rmSync(workDir, { recursive: true, force: true }));
	try {
		const packed = packAndUnpack(workDir);
		checks.add('npm pack', true);
		checkTarballFiles(packed.files);
		const pkg = readJsonObject(join(packed.dir, 'package.json'));
		const { nodes, credentials } = checkPackageJson(pkg, packed.files);
		const credentialNames = checkNodes(packed.dir, String(pkg.name), nodes);
		checkCredentials(packed.dir, credentials, credentialNames);
		checkBuiltRequires(packed.dir);
		scannerChecks(projectRoot, () => packed.dir);
	} catch (error) {
		checks.add('package could be packed and read', false, (error as Error).message);
	}
}
