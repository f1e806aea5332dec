import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { MeiGenModel } from '../types';
import { fetchModels, isHidden } from '../catalog/models';

/**
 * What MeiGen's `extra_config.tags` say about a model right now (not documented; MeiGen's own
 * client shows them as the model's status), most important first.
 */
const STATUS: Record<string, { label: string; note: string }> = {
	maintenance: {
		label: 'in maintenance',
		note: 'MeiGen marks it as in maintenance: jobs may be refused or fail',
	},
	busy: { label: 'busy', note: 'MeiGen marks it as busy: jobs may wait longer than usual' },
	new: { label: 'new', note: 'New at MeiGen' },
};

/** Known tags in STATUS order, then any other short tag as MeiGen wrote it. */
function statusOf(model: MeiGenModel): Array<{ label: string; note?: string }> {
	const raw = model.extra_config?.tags;
	const tags = Array.isArray(raw)
		? raw.filter((tag): tag is string => typeof tag === 'string' && tag.trim() !== '')
		: [];
	const keys = new Set(tags.map((tag) => tag.trim().toLowerCase()));
	const known = Object.entries(STATUS)
		.filter(([key]) => keys.has(key))
		.map(([, status]) => status);
	const others = [...keys]
		.filter((key) => !(key in STATUS) && key.length <= 24)
		.map((label) => ({ label }));
	return [...known, ...others];
}

/** The Model field's list: every offered model, with its media type, price and status, filtered by the search text. */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const needle = filter?.trim().toLowerCase();
	const models = (await fetchModels(this)).filter((model) => !isHidden(model));
	const results = models
		.map((model) => ({ model, status: statusOf(model) }))
		.filter(
			({ model, status }) =>
				!needle ||
				[model.id, model.name, model.provider, ...status.map((s) => s.label)]
					.join(' ')
					.toLowerCase()
					.includes(needle),
		)
		.map(({ model, status }) => {
			const price = model.credits_per_generation;
			const credits = price === undefined ? '' : ` · ${price} credit${price === 1 ? '' : 's'}`;
			const labels = status.length ? ` — ${status.map((s) => s.label).join(', ')}` : '';
			const notes = status.flatMap((s) => (s.note ? [s.note] : []));
			const description = [model.provider, ...notes].filter(Boolean).join(' · ');
			return {
				name: `${model.name ?? model.id} (${model.media_type ?? 'image'}${credits})${labels}`,
				value: model.id,
				...(description ? { description } : {}),
			};
		});
	return { results };
}
