/**
 * `npm run dev -- --external-n8n <folder>`: the package in an n8n that runs elsewhere, of any
 * version, as `n8n-node dev --external-n8n` does it: build, copy, rebuild on change; that n8n runs
 * with N8N_DEV_RELOAD=true. n8n-node links into `<n8n folder>/custom`, where the types are named
 * `CUSTOM.meiGen` and the examples don't find them, so the build goes to the community-packages
 * folder `<n8n folder>/nodes/node_modules`; a copy, since a link would point nowhere in a container.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { buildWhenStale, packageFolder, repoRoot, syncInstalled, watchAndSync } from './package';

export interface External {
	/** n8n's own folder (`.n8n`: its database, settings, community packages). */
	n8nFolder: string;
	/** Where the package is: `<n8n folder>/nodes/node_modules/n8n-nodes-meigen`. */
	directory: string;
	/** The last lines to print: how to start that n8n. */
	banner: string[];
	stop(): Promise<void>;
}

/** The `.n8n` folder for a user folder (N8N_USER_FOLDER) or the `.n8n` folder itself. */
export function n8nFolderOf(folder: string): string {
	const resolved = path.resolve(folder);
	const isN8nFolder =
		path.basename(resolved) === '.n8n' ||
		['config', 'database.sqlite'].some((entry) => existsSync(path.join(resolved, entry)));
	return isN8nFolder ? resolved : path.join(resolved, '.n8n');
}

export async function startExternal(options: {
	folder: string;
	log: (message: string) => void;
	/** The project (a copy of it in the dev check). */
	root?: string;
}): Promise<External> {
	const { log, root = repoRoot } = options;
	const n8nFolder = n8nFolderOf(options.folder);
	await buildWhenStale(log, root);
	const directory = await packageFolder(path.join(n8nFolder, 'nodes'), root);
	await mkdir(directory, { recursive: true });
	const changed = await syncInstalled(directory, root);
	log(`[dev] copied ${changed.length} files of the build into ${directory}`);
	const linked = path.join(n8nFolder, 'custom', 'node_modules', path.basename(directory));
	if (existsSync(linked))
		log(
			`[dev] ${linked} is there too (n8n-node dev's link): n8n would load the node twice, as CUSTOM.meiGen as well. Remove it.`,
		);
	const watcher = watchAndSync(directory, log, path.join(n8nFolder, 'meigen-dev-tsc.log'), root);

	const banner = [
		'',
		`  n8n-nodes-meigen is built into ${directory}`,
		'  n8n loads it from there as n8n-nodes-meigen.meiGen and .meiGenTool, the types the examples name.',
		"  (n8n-node dev --external-n8n links into .n8n/custom instead, where the types are CUSTOM.meiGen: the examples don't find them.)",
		'',
		'  Start or restart that n8n so it loads the package, with N8N_DEV_RELOAD=true so it reloads it after every rebuild:',
		`    installed here:  N8N_USER_FOLDER=${path.dirname(n8nFolder)} N8N_DEV_RELOAD=true n8n start`,
		`    Docker:          docker run -it --rm -p 5678:5678 -e N8N_DEV_RELOAD=true -v ${n8nFolder}:/home/node/.n8n docker.n8n.io/n8nio/n8n:<version>`,
		'                     (the folder must be writable by the container, uid 1000)',
		'  Community packages load by default; N8N_COMMUNITY_PACKAGES_PREVENT_LOADING=true would stop them.',
		"  n8n 3.x's N8N_UNVERIFIED_PACKAGES_ENABLED=false only refuses installs from npm: a package put here loads without it.",
		"  Installing another community package in that n8n's settings runs npm there, which may remove this copy: run this again.",
		'',
		'  Editing nodes/ or credentials/ rebuilds the package there. Ctrl-C stops the watcher; the last build stays.',
		'',
	];
	return { n8nFolder, directory, banner, stop: () => watcher.stop() };
}
