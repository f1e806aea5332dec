/**
 * The browser test's steps: what a user does in the editor with the demo's workflows, and what
 * each must show. A step fails on the first thing that is wrong; it returns what it checked.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { Demo } from '../dev/demo';
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

export interface Step {
	name: string;
	run(context: StepContext): Promise<string[]>;
}

function fail(message: string): never {
	throw new Error(message);
}

/** The same entries in any order; returns what it checked. */
function sameList(what: string, shown: string[], expected: string[]): string {
	const missing = expected.filter((entry) => !shown.includes(entry));
	const extra = shown.filter((entry) => !expected.includes(entry));
	expect({ [what]: { missing, extra, entries: shown.length } }).toEqual({
		[what]: { missing: [], extra: [], entries: expected.length },
	});
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

function workflowId(demo: Demo, filePrefix: string): string {
	const workflow = demo.workflows.find((entry) => entry.file.startsWith(filePrefix));
	if (!workflow) fail(`the demo imported no workflow from examples/${filePrefix}*.json`);
	return workflow.id;
}

/**
 * The README's picture: the Generate panel with the Model list open, drawn in a 1000×720 window
 * at 1.5× pixel density (launch.ts), so it is about 1400 px wide and reads at the README's width.
 */
const PANEL_PICTURE = path.resolve(__dirname, '..', '..', 'docs', 'images', 'generate-panel.png');

const EXAMPLE_01 = '01-text-to-image-save-to-disk';
const EXAMPLE_04 = '04-text-to-video';
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
		return [
			`signed in as ${demo.email}; the editor went on to ${new URL(editor.page.url()).pathname}`,
			`the workflow list shows "${name}"`,
		];
	},
};

/**
 * 2. Example 01's Generate Image node: the Model picker, switched to "From List", lists the
 * fake's live models with their media type and credits (hidden and inactive ones not), and its
 * search narrows the list.
 */
const modelPicker: Step = {
	name: 'model picker lists the live models with credits (example 01)',
	async run(context) {
		const { editor, demo } = context;
		const { page } = editor;
		const { listed, absent } = pickerModels(demo.fake);
		const window = page.viewportSize();
		await page.setViewportSize({ width: 1000, height: 720 });
		await editor.openWorkflow(workflowId(demo, EXAMPLE_01));
		await editor.openNode('Generate Image');
		const details: string[] = [];
		const shown = await editor.openResourceList('modelId');
		details.push(
			sameList('Model list', [...shown].sort(), listed.map((entry) => entry.label).sort()),
		);
		details.push(
			`not listed (hidden or inactive at MeiGen): ${absent.map((entry) => entry.id).join(', ')}`,
		);
		await mkdir(path.dirname(PANEL_PICTURE), { recursive: true });
		await page.screenshot({
			path: PANEL_PICTURE,
			clip: (await editor.ndv.boundingBox()) ?? undefined,
		});
		details.push(`the README's picture: ${path.relative(process.cwd(), PANEL_PICTURE)}`);
		await screenshot(context, '2-model-picker.png');
		if (window) await page.setViewportSize(window);
		// The list scrolls: the rest of it (the video models) in a second picture.
		await editor.page.getByTestId('rlc-item').last().scrollIntoViewIfNeeded();
		await screenshot(context, '2-model-picker-end.png');

		const needle = 'seedance';
		const matching = listed.filter((entry) =>
			[entry.id, entry.label].join(' ').toLowerCase().includes(needle),
		);
		const found = await editor.searchResourceList(needle, matching.length);
		details.push(
			sameList(
				`search "${needle}"`,
				[...found].sort(),
				matching.map((entry) => entry.label).sort(),
			),
		);
		await screenshot(context, '2-model-picker-search.png');
		await editor.page.keyboard.press('Escape');
		return details;
	},
};

/**
 * 3. Run example 01 from the editor: both nodes succeed, Generate Image's output shows the image
 * as binary data (file name `<generation ID>.png`, image/png) and previews it, and the fake
 * MeiGen recorded exactly one job, charged once.
 */
const runWorkflow: Step = {
	name: 'run example 01 from the editor: binary image output, one charged job',
	async run(context) {
		const { editor, demo } = context;
		const { page } = editor;
		const fake = demo.fake;
		const jobsBefore = new Set(fake.jobs.keys());
		const chargedBefore = fake.chargedJobs();
		await editor.openWorkflow(workflowId(demo, EXAMPLE_01));
		const started = Date.now();
		await page.getByTestId('execute-workflow-button').click();
		const saved = editor.canvasNode('Save Image to Disk').getByTestId('canvas-node-status-success');
		await saved.waitFor({ timeout: 120_000 });
		await editor.canvasNode('Generate Image').getByTestId('canvas-node-status-success').waitFor();
		const details = [`the workflow ran in ${((Date.now() - started) / 1000).toFixed(1)} s`];

		const newJobs = [...fake.jobs.values()].filter((job) => !jobsBefore.has(job.id));
		details.push(equal('jobs the fake MeiGen received', newJobs.length, 1));
		details.push(equal('charged jobs', fake.chargedJobs() - chargedBefore, 1));
		const [job] = newJobs;
		details.push(equal('job model', job.modelId, 'nanobanana-2'));

		await editor.openNode('Generate Image');
		const output = editor.ndv.getByTestId('output-panel');
		await output
			.getByTestId('ndv-run-data-display-mode')
			.getByText('Binary', { exact: true })
			.click();
		const card = output.getByTestId('ndv-binary-data_0');
		await card.waitFor();
		const text = clean(await card.innerText());
		const field = (label: string): string | undefined =>
			new RegExp(`${label}: (\\S+)`).exec(text)?.[1];
		details.push(equal('binary field', text.split(' ')[0], 'data'));
		details.push(equal('File Name', field('File Name'), `${job.id}.png`));
		details.push(equal('Mime Type', field('Mime Type'), 'image/png'));
		details.push(equal('File Extension', field('File Extension'), 'png'));
		await screenshot(context, '3-run-binary-output.png');

		await card.getByTestId('ndv-view-binary-data').click();
		const image = output.locator('img[src*="/rest/binary-data"]').first();
		await image.waitFor();
		await page.waitForFunction(
			(img) => {
				const element = img as unknown as { complete: boolean; naturalWidth: number };
				return element.complete && element.naturalWidth > 0;
			},
			await image.elementHandle(),
		);
		const size = await image.evaluate((img) => {
			const element = img as unknown as { naturalWidth: number; naturalHeight: number };
			return { width: element.naturalWidth, height: element.naturalHeight };
		});
		const ratio = size.width / size.height;
		if (Math.abs(ratio - 16 / 9) > 0.02) {
			fail(`the preview is ${size.width}×${size.height}, not the 16:9 the example asks for`);
		}
		details.push(`the preview shows the image, ${size.width}×${size.height} (16:9 as asked)`);
		await screenshot(context, '3-run-binary-preview.png');
		await editor.closeNdv();
		return details;
	},
};

/**
 * 4. Example 07's Create AI Background node (Skill): the operation's own fields as the example
 * set them (Custom mode shows Custom Prompt), its Mode choices, and its Additional Fields.
 */
const skillPanel: Step = {
	name: 'Skill → Create AI Background panel (example 07)',
	async run(context) {
		const { editor, demo } = context;
		await editor.openWorkflow(workflowId(demo, EXAMPLE_07));
		await editor.openNode('Create AI Background');
		const details = [
			equal('Resource', await editor.parameterValue('resource'), 'Skill'),
			equal('Operation', await editor.parameterValue('operation'), 'Create AI Background'),
			equal('Image Source', await editor.parameterValue('imageSource'), 'Binary Field'),
			equal('Input Binary Field', await editor.parameterValue('binaryPropertyName'), 'data'),
			equal(
				'Custom Prompt (shown in Custom mode)',
				await editor.parameterValue('customPrompt'),
				'On a dark walnut game table, warm lamp light from the left, soft shadows',
			),
			equal('Aspect Ratio', await editor.parameterValue('ratio'), '1:1'),
		];
		// Each choice with its price from MeiGen's live Skills catalogue.
		const choices = aiBackgroundChoices('custom');
		details.push(equal('Mode choices', await editor.dropdownOptions('mode'), choices.modes));
		await screenshot(context, '4-skill-ai-background.png');
		await editor.closeDropdown();
		details.push(equal('Mode', await editor.parameterValue('mode'), choices.modes[0]));
		await editor.addField('Quality');
		details.push(
			equal('Quality choices', await editor.dropdownOptions('quality'), choices.qualities),
		);
		await editor.closeDropdown();
		await editor.closeNdv();
		return details;
	},
};

/**
 * 5. Example 04's Generate Video node (Seedance 2.0): Duration, Aspect Ratio and an added
 * Resolution list the model's own values from GET /models, with prices at its default tier.
 */
const videoPanel: Step = {
	name: 'Generate with a video model: model-aware Duration, Aspect Ratio, Resolution (example 04)',
	async run(context) {
		const { editor, demo } = context;
		const expected = videoOptions(demo.fake, 'seedance-2-0');
		await editor.openWorkflow(workflowId(demo, EXAMPLE_04));
		await editor.openNode('Generate Video');
		const model = clean(
			await editor.resourceLocator('modelId').getByTestId('rlc-input').inputValue(),
		);
		const details = [equal('Model', model, 'seedance-2-0')];
		details.push(
			sameList('Duration', await editor.dropdownOptions('duration'), expected.durations),
		);
		await screenshot(context, '5-video-duration.png');
		await editor.closeDropdown();
		details.push(
			sameList('Aspect Ratio', await editor.dropdownOptions('aspectRatio'), expected.aspectRatios),
		);
		await editor.closeDropdown();
		await editor.addField('Resolution');
		details.push(
			sameList('Resolution', await editor.dropdownOptions('resolution'), expected.resolutions),
		);
		await screenshot(context, '5-video-resolution.png');
		await editor.closeDropdown();
		await editor.closeNdv();
		return details;
	},
};

export const STEPS: Step[] = [login, modelPicker, runWorkflow, skillPanel, videoPanel];
