/**
 * Checks the package n8n would install: packs it, unpacks it, and checks what is inside, then runs
 * n8n's verification scanner offline on the source and on the packed files. Also checks the GitHub
 * Actions workflows that test it and publish it (trusted publishing with provenance, no npm token).
 * Build first (`npm run build`). Prints one line per check and `N passed, M failed`.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { checkCredentials, checkNodes, checkPackageJson, checkTarballFiles } from './contents';
import { checkBuiltRequires, checkSourceImports } from './imports';
import { readJsonObject } from './json';
import { packAndUnpack } from './pack';
import { Report } from './report';
import { runScanner } from './scan';
import { checkWorkflows } from './workflows';

const projectRoot = join(__dirname, '..', '..');

/** Every node and credential source has a built .js at least as new as itself. */
function checkBuildIsCurrent(report: Report): boolean {
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
	if (!existsSync(join(projectRoot, 'dist'))) {
		report.add(
			'dist/ is built from the current sources',
			false,
			'no dist/: run `npm run build` first',
		);
		return false;
	}
	for (const folder of ['nodes', 'credentials']) visit(join(projectRoot, folder));
	report.addProblems(
		'dist/ is built from the current sources',
		stale.length > 5 ? [...stale.slice(0, 5), `${stale.length - 5} more`] : stale,
	);
	return stale.length === 0;
}

async function main(): Promise<number> {
	const report = new Report();
	checkSourceImports(report, projectRoot);
	checkWorkflows(report, projectRoot);

	if (checkBuildIsCurrent(report)) {
		const workDir = mkdtempSync(join(tmpdir(), 'verify-package-'));
		try {
			const packed = packAndUnpack(projectRoot, workDir);
			report.add('npm pack', true, relative(workDir, packed.tarball));
			checkTarballFiles(report, packed.files);

			const pkg = readJsonObject(join(packed.dir, 'package.json'));
			const { nodes, credentials } = checkPackageJson(report, pkg, packed.files);
			const credentialNames = checkNodes(report, packed.dir, String(pkg.name), nodes);
			checkCredentials(report, packed.dir, credentials, credentialNames);
			checkBuiltRequires(report, packed.dir);
			await runScanner(report, projectRoot, packed.dir);
		} catch (error) {
			report.add('package could be packed and read', false, (error as Error).message);
		} finally {
			rmSync(workDir, { recursive: true, force: true });
		}
	}

	console.log(report.summary());
	return report.failed === 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
