/**
 * Chromium for the editor test: Debian's package (apt-get when missing and root, as for Redis and
 * Postgres), driven by playwright-core (which downloads no browser) with a throw-away profile.
 * Nothing leaves the machine: the editor is on loopback, Chromium's background traffic is off.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium, selectors, type BrowserContext, type Page } from 'playwright-core';

import { ensurePackages } from '../lib/apt';
import { delay } from '../lib/process';

/** Debian's Chromium; CHROMIUM_PATH names another Chromium-based browser (e.g. on a CI runner). */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Finds /usr/bin/chromium; installs Debian's package when it is missing and the run is root. */
export function ensureChromium() {
	const started = Date.now();
	const need = `Chromium is needed for the browser test; ${CHROMIUM} is missing`;
	const hint =
		"Install it and run again: on Debian/Ubuntu `sudo apt-get install -y chromium` (Debian's package puts it at /usr/bin/chromium). The test starts its own headless Chromium with a throw-away profile; it never downloads a browser.";
	const found = () => existsSync(CHROMIUM) || undefined;
	const { installed } = ensurePackages('browser', ['chromium'], found, { need, hint });
	const version = execFileSync(CHROMIUM, ['--version'], {
		encoding: 'utf8',
		// Debian's launcher script prints a harmless shell warning on some machines.
		stdio: ['ignore', 'pipe', 'ignore'],
		timeout: 30_000,
	}).trim();
	return { version, installed, ms: Date.now() - started };
}

const CHROMIUM_FLAGS =
	'--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync';

export interface Browser {
	context: BrowserContext;
	page: Page;
	/** Console errors and failed requests the page reported, for the report on failure. */
	problems: string[];
	close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
	// n8n's editor marks its elements with data-test-id (not Playwright's default data-testid).
	selectors.setTestIdAttribute('data-test-id');
	const profile = await mkdtemp(path.join(tmpdir(), 'meigen-browser-profile-'));
	// A persistent context is how Playwright takes a profile folder: it passes it as
	// --user-data-dir (launch() refuses that flag) and the folder is new for each run.
	const context = await chromium
		.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_FLAGS.split(' '),
			viewport: { width: 1600, height: 1000 },
			deviceScaleFactor: 1.5,
			locale: 'en-US',
			timezoneId: 'UTC',
			// Signals are the runner's to handle (it stops the demo too; Playwright's own SIGINT
			// handler would exit before that). Playwright still kills Chromium when this process exits.
			handleSIGINT: false,
			handleSIGTERM: false,
			handleSIGHUP: false,
			timeout: 60_000,
		})
		.catch(async (error: unknown) => {
			await rm(profile, { recursive: true, force: true });
			throw error;
		});
	const page = context.pages()[0] ?? (await context.newPage());
	const problems: string[] = [];
	const report = (problem: string) => problems.push(problem.slice(0, 300));
	page.on('console', (line) => line.type() === 'error' && report(`console: ${line.text()}`));
	page.on('pageerror', (error) => report(`page error: ${error.message}`));
	page.on('requestfailed', (request) => {
		const why = request.failure()?.errorText;
		report(`request failed: ${request.method()} ${request.url()} (${why})`);
	});
	let closed: Promise<void> | undefined;
	const close = () =>
		(closed ??= (async () => {
			await Promise.race([context.close().catch(() => undefined), delay(15_000)]);
			await rm(profile, { recursive: true, force: true });
		})());
	return { context, page, problems, close };
}
