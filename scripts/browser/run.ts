/**
 * The editor in a real browser: starts the demo (scripts/dev/demo.ts: n8n 2.41.1 with this
 * package, an owner, the credential "MeiGen — local demo" on the fake MeiGen, the examples),
 * drives n8n's editor in headless Chromium with Playwright, and checks what a user sees:
 *
 *   1. logging in;
 *   2. example 01: the Model picker lists the live models with their credits, and searches;
 *   3. example 01 run from the editor: the output panel shows the image as binary data, and the
 *      fake MeiGen charged exactly one job;
 *   4. example 07: Skill → Create AI Background's panel;
 *   5. example 04: a video model's Duration, Aspect Ratio and Resolution with prices.
 *
 *   npm ci && npm run build && npm run test:browser
 *
 * Chromium is Debian's package (/usr/bin/chromium; installed with apt-get when missing and run
 * as root, see chromium.ts); Playwright is `playwright-core`, which downloads no browser. Each
 * step saves screenshots in test-results/browser/. The run ends with `N passed, N failed` (one
 * per step) and exits non-zero on any failure; the demo and the browser are stopped in any case.
 * BROWSER_KEEP=1 keeps the demo's temporary user folder for inspection.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startDemo, type Demo } from '../dev/demo';
import { freePort } from '../lib/ports';
import { ensureChromium } from './chromium';
import { Editor } from './editor';
import { launchBrowser, type Browser } from './launch';
import { Report, seconds } from './report';
import { STEPS } from './steps';

const repoRoot = path.resolve(__dirname, '..', '..');
const screenshotsDir = path.join(repoRoot, 'test-results', 'browser');

const report = new Report();
let demo: Demo | undefined;
/** The demo while it is starting: an interrupted start is waited for, then stopped. */
let demoStarting: Promise<Demo> | undefined;
let browser: Browser | undefined;
let userFolder: string | undefined;
let stopping: Promise<void> | undefined;
let exiting = false;
let interrupted = false;

function message(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** Stops the browser, then the demo (n8n, the fake MeiGen), once, whichever path gets here first. */
function stopAll(): Promise<void> {
	stopping ??= (async () => {
		const started = Date.now();
		try {
			await browser?.close();
		} catch (error) {
			console.error(`[browser] closing Chromium: ${message(error)}`);
		}
		try {
			const running = demo ?? (await demoStarting?.catch(() => undefined));
			await running?.stop();
		} catch (error) {
			console.error(`[browser] stopping the demo: ${message(error)}`);
		}
		if (userFolder && !process.env.BROWSER_KEEP) {
			await rm(userFolder, { recursive: true, force: true }).catch(() => undefined);
		} else if (userFolder) {
			console.log(`[browser] kept the demo's folder ${userFolder}`);
		}
		console.log(`[browser] stopped the browser and the demo in ${seconds(Date.now() - started)}`);
	})();
	return stopping;
}

function exitWith(code: number): void {
	if (exiting) return;
	exiting = true;
	console.log(report.closingLine());
	process.exit(code);
}

/** Screenshots of an earlier run are removed, so the folder shows this run only. */
async function freshScreenshotsDir(): Promise<void> {
	await mkdir(screenshotsDir, { recursive: true });
	for (const file of await readdir(screenshotsDir)) {
		if (file.endsWith('.png')) await rm(path.join(screenshotsDir, file), { force: true });
	}
}

async function main(): Promise<number> {
	const started = Date.now();
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			interrupted = true;
			console.log(`\n[browser] stopped by ${signal}; stopping the browser and the demo`);
			// The step that was running and those after it count as failed.
			for (let index = report.steps.length; index < STEPS.length; index++) {
				report.notRun.push(`step ${index + 1} not run: interrupted by ${signal}`);
			}
			void stopAll().then(() => exitWith(130));
		});
	}
	if (!existsSync(path.join(repoRoot, 'dist', 'nodes', 'MeiGen', 'MeiGen.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` first');
	}
	const timings: Array<[string, number]> = [];

	const chromium = ensureChromium();
	timings.push([chromium.installed ? 'installing Chromium' : 'finding Chromium', chromium.ms]);
	console.log(`[browser] ${chromium.version} (${chromium.executablePath})`);
	await freshScreenshotsDir();

	let at = Date.now();
	userFolder = await mkdtemp(path.join(tmpdir(), 'meigen-browser-demo-'));
	demoStarting = startDemo({ port: await freePort(), userFolder, quiet: true, build: false });
	demo = await demoStarting;
	timings.push(['starting the demo', Date.now() - at]);
	console.log(
		`[browser] demo ready at ${demo.editorUrl} (${demo.workflows.length} workflows) in ${seconds(Date.now() - at)}`,
	);

	at = Date.now();
	browser = await launchBrowser(chromium.executablePath);
	timings.push(['starting Chromium', Date.now() - at]);
	const editor = new Editor(browser.page, demo.editorUrl);

	const stepsStarted = Date.now();
	let blocked: string | undefined;
	for (const [index, step] of STEPS.entries()) {
		const name = `${index + 1}. ${step.name}`;
		if (interrupted) break;
		if (blocked) {
			report.add({ name, ok: false, ms: 0, details: [blocked], screenshots: [] });
			continue;
		}
		const stepStarted = Date.now();
		const screenshots: string[] = [];
		try {
			const details = await step.run({ editor, demo, screenshotsDir, screenshots });
			report.add({ name, ok: true, ms: Date.now() - stepStarted, details, screenshots });
		} catch (error) {
			// Interrupted: the browser is going away under the step; the signal handler reports it.
			if (interrupted) break;
			const failure = path.join(screenshotsDir, `${index + 1}-FAILED.png`);
			await browser.page
				.screenshot({ path: failure })
				.then(() => screenshots.push(path.relative(process.cwd(), failure)))
				.catch(() => undefined);
			const details = [message(error).split('\n').slice(0, 12).join('\n')];
			const problems = browser.problems.filter((line) => !/ERR_ABORTED/.test(line)).slice(-5);
			if (problems.length) details.push(`the page reported: ${problems.join(' / ')}`);
			report.add({ name, ok: false, ms: Date.now() - stepStarted, details, screenshots });
			// Nothing else can be checked without a signed-in editor.
			if (index === 0) blocked = 'not run: logging in failed';
			// A step that failed half-way may leave a panel open: start the next one from a clean page.
			await browser.page.keyboard.press('Escape').catch(() => undefined);
		}
	}
	timings.push(['the steps', Date.now() - stepsStarted]);

	if (interrupted) return 130;
	at = Date.now();
	await stopAll();
	timings.push(['stopping', Date.now() - at]);
	timings.push(['total', Date.now() - started]);
	console.log(`[browser] screenshots in ${path.relative(process.cwd(), screenshotsDir) || '.'}/`);
	console.log(
		`[browser] time: ${timings.map(([label, ms]) => `${label} ${seconds(ms)}`).join(', ')}`,
	);
	return report.failed ? 1 : 0;
}

main().then(
	// Interrupted: the signal handler stops everything and exits.
	(code) => {
		if (!interrupted) exitWith(code);
	},
	(error: unknown) => {
		if (interrupted) return;
		console.error(`[browser] set-up failed: ${message(error)}`);
		// The steps that never ran count as failed.
		for (let index = report.steps.length; index < STEPS.length; index++) {
			report.notRun.push(`step ${index + 1} not run: set-up failed`);
		}
		void stopAll().then(() => exitWith(1));
	},
);
