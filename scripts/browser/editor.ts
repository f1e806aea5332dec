/**
 * n8n 2.41's editor as a user sees it, found by the data-test-id attributes its frontend sets
 * (read from n8n-editor-ui's bundle: SigninView, the canvas, NodeDetailsView, ResourceLocator,
 * CollectionParameter, ParameterInput, RunData and RunDataBinary).
 */
import type { Locator, Page } from 'playwright-core';

/** How long the editor may take to show something after a click (it loads chunks on demand). */
const UI_TIMEOUT_MS = 30_000;

/** One line of visible text, without the editor's extra white space. */
export const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

export class Editor {
	constructor(
		readonly page: Page,
		readonly baseUrl: string,
	) {
		page.setDefaultTimeout(UI_TIMEOUT_MS);
		// Leaving a workflow with unsaved changes asks first; the test's changes are throw-away.
		page.on('dialog', (dialog) => void dialog.accept().catch(() => undefined));
	}

	async login(email: string, password: string): Promise<void> {
		const { page } = this;
		await page.goto(`${this.baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
		const form = page.getByTestId('signin-form');
		await form.waitFor();
		await form.locator('input[name="emailOrLdapLoginId"]').fill(email);
		await form.locator('input[name="password"]').fill(password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	}

	async openWorkflow(id: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
		await this.page.getByTestId('canvas-node').first().waitFor();
	}

	canvasNode(name: string): Locator {
		// JSON quotes the name as a CSS attribute value.
		return this.page.locator(
			`[data-test-id="canvas-node"][data-node-name=${JSON.stringify(name)}]`,
		);
	}

	get ndv(): Locator {
		return this.page.getByTestId('ndv');
	}

	async openNode(name: string): Promise<void> {
		await this.canvasNode(name).dblclick();
		await this.ndv.waitFor();
	}

	async closeNdv(): Promise<void> {
		if (!(await this.ndv.isVisible())) return;
		await this.ndv.getByTestId('ndv-close-button').first().click();
		await this.ndv.waitFor({ state: 'hidden' });
	}

	/** A parameter's input in the open node's panel, by its name (`parameter-input-<name>`). */
	parameter(name: string): Locator {
		return this.ndv.getByTestId(`parameter-input-${name}`);
	}

	/** The text an input or text area of the parameter holds (a dropdown's shown choice). */
	async parameterValue(name: string): Promise<string> {
		return clean(await this.parameter(name).locator('input, textarea').first().inputValue());
	}

	/** The dropdown that is open now (Element Plus renders it into the page's body). */
	get openDropdown(): Locator {
		return this.page.locator('.el-select__popper:visible');
	}

	/** Opens a dropdown once its options loaded (not "Loading options..."); returns their names. */
	async dropdownOptions(name: string): Promise<string[]> {
		const input = this.parameter(name).locator('input').first();
		await this.page.waitForFunction(
			(el) => !/loading options/i.test((el as unknown as { value: string }).value),
			await input.elementHandle(),
		);
		await input.scrollIntoViewIfNeeded();
		await input.click();
		const items = this.openDropdown.getByTestId('parameter-input-item');
		await items.first().waitFor();
		await this.settled(this.openDropdown.first());
		return (await items.locator('.option-headline').allInnerTexts()).map(clean);
	}

	/** Waits until an element's opening animation is over (so a screenshot shows it as a user does). */
	async settled(element: Locator): Promise<void> {
		await this.page.waitForFunction(
			(el) => {
				type Animated = { getAnimations(): unknown[]; getAttribute(name: string): string | null };
				const node = el as unknown as Animated | null;
				// Vue marks an element with *-enter-* / *-leave-* classes for as long as its transition runs.
				const moving = /-(enter|leave)-(from|active|to)\b/.test(node?.getAttribute('class') ?? '');
				return !!node && !moving && node.getAnimations().length === 0;
			},
			await element.elementHandle(),
		);
	}

	async closeDropdown(): Promise<void> {
		await this.page.keyboard.press('Escape');
		await this.openDropdown.first().waitFor({ state: 'hidden' });
	}

	/** Adds a field from a collection's "Add Field" list (the first collection in the panel). */
	async addField(label: string): Promise<void> {
		const add = this.ndv.getByTestId('collection-parameter-add').first();
		await add.scrollIntoViewIfNeeded();
		await add.locator('input').click();
		const options = this.openDropdown.getByTestId('collection-parameter-option');
		await options.filter({ hasText: label }).first().click();
	}

	/** The Model field (a resource locator): its mode selector, input and list. */
	resourceLocator(name: string): Locator {
		return this.ndv.getByTestId(`resource-locator-${name}`);
	}

	/** Switches a resource locator to "From List" and opens the list; returns its entries. */
	async openResourceList(name: string): Promise<string[]> {
		const locator = this.resourceLocator(name);
		await locator.getByTestId('rlc-mode-selector').click();
		await this.page.getByTestId('mode-list').click();
		await locator.getByTestId('rlc-input').click();
		return await this.resourceListItems();
	}

	async resourceListItems(): Promise<string[]> {
		const items = this.page.getByTestId('rlc-item');
		await items.first().waitFor();
		return (await items.allInnerTexts()).map(clean);
	}

	/** Types into the open resource list's search box and waits for the list to show the result. */
	async searchResourceList(text: string, expectedCount: number): Promise<string[]> {
		await this.page.getByTestId('rlc-search').fill(text);
		// The list answers the search after a short debounce; what it then shows is compared by the caller.
		const shown = `document.querySelectorAll('[data-test-id="rlc-item"]').length === ${expectedCount}`;
		await this.page.waitForFunction(shown, undefined, { timeout: 10_000 }).catch(() => undefined);
		return await this.resourceListItems();
	}
}
