/**
 * The browser test's steps: what a user does in the editor with the demo's workflows, and what
 * each must show. A step fails on the first thing that is wrong; it returns what it checked.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { Demo } from '../dev/demo';
import { readExamples } from '../lib/examples';
import { clean, type Editor } from './editor';
import { aiBackgroundChoices, pickerModels, videoOptions } from './expected';

export interface StepContext {
	editor: Editor;
	demo: Demo;
	/** Where screenshots go (test-results/browser/). */
	screenshotsDir: string;
	/** Screenshots this step took, for the report. */
	screenshots: string[];
}

export type Step = { name: string; run(context: StepContext): Promise<string[]> };

function fail(message: string): never {
	throw new Error(message);
}

/** The same entries in any order (a failure shows the missing and the extra); returns what it checked. */
function sameList(what: string, shown: string[], expected: string[]): string {
	expect({ [what]: [...shown].sort() }).toEqual({ [what]: [...expected].sort() });
	return `${what}: ${shown.length} entries as expected (${shown.join(' | ')})`;
}

function equal(what: string, shown: unknown, expected: unknown): string {
	expect({ [what]: shown }).toEqual({ [what]: expected });
	return `${what}: ${typeof shown === 'string' ? shown : JSON.stringify(shown)}`;
}

async function screenshot(context: StepContext, file: string): Promise<void> {
	const target = path.join(context.screenshotsDir, file);
	await context.editor.page.screenshot({ path: target });
	context.screenshots.push(path.relative(process.cwd(), target));
}

/** A parameter of a node as examples/<prefix>*.json sets it. */
function exampleParameter(prefix: string, node: string, name: string): unknown {
	const example = readExamples().find((entry) => entry.file.startsWith(prefix));
	const found = example?.source.nodes.find((candidate) => candidate.name === node);
	if (!found) fail(`examples/${prefix}*.json has no node "${node}"`);
	return found.parameters[name];
}

/** Opens the demo's workflow from examples/<prefix>*.json, and in it the node `node`. */
async function openExample({ editor, demo }: StepContext, prefix: string, node?: string) {
	const workflow = demo.workflows.find((entry) => entry.file.startsWith(prefix));
	if (!workflow) fail(`the demo imported no workflow from examples/${prefix}*.json`);
	await editor.openWorkflow(workflow.id);
	if (node) await editor.openNode(node);
}

/**
 * The README's picture: the Generate panel with the Model list open, drawn in a 1000×720 window
 * at 1.5× pixel density (chromium.ts), so it is about 1400 px wide and reads at the README's width.
 */
const PANEL_PICTURE = path.resolve(__dirname, '..', '..', 'docs', 'images', 'generate-panel.png');

const EXAMPLE_01 = '01-text-to-image-save-to-disk';
const EXAMPLE_07 = '07-product-photo-cutout-ai-background';

/** 1. Sign in with the demo's owner account; the workflow list shows the imported examples. */
const login: Step = {
	name: 'log in',
	async run(context) {
		const { editor, demo } = context;
		await editor.login(demo.email, demo.password);
		const name = demo.workflows.find((entry) => entry.file.startsWith(EXAMPLE_01))?.name;
		if (!name) fail(`the demo imported no ${EXAMPLE_01}`);
		await editor.page.getByText(name, { exact: true }).first().waitFor();
		await screenshot(context, '1-logged-in.png');
		const to = new URL(editor.page.url()).pathname;
		const signedIn = `signed in as ${demo.email}; the editor went on to ${to}`;
		return [signedIn, `the workflow list shows "${name}"`];
	},
};

/** 2. Example 01's Model picker ("From List") lists the live models with credits, and searches. */
const modelPicker: Step = {
	name: 'model picker lists the live models with credits (example 01)',
	async run(context) {
		const { editor, demo } = context;
		const { page } = editor;
		const { listed, absent } = pickerModels(demo.fake);
		const labels = (entries: typeof listed) => entries.map((entry) => entry.label);
		const window = page.viewportSize();
		await page.setViewportSize({ width: 1000, height: 720 });
		await openExample(context, EXAMPLE_01, 'Generate Image');
		const shown = await editor.openResourceList('modelId');
		const details = [
			sameList('Model list', shown, labels(listed)),
			`not listed (hidden or inactive at MeiGen): ${absent.map((entry) => entry.id).join(', ')}`,
		];
		await mkdir(path.dirname(PANEL_PICTURE), { recursive: true });
		const clip = (await editor.ndv.boundingBox()) ?? undefined;
		await page.screenshot({ path: PANEL_PICTURE, clip });
		details.push(`the README's picture: ${path.relative(process.cwd(), PANEL_PICTURE)}`);
		await screenshot(context, '2-model-picker.png');
		if (window) await page.setViewportSize(window);
		// The list scrolls: the rest of it (the video models) in a second picture.
		await page.getByTestId('rlc-item').last().scrollIntoViewIfNeeded();
		await screenshot(context, '2-model-picker-end.png');

		const needle = 'seedance';
		const matching = listed.filter(({ id, label }) =>
			`${id} ${label}`.toLowerCase().includes(needle),
		);
		const found = await editor.searchResourceList(needle, matching.length);
		details.push(sameList(`search "${needle}"`, found, labels(matching)));
		await screenshot(context, '2-model-picker-search.png');
		await page.keyboard.press('Escape');
		return details;
	},
};

/** 3. Example 01 run in the editor: the image as binary data, previewed; one job, charged once. */
const runWorkflow: Step = {
	name: 'run example 01 from the editor: binary image output, one charged job',
	async run(context) {
		const { editor, demo } = context;
		const { page } = editor;
		const { fake } = demo;
		const jobsBefore = new Set(fake.jobs.keys());
		const chargedBefore = fake.chargedJobs();
		await openExample(context, EXAMPLE_01);
		const started = Date.now();
		await page.getByTestId('execute-workflow-button').click();
		const succeeded = (node: string) =>
			editor.canvasNode(node).getByTestId('canvas-node-status-success');
		await succeeded('Save Image to Disk').waitFor({ timeout: 120_000 });
		await succeeded('Generate Image').waitFor();
		const details = [`the workflow ran in ${((Date.now() - started) / 1000).toFixed(1)} s`];

		const newJobs = [...fake.jobs.values()].filter((job) => !jobsBefore.has(job.id));
		details.push(equal('jobs the fake MeiGen received', newJobs.length, 1));
		details.push(equal('charged jobs', fake.chargedJobs() - chargedBefore, 1));
		const [job] = newJobs;
		details.push(equal('job model', job.modelId, 'nanobanana-2'));

		await editor.openNode('Generate Image');
		const output = editor.ndv.getByTestId('output-panel');
		const mode = output.getByTestId('ndv-run-data-display-mode');
		await mode.getByText('Binary', { exact: true }).click();
		const card = output.getByTestId('ndv-binary-data_0');
		await card.waitFor();
		const text = clean(await card.innerText());
		const field = (label: string) => new RegExp(`${label}: (\\S+)`).exec(text)?.[1];
		details.push(
			equal('binary field', text.split(' ')[0], 'data'),
			equal('File Name', field('File Name'), `${job.id}.png`),
			equal('Mime Type', field('Mime Type'), 'image/png'),
			equal('File Extension', field('File Extension'), 'png'),
		);
		await screenshot(context, '3-run-binary-output.png');

		await card.getByTestId('ndv-view-binary-data').click();
		const image = output.locator('img[src*="/rest/binary-data"]').first();
		await image.waitFor();
		type Img = { complete: boolean; naturalWidth: number; naturalHeight: number };
		const loaded = (img: unknown) => (img as Img).complete && (img as Img).naturalWidth > 0;
		await page.waitForFunction(loaded, await image.elementHandle());
		const size = await image.evaluate((img) => {
			const { naturalWidth: width, naturalHeight: height } = img as unknown as Img;
			return { width, height };
		});
		if (Math.abs(size.width / size.height - 16 / 9) > 0.02)
			fail(`the preview is ${size.width}×${size.height}, not the 16:9 the example asks for`);
		details.push(`the preview shows the image, ${size.width}×${size.height} (16:9 as asked)`);
		await screenshot(context, '3-run-binary-preview.png');
		await editor.closeNdv();
		return details;
	},
};

/** 4. Example 07's Create AI Background: its fields as the example set them, its choices. */
const skillPanel: Step = {
	name: 'Skill → Create AI Background panel (example 07)',
	async run(context) {
		const { editor } = context;
		await openExample(context, EXAMPLE_07, 'Create AI Background');
		const value = (name: string) => editor.parameterValue(name);
		const details = [
			equal('Resource', await value('resource'), 'Skill'),
			equal('Operation', await value('operation'), 'Create AI Background'),
			equal('Image Source', await value('imageSource'), 'Binary Field'),
			equal('Input Binary Field', await value('binaryPropertyName'), 'data'),
			equal(
				'Custom Prompt (shown in Custom mode)',
				await value('customPrompt'),
				exampleParameter(EXAMPLE_07, 'Create AI Background', 'customPrompt'),
			),
			equal('Aspect Ratio', await value('ratio'), '1:1'),
		];
		// Each choice with its price from MeiGen's live Skills catalogue.
		const choices = aiBackgroundChoices('custom');
		details.push(equal('Mode choices', await editor.dropdownOptions('mode'), choices.modes));
		await screenshot(context, '4-skill-ai-background.png');
		await editor.closeDropdown();
		details.push(equal('Mode', await value('mode'), choices.modes[0]));
		await editor.addField('Quality');
		const qualities = await editor.dropdownOptions('quality');
		details.push(equal('Quality choices', qualities, choices.qualities));
		await editor.closeDropdown();
		await editor.closeNdv();
		return details;
	},
};

/** 5. Example 04's Generate Video: Duration, Aspect Ratio, Resolution with prices. */
const videoPanel: Step = {
	name: 'Generate with a video model: model-aware Duration, Aspect Ratio, Resolution (example 04)',
	async run(context) {
		const { editor, demo } = context;
		const expected = videoOptions(demo.fake, 'seedance-2-0');
		await openExample(context, '04-text-to-video', 'Generate Video');
		const input = editor.resourceLocator('modelId').getByTestId('rlc-input');
		const details = [equal('Model', clean(await input.inputValue()), 'seedance-2-0')];
		const list = async (what: string, name: string, entries: string[], picture?: string) => {
			details.push(sameList(what, await editor.dropdownOptions(name), entries));
			if (picture) await screenshot(context, picture);
			await editor.closeDropdown();
		};
		await list('Duration', 'duration', expected.durations, '5-video-duration.png');
		await list('Aspect Ratio', 'aspectRatio', expected.aspectRatios);
		await editor.addField('Resolution');
		await list('Resolution', 'resolution', expected.resolutions, '5-video-resolution.png');
		await editor.closeNdv();
		return details;
	},
};

export const STEPS: Step[] = [login, modelPicker, runWorkflow, skillPanel, videoPanel];
