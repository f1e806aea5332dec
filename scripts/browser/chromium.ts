/**
 * The browser for the editor test: Debian's `chromium` package at /usr/bin/chromium, installed
 * with apt-get when it is missing and the run is root (as CI is), the way scripts/queue/services.ts
 * installs Redis and Postgres. Playwright never downloads a browser of its own here
 * (`playwright-core` ships none, and nothing outside the package registries is reachable).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { aptInstall, canAptInstall } from '../lib/apt';

/** Debian's Chromium; CHROMIUM_PATH names another Chromium-based browser (e.g. on a CI runner). */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const INSTALL_HINT =
	"Install it and run again: on Debian/Ubuntu `sudo apt-get install -y chromium` (Debian's " +
	'package puts it at /usr/bin/chromium). The test starts its own headless Chromium with a ' +
	'throw-away profile; it never downloads a browser.';

export interface ChromiumInfo {
	executablePath: string;
	version: string;
	/** Whether this run installed it. */
	installed: boolean;
	ms: number;
}

/** Finds /usr/bin/chromium; installs Debian's package when it is missing and the run is root. */
export function ensureChromium(): ChromiumInfo {
	const started = Date.now();
	let installed = false;
	if (!existsSync(CHROMIUM)) {
		if (!canAptInstall()) {
			throw new Error(
				`Chromium is needed for the browser test; ${CHROMIUM} is missing. ${INSTALL_HINT}`,
			);
		}
		console.log(`[browser] ${CHROMIUM} is missing; installing Debian's package chromium`);
		aptInstall(['chromium'], 'browser');
		installed = true;
		console.log(`[browser] installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		if (!existsSync(CHROMIUM)) {
			throw new Error(`${CHROMIUM} still not found after installing. ${INSTALL_HINT}`);
		}
	}
	const version = execFileSync(CHROMIUM, ['--version'], {
		encoding: 'utf8',
		// Debian's launcher script prints a harmless shell warning on some machines.
		stdio: ['ignore', 'pipe', 'ignore'],
		timeout: 30_000,
	}).trim();
	return { executablePath: CHROMIUM, version, installed, ms: Date.now() - started };
}
