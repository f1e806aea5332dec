import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { schemaValues, skillEntry, type SchemaValue } from './skillCatalog';

/**
 * Language, Platform and UI Locale of the Skills: the values MeiGen's live catalog lists for the
 * open Skill, else a static list of common ones. An expression can still give any value MeiGen
 * takes; MeiGen refuses one it doesn't, before charging.
 */

type Known = Record<string, { name: string; description?: string }>;

const LANGUAGES: Known = {
	auto: { name: 'Auto', description: 'MeiGen picks the language from the product and your text' },
	ar: { name: 'Arabic' },
	de: { name: 'German' },
	en: { name: 'English' },
	es: { name: 'Spanish' },
	fr: { name: 'French' },
	it: { name: 'Italian' },
	ja: { name: 'Japanese' },
	ko: { name: 'Korean' },
	pt: { name: 'Portuguese' },
	ru: { name: 'Russian' },
	zh: { name: 'Chinese' },
};

const PLATFORMS: Known = {
	amazon: { name: 'Amazon', description: "MeiGen's default" },
	ebay: { name: 'eBay' },
	etsy: { name: 'Etsy' },
	shopee: { name: 'Shopee' },
	shopify: { name: 'Shopify' },
	taobao: { name: 'Taobao' },
	temu: { name: 'Temu' },
	tiktok: { name: 'TikTok Shop' },
	tmall: { name: 'Tmall' },
};

const UI_LOCALES: Known = {
	'de-DE': { name: 'German (Germany)' },
	'en-GB': { name: 'English (United Kingdom)' },
	'en-US': { name: 'English (United States)' },
	'es-ES': { name: 'Spanish (Spain)' },
	'fr-FR': { name: 'French (France)' },
	'ja-JP': { name: 'Japanese (Japan)' },
	'ko-KR': { name: 'Korean (Korea)' },
	'pt-BR': { name: 'Portuguese (Brazil)' },
	'zh-CN': { name: 'Chinese (Simplified)' },
	'zh-TW': { name: 'Chinese (Traditional)' },
};

const FROM_CATALOG = "From MeiGen's live Skills catalog";
const COMMON = "A common value; MeiGen's catalog lists none for this Skill";

async function fieldOptions(
	context: ILoadOptionsFunctions,
	field: string,
	known: Known,
): Promise<INodePropertyOptions[]> {
	const { entry } = await skillEntry(context);
	const { values, fallback } = schemaValues(entry, field);
	const fromCatalog = values.length > 0;
	const listedValues: SchemaValue[] = fromCatalog
		? values
		: Object.keys(known).map((value) => ({ value }));
	const options = listedValues.map(({ value, title, description }) => {
		const name = title ?? known[value]?.name ?? value;
		const parts = [
			value === fallback ? "MeiGen's default" : undefined,
			description ?? known[value]?.description,
			fromCatalog ? FROM_CATALOG : COMMON,
		].filter((part, index, all) => part && all.indexOf(part) === index);
		return {
			name: name === value ? name : `${name} (${value})`,
			value,
			description: parts.join('. '),
		};
	});
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

/** A field's loader: the open Skill's values from the catalog, else the common ones in `known`. */
function loaderFor(field: string, known: Known) {
	return async function (this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await fieldOptions(this, field, known);
	};
}

export const getSkillLanguages = loaderFor('language', LANGUAGES);
export const getSkillPlatforms = loaderFor('platform', PLATFORMS);
export const getSkillUiLocales = loaderFor('uiLocale', UI_LOCALES);
