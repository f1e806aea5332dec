import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { fetchSkillCatalog } from '../catalog/skills';
import type { SkillCatalogEntry, SkillId } from '../types';
import { isRecord } from '../util/records';
import { plainText } from '../util/text';

/**
 * What the Skill dropdowns read from MeiGen's live Skills catalog: the open operation's catalog
 * entry and the values its `inputSchema` lists for a field. The schema's shape is not documented
 * (MeiGen: "see the catalog for current language, platform and ratio enums"), so it is read
 * tolerantly: `enum`, or `oneOf`/`anyOf` entries with `const` and `title`.
 */

const SKILL_OF_OPERATION: Record<string, SkillId> = {
	aiBackground: 'white-bg',
	marketingPoster: 'brand-poster',
	productDetail: 'product-detail',
	removeBackground: 'remove-bg',
	upscale: 'upscale',
};

export interface CatalogRead {
	/** The open operation's entry; undefined when the catalog has none */
	entry?: SkillCatalogEntry;
	/** False when the catalog could not be read at all */
	reached: boolean;
}

/** The Skill the open operation runs, from the node's Operation field. */
function currentSkill(context: ILoadOptionsFunctions): SkillId | undefined {
	const operation = plainText(context.getCurrentNodeParameter('operation'));
	return operation ? SKILL_OF_OPERATION[operation] : undefined;
}

/**
 * The Skill's catalog entry. A catalog that can't be read gives no entry rather than an error:
 * the dropdowns then still offer their values, without prices.
 */
export async function skillEntry(
	context: ILoadOptionsFunctions,
	skill: SkillId | undefined = currentSkill(context),
): Promise<CatalogRead> {
	if (!skill) return { reached: false };
	try {
		const [entry] = await fetchSkillCatalog(context, { skill });
		return { entry, reached: true };
	} catch {
		return { reached: false };
	}
}

export interface SchemaValue {
	value: string;
	title?: string;
	description?: string;
}

function schemaOf(entry: SkillCatalogEntry | undefined, field: string): Record<string, unknown> {
	const schema = isRecord(entry?.inputSchema) ? entry.inputSchema : {};
	const properties = isRecord(schema.properties) ? schema.properties : {};
	const property = properties[field];
	return isRecord(property) ? property : {};
}

function listed(property: Record<string, unknown>): SchemaValue[] {
	if (Array.isArray(property.enum)) {
		return property.enum.flatMap((value) => {
			const text = plainText(value);
			return text ? [{ value: text }] : [];
		});
	}
	const variants = [property.oneOf, property.anyOf].find(Array.isArray) ?? [];
	return variants.flatMap((variant) => {
		if (!isRecord(variant)) return [];
		const value = plainText(variant.const ?? (Array.isArray(variant.enum) ? variant.enum[0] : ''));
		if (!value) return [];
		const title = plainText(variant.title);
		const description = plainText(variant.description);
		return [{ value, ...(title ? { title } : {}), ...(description ? { description } : {}) }];
	});
}

/** The values the catalog's schema lists for `field` (or its list's items), and its default. */
export function schemaValues(
	entry: SkillCatalogEntry | undefined,
	field: string,
): { values: SchemaValue[]; fallback?: string } {
	const property = schemaOf(entry, field);
	const items = isRecord(property.items) ? property.items : {};
	const values = listed(property);
	return {
		values: values.length ? values : listed(items),
		fallback: plainText(property.default),
	};
}
