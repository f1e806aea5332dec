import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { fetchModels, isHidden } from '../helpers/models';

/** The Model field's list: every offered model, with its media type and price, filtered by the search text. */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const needle = filter?.trim().toLowerCase();
	const models = (await fetchModels(this)).filter((model) => !isHidden(model));
	const results = models
		.filter(
			(model) =>
				!needle ||
				`${model.id} ${model.name ?? ''} ${model.provider ?? ''}`.toLowerCase().includes(needle),
		)
		.map((model) => {
			const credits =
				model.credits_per_generation === undefined
					? ''
					: ` · ${model.credits_per_generation} credits`;
			return {
				name: `${model.name ?? model.id} (${model.media_type ?? 'image'}${credits})`,
				value: model.id,
				description: model.provider,
			};
		});
	return { results };
}
