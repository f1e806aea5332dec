import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { apiRequest } from '../transport';
import type { SkillCatalogEntry, SkillId } from '../types';
import { isRecord } from '../util/records';

/**
 * The Skills catalog (GET /api/skills), read the way this product reads it until MeiGen
 * documents it: the entries are the first array under `skills`, `data` or the body itself; an
 * entry's ID is `id` or `skill`; a price that can't be read is unknown, never free.
 */

/** Each Skill as the panel names it: its operation's name. */
export const SKILL_NAMES: Record<SkillId, string> = {
	'remove-bg': 'Remove Background',
	upscale: 'Upscale',
	'product-detail': 'Create Product Detail Images',
	'brand-poster': 'Create Marketing Poster',
	'white-bg': 'Create AI Background',
};

/** MeiGen's advice: poll a Skill run every 10 s. */
export const SKILL_POLL_SECONDS = 10;

function hasId(value: unknown): value is SkillCatalogEntry {
	return isRecord(value) && (typeof value.id === 'string' || typeof value.skill === 'string');
}

/** The entries of a catalog answer, whichever key holds them; a single entry is a list of one. */
function catalogEntries(body: unknown): SkillCatalogEntry[] {
	const lists = isRecord(body) ? [body.skills, body.data] : [body];
	const list = lists.find(Array.isArray);
	if (list) return list.filter(hasId);
	if (!isRecord(body)) return [];
	const single = [body.skill, body.data, body].find(hasId);
	return single ? [single] : [];
}

export function entryId(entry: SkillCatalogEntry): string | undefined {
	const id = entry.id ?? entry.skill;
	return typeof id === 'string' ? id : undefined;
}

export async function fetchSkillCatalog(
	context: IExecuteFunctions | ILoadOptionsFunctions,
	options: { skill?: SkillId; signal?: AbortSignal } = {},
): Promise<SkillCatalogEntry[]> {
	const body = await apiRequest<unknown>(context, 'GET', '/skills', {
		qs: options.skill ? { skill: options.skill } : undefined,
		signal: options.signal,
		limit: 'catalog',
	});
	const entries = catalogEntries(body);
	return options.skill ? entries.filter((entry) => entryId(entry) === options.skill) : entries;
}

function credits(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
	if (isRecord(value)) {
		for (const key of ['credits', 'perImage']) {
			const nested = value[key];
			if (typeof nested === 'number' && Number.isFinite(nested) && nested >= 0) return nested;
		}
	}
	return undefined;
}

/**
 * The price of one output image, or undefined when the catalog gives none that can be read.
 * White-bg may price by mode and quality (`pricing[mode][quality]`, `pricing[mode]`).
 */
export function pricePerImage(
	entry: SkillCatalogEntry | undefined,
	variant: { mode?: string; quality?: string } = {},
): number | undefined {
	const pricing = entry?.pricing;
	const flat = credits(pricing);
	if (flat !== undefined) return flat;
	if (!isRecord(pricing) || !variant.mode) return undefined;
	const byMode = pricing[variant.mode];
	if (variant.quality && isRecord(byMode)) {
		const byQuality = credits(byMode[variant.quality]);
		if (byQuality !== undefined) return byQuality;
	}
	return credits(byMode);
}
