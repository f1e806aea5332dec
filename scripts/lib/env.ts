/**
 * The environment of every n8n the scripts start (the end-to-end test, the queue-mode test, `npm
 * run dev`): nothing leaves the machine, and this package loads as a community package from the
 * user folder without any lookup or reinstall.
 */
import path from 'node:path';

import type { Runtime } from './cache';
import { freePort } from './ports';

const OFFLINE_N8N_ENV: NodeJS.ProcessEnv = {
	// No telemetry, version checks, templates, banners or licence renewals.
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	// Community packages on, loaded from the nodes folder; no lookups of n8n's verified-package
	// list, no reinstalling, and a registry address that goes nowhere should anything try to install.
	N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
	N8N_COMMUNITY_PACKAGES_PREVENT_LOADING: 'false',
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	N8N_REINSTALL_MISSING_PACKAGES: 'false',
	N8N_COMMUNITY_PACKAGES_REGISTRY: 'http://127.0.0.1:9',
};

/**
 * n8n's environment for a user folder under the runtime's Node: only what a shell needs from the
 * caller (nothing from `npm run` or the caller's n8n settings), offline, a task broker on a free
 * loopback port, file nodes limited to `filesFolder`; `settings` add to it or override it.
 */
export async function n8nEnv(
	runtime: Runtime,
	userFolder: string,
	filesFolder: string,
	settings: NodeJS.ProcessEnv,
): Promise<NodeJS.ProcessEnv> {
	const kept = ['HOME', 'LANG', 'TZ', 'TMPDIR', 'USER'].filter((key) => key in process.env);
	return {
		...Object.fromEntries(kept.map((key) => [key, process.env[key]])),
		PATH: `${path.dirname(runtime.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		...OFFLINE_N8N_ENV,
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		// n8n 2.x lets file nodes touch only this folder (default ~/.n8n-files).
		N8N_RESTRICT_FILE_ACCESS_TO: filesFolder,
		...settings,
	};
}
