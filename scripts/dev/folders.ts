/**
 * Where a local n8n for development keeps its data, outside the repo and apart from ~/.n8n:
 * `${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-meigen/dev/n8n-<version>/<profile>/` with `user/`
 * (N8N_USER_FOLDER), `files/` (the file nodes' folder), `state.json`, `n8n.log` and `session.pid`.
 * `dev` and `demo` are separate profiles, so the demo's stand-in never mixes with the real MeiGen.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { cacheRoot } from '../lib/cache';
import { isAlive } from '../lib/process';

export interface DevState {
	/** Example file name → workflow ID. */
	workflows?: Record<string, string>;
	ports?: { api?: number; cdn?: number; storage?: number };
	cdnUrl?: string;
}

export type DevFolders = ReturnType<typeof devFolders>;

export function devFolders(n8nVersion: string, profile: string, userFolder?: string) {
	const root = userFolder
		? path.resolve(userFolder)
		: path.join(path.dirname(cacheRoot()), 'dev', `n8n-${n8nVersion}`, profile);
	const at = (name: string) => path.join(root, name);
	const [stateFile, logFile, lockFile] = ['state.json', 'n8n.log', 'session.pid'].map(at);
	return { root, userFolder: at('user'), filesFolder: at('files'), stateFile, logFile, lockFile };
}

export function readState(folders: DevFolders): DevState {
	try {
		return JSON.parse(readFileSync(folders.stateFile, 'utf8')) as DevState;
	} catch {
		return {};
	}
}

export async function writeState(folders: DevFolders, state: DevState): Promise<void> {
	await writeFile(folders.stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

/** Claims the folder for this process; refuses when another live session holds it. */
export async function lockFolders(folders: DevFolders): Promise<() => Promise<void>> {
	await mkdir(folders.userFolder, { recursive: true });
	await mkdir(folders.filesFolder, { recursive: true });
	const pid = existsSync(folders.lockFile) ? Number(readFileSync(folders.lockFile, 'utf8')) : NaN;
	if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid))
		throw new Error(
			`${folders.root} is in use by process ${pid} (another npm run dev/demo?). Stop it first, or pass another folder.`,
		);
	await writeFile(folders.lockFile, `${process.pid}\n`);
	return () => rm(folders.lockFile, { force: true });
}
