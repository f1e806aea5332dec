import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { fetchSkillCatalog } from '../catalog/skills';

/** Marketing Poster's Style: the style presets of MeiGen's live catalog. */
export async function getPosterStyles(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const [entry] = await fetchSkillCatalog(this, { skill: 'brand-poster' });
	const presets = Array.isArray(entry?.stylePresets) ? entry.stylePresets : [];
	return presets
		.filter((preset) => typeof preset?.id === 'string')
		.map((preset) => ({ name: preset.label ?? preset.id, value: preset.id }));
}
