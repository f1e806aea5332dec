import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { pricePerImage } from '../catalog/skills';
import { isRecord } from '../util/records';
import { plainText } from '../util/text';
import type { SkillId } from '../types';
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

/** Which of a Skill's prices a choice costs: its mode and quality, where the catalog prices them apart. */
type Variant = (
	context: ILoadOptionsFunctions,
	value: string,
) => { mode?: string; quality?: string };

/**
 * A dropdown's loader: its choices, each priced from the Skill's catalog entry (the open
 * operation's Skill when none is named).
 */
function pricedChoices(
	choices: Choice[],
	skill?: SkillId,
	variant: Variant = () => ({}),
	each = '',
): (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]> {
	return async function (this: ILoadOptionsFunctions) {
		const read = await skillEntry(this, skill);
		return choices.map((choice) =>
			priced(choice, read, pricePerImage(read.entry, variant(this, choice.value)), each),
		);
	};
}

/** AI Background's Mode, priced at the chosen Quality (Fast when none is set yet). */
export const getBackgroundModes = pricedChoices(
	[
		{ name: 'Custom', value: 'custom', description: 'A background you describe' },
		{ name: 'Smart', value: 'smart', description: 'A background MeiGen picks for the product' },
		{ name: 'White', value: 'white', description: 'A clean white background' },
	],
	'white-bg',
	(context, mode) => ({ mode, quality: additional(context, 'quality') ?? 'fast' }),
);

/** AI Background's Quality, priced in the chosen Mode (White mode ignores it). */
export const getBackgroundQualities = pricedChoices(
	[
		{ name: 'Fast (1K)', value: 'fast', description: "MeiGen's default" },
		{ name: 'HD (2K)', value: 'hd', description: 'Twice the resolution' },
	],
	'white-bg',
	(context, quality) => ({
		mode: plainText(context.getCurrentNodeParameter('mode')) ?? 'smart',
		quality,
	}),
);

/** Upscale's Mode, priced by mode where the catalog prices modes apart. */
export const getUpscaleModes = pricedChoices(
	[
		{ name: 'Creative', value: 'creative', description: 'Adds plausible detail' },
		{ name: 'Crisp', value: 'crisp', description: 'Sharper, faithful to the original' },
	],
	'upscale',
	(_context, mode) => ({ mode }),
);

/** Product Detail's and Marketing Poster's Quality: both priced per image. */
export const getSkillQualities = pricedChoices([
	{ name: 'Low (Fast)', value: 'low', description: "Fast rendering, MeiGen's default" },
	{ name: 'Medium (Pro)', value: 'medium', description: 'More rendering effort, same resolution' },
]);

/** Product Detail's Modules: each one paid image. */
export const getProductModules = pricedChoices(
	[
		{ name: 'Brand', value: 'brand', description: 'The brand story' },
		{ name: 'Detail', value: 'detail', description: 'A close-up of the product' },
		{ name: 'Hero', value: 'hero', description: 'The main shot' },
		{ name: 'Material', value: 'material', description: 'Texture and craft' },
		{ name: 'Scene', value: 'scene', description: 'The product in use, lifestyle' },
		{ name: 'Usage', value: 'usage', description: 'How to use it' },
	],
	'product-detail',
	undefined,
	' each',
);
