/**
 * The editor in a real browser: starts the demo (scripts/dev/demo.ts), drives n8n's editor in
 * headless Chromium with Playwright and checks what a user sees, one test per step (steps.ts).
 * Chromium is Debian's package (installed with apt-get when missing and root); playwright-core
 * downloads no browser. Screenshots go to test-results/browser/; BROWSER_KEEP=1 keeps the demo's
 * temporary user folder.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

import { startDemo, type Demo } from '../dev/demo';
import { cleanup, cleanupOnSignals, onCleanup, tempFolder } from '../lib/cleanup';
import { freePort } from '../lib/ports';
import { requireBuild } from '../lib/process';
import { Timings } from '../lib/timing';
import { CHROMIUM, ensureChromium, launchBrowser, type Browser } from './chromium';
import { Editor } from './editor';
import { STEPS } from './steps';

const repoRoot = path.resolve(__dirname, '..', '..');
const screenshotsDir = path.join(repoRoot, 'test-results', 'browser');

requireBuild(repoRoot);
cleanupOnSignals('browser');
const started = Date.now();
const timings = new Timings();
let demo: Demo;
let browser: Browser;
let editor: Editor;
/** Why the remaining steps cannot run (nothing can be checked without a signed-in editor). */
let blocked: string | undefined;
let stepsStarted = 0;

beforeAll(async () => {
	const chromium = ensureChromium();
	const found = chromium.installed ? 'installing Chromium' : 'finding Chromium';
	timings.entries.push([found, chromium.ms]);
	console.log(`[browser] ${chromium.version} (${CHROMIUM})`);
	// Screenshots of an earlier run are removed, so the folder shows this run only.
	await mkdir(screenshotsDir, { recursive: true });
	for (const file of (await readdir(screenshotsDir)).filter((name) => name.endsWith('.png')))
		await rm(path.join(screenshotsDir, file), { force: true });

	const userFolder = await tempFolder('meigen-browser-demo-', 'BROWSER_KEEP', '[browser]');
	// Stopped even when Ctrl-C comes while it is starting.
	const starting = startDemo({ port: await freePort(), userFolder, quiet: true, build: false });
	onCleanup('stop the demo', async () => await (await starting.catch(() => undefined))?.stop());
	demo = await timings.time('starting the demo', () => starting);
	console.log(`[browser] demo ready at ${demo.editorUrl} (${demo.workflows.length} workflows)`);

	browser = await timings.time('starting Chromium', () => launchBrowser());
	onCleanup('close Chromium', () => browser.close());
	editor = new Editor(browser.page, demo.editorUrl);
	stepsStarted = Date.now();
});

afterAll(async () => {
	if (stepsStarted) timings.entries.push(['the steps', Date.now() - stepsStarted]);
	await timings.time('stopping', () => cleanup());
	console.log(`[browser] screenshots in ${path.relative(process.cwd(), screenshotsDir) || '.'}/`);
	timings.print(Date.now() - started);
});

const steps = STEPS.map((step, index) => ({ ...step, index, title: `${index + 1}. ${step.name}` }));

test.each(steps)('$title', async ({ run, index }) => {
	if (blocked) throw new Error(blocked);
	const screenshots: string[] = [];
	try {
		const details = await run({ editor, demo, screenshotsDir, screenshots });
		for (const line of details) console.log(`[browser]        ${line}`);
	} catch (error) {
		const failure = path.join(screenshotsDir, `${index + 1}-FAILED.png`);
		await browser.page
			.screenshot({ path: failure })
			.then(() => screenshots.push(path.relative(process.cwd(), failure)))
			.catch(() => undefined);
		const problems = browser.problems.filter((line) => !/ERR_ABORTED/.test(line)).slice(-5);
		if (problems.length) console.log(`[browser]        the page reported: ${problems.join(' / ')}`);
		if (index === 0) blocked = 'not run: logging in failed';
		// A step that failed half-way may leave a panel open: start the next one from a clean page.
		await browser.page.keyboard.press('Escape').catch(() => undefined);
		throw error;
	} finally {
		for (const file of screenshots) console.log(`[browser]        screenshot: ${file}`);
	}
});
