/**
 * What every n8n the scripts start shares (the end-to-end test, the queue-mode test, `npm run
 * dev`): nothing leaves the machine, and this package loads as a community package from the user
 * folder without any lookup or reinstall.
 */
import { createServer } from 'node:net';

export const OFFLINE_N8N_ENV: NodeJS.ProcessEnv = {
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

/** A TCP port free on `host` right now. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, host, () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}
