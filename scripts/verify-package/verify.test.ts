/**
 * `npm run verify`: the package n8n would install. Packs it, unpacks it, and checks what is
 * inside, then runs n8n's verification scanner offline on the source and on the packed files.
 * Also checks the GitHub Actions workflows that test it and publish it (trusted publishing with
 * provenance, no npm token). Build first (`npm run build`). One test per check.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { checks } from './checks';
import { checkCredentials, checkNodes, checkPackageJson, checkTarballFiles } from './contents';
import { checkBuiltRequires, checkSourceImports } from './imports';
import { readJsonObject } from './json';
import { packAndUnpack } from './pack';
import { scannerChecks } from './scan';
import { checkWorkflows } from './workflows';

const projectRoot = join(__dirname, '..', '..');

/** Every node and credential source has a built .js at least as new as itself. */
function staleBuild(): string[] {
	if (!existsSync(join(projectRoot, 'dist'))) return ['no dist/: run `npm run build` first'];
	const stale: string[] = [];
	const visit = (dir: string): void => {
		for (const entry of readdirSync(dir)) {
			const path = join(dir, entry);
			if (statSync(path).isDirectory()) {
				visit(path);
			} else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) {
				const built = join(projectRoot, 'dist', relative(projectRoot, path)).replace(
					/\.ts$/,
					'.js',
				);
				if (!existsSync(built)) stale.push(`${relative(projectRoot, built)} missing`);
				else if (statSync(built).mtimeMs < statSync(path).mtimeMs)
					stale.push(`${relative(projectRoot, built)} older than its source`);
			}
		}
	};
	for (const folder of ['nodes', 'credentials']) visit(join(projectRoot, folder));
	return stale.length > 5 ? [...stale.slice(0, 5), `${stale.length - 5} more`] : stale;
}

checkSourceImports(checks, projectRoot);
checkWorkflows(checks, projectRoot);

const stale = staleBuild();
checks.addProblems('dist/ is built from the current sources', stale);

// The checks of the packed package are made as jest collects them, so each is a test by its name.
if (!stale.length) {
	const workDir = mkdtempSync(join(tmpdir(), 'verify-package-'));
	afterAll(() => rmSync(workDir, { recursive: true, force: true }));
	try {
		const packed = packAndUnpack(projectRoot, workDir);
		checks.add('npm pack', true, relative(workDir, packed.tarball));
		checkTarballFiles(checks, packed.files);

		const pkg = readJsonObject(join(packed.dir, 'package.json'));
		const { nodes, credentials } = checkPackageJson(checks, pkg, packed.files);
		const credentialNames = checkNodes(checks, packed.dir, String(pkg.name), nodes);
		checkCredentials(checks, packed.dir, credentials, credentialNames);
		checkBuiltRequires(checks, packed.dir);
		scannerChecks(projectRoot, () => packed.dir);
	} catch (error) {
		checks.add('package could be packed and read', false, (error as Error).message);
	}
}
