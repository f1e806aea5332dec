import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { pricePerImage } from '../catalog/skills';
import { isRecord } from '../util/records';
import { plainText } from '../util/text';
import { skillEntry, type CatalogRead } from './skillCatalog';

/**
 * The Skill options that change what a run costs, each with its price from MeiGen's live Skills
 * catalog, worked out exactly as the run quotes it (white-bg by mode and quality, upscale by
 * mode, the others per image). A price the catalog doesn't give is "unknown", never free.
 */

interface Choice {
	name: string;
	value: string;
	description: string;
}

function credits(amount: number): string {
	return `${amount} credit${amount === 1 ? '' : 's'}`;
}

function priced(choice: Choice, read: CatalogRead, price: number | undefined, each = ''): Choice {
	if (price !== undefined) {
		return {
			name: `${choice.name} — ${credits(price)}${each}`,
			value: choice.value,
			description: `${choice.description}. ${credits(price)}${each || ' per image'}, from MeiGen's live Skills catalog.`,
		};
	}
	const why = read.reached
		? "MeiGen's catalog gives none this node can read"
		: "MeiGen's Skills catalog could not be read";
	return { ...choice, description: `${choice.description}. Price unknown: ${why}.` };
}

/** The Additional Fields already set, as a price depends on them. */
function additional(context: ILoadOptionsFunctions, field: string): string | undefined {
	const fields: unknown = context.getCurrentNodeParameter('additionalFields');
	return isRecord(fields) ? plainText(fields[field]) : undefined;
}

const BACKGROUND_MODES: Choice[] = [
	{ name: 'Custom', value: 'custom', description: 'A background you describe' },
	{ name: 'Smart', value: 'smart', description: 'A background MeiGen picks for the product' },
	{ name: 'White', value: 'white', description: 'A clean white background' },
];

/** AI Background's Mode, priced at the chosen Quality (Fast when none is set yet). */
export async function getBackgroundModes(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const read = await skillEntry(this, 'white-bg');
	const quality = additional(this, 'quality') ?? 'fast';
	return BACKGROUND_MODES.map((mode) =>
		priced(mode, read, pricePerImage(read.entry, { mode: mode.value, quality })),
	);
}

const BACKGROUND_QUALITIES: Choice[] = [
	{ name: 'Fast (1K)', value: 'fast', description: "MeiGen's default" },
	{ name: 'HD (2K)', value: 'hd', description: 'Twice the resolution' },
];

/** AI Background's Quality, priced in the chosen Mode (White mode ignores it). */
export async function getBackgroundQualities(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const read = await skillEntry(this, 'white-bg');
	const mode = plainText(this.getCurrentNodeParameter('mode')) ?? 'smart';
	return BACKGROUND_QUALITIES.map((quality) =>
		priced(quality, read, pricePerImage(read.entry, { mode, quality: quality.value })),
	);
}

const UPSCALE_MODES: Choice[] = [
	{ name: 'Creative', value: 'creative', description: 'Adds plausible detail' },
	{ name: 'Crisp', value: 'crisp', description: 'Sharper, faithful to the original' },
];

export async function getUpscaleModes(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const read = await skillEntry(this, 'upscale');
	return UPSCALE_MODES.map((mode) =>
		priced(mode, read, pricePerImage(read.entry, { mode: mode.value })),
	);
}

const QUALITIES: Choice[] = [
	{ name: 'Low (Fast)', value: 'low', description: "Fast rendering, MeiGen's default" },
	{ name: 'Medium (Pro)', value: 'medium', description: 'More rendering effort, same resolution' },
];

/** Product Detail's and Marketing Poster's Quality: both priced per image. */
export async function getSkillQualities(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const read = await skillEntry(this);
	return QUALITIES.map((quality) => priced(quality, read, pricePerImage(read.entry)));
}

const MODULES: Choice[] = [
	{ name: 'Brand', value: 'brand', description: 'The brand story' },
	{ name: 'Detail', value: 'detail', description: 'A close-up of the product' },
	{ name: 'Hero', value: 'hero', description: 'The main shot' },
	{ name: 'Material', value: 'material', description: 'Texture and craft' },
	{ name: 'Scene', value: 'scene', description: 'The product in use, lifestyle' },
	{ name: 'Usage', value: 'usage', description: 'How to use it' },
];

/** Product Detail's Modules: each one paid image. */
export async function getProductModules(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const read = await skillEntry(this, 'product-detail');
	return MODULES.map((module) => priced(module, read, pricePerImage(read.entry), ' each'));
}
