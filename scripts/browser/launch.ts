/**
 * Headless Chromium (Debian's, see chromium.ts) driven by playwright-core, with a throw-away
 * profile that is removed again. Nothing it loads leaves the machine: the editor is on loopback,
 * and Chromium's own background traffic (updates, sync, QUIC probes, …) is switched off.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium, selectors, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface Browser {
	context: BrowserContext;
	page: Page;
	/** Console errors and failed requests the page reported, for the report on failure. */
	problems: string[];
	close(): Promise<void>;
}

const CLOSE_TIMEOUT_MS = 15_000;

export async function launchBrowser(executablePath: string): Promise<Browser> {
	// n8n's editor marks its elements with data-test-id (not Playwright's default data-testid).
	selectors.setTestIdAttribute('data-test-id');
	const profile = await mkdtemp(path.join(tmpdir(), 'meigen-browser-profile-'));
	let context: BrowserContext;
	try {
		// A persistent context is how Playwright takes a profile folder: it passes it as
		// --user-data-dir (launch() refuses that flag) and the folder is new for each run.
		context = await chromium.launchPersistentContext(profile, {
			executablePath,
			headless: true,
			args: CHROMIUM_ARGS,
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
		});
	} catch (error) {
		await rm(profile, { recursive: true, force: true });
		throw error;
	}
	const page = context.pages()[0] ?? (await context.newPage());
	const problems: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') problems.push(`console: ${message.text().slice(0, 300)}`);
	});
	page.on('pageerror', (error) => problems.push(`page error: ${error.message.slice(0, 300)}`));
	page.on('requestfailed', (request) =>
		problems.push(
			`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`,
		),
	);
	let closed: Promise<void> | undefined;
	return {
		context,
		page,
		problems,
		close: () =>
			(closed ??= (async () => {
				await Promise.race([
					context.close().catch(() => undefined),
					new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref()),
				]);
				await rm(profile, { recursive: true, force: true });
			})()),
	};
}
