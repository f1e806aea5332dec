import type { IExecuteFunctions, ILoadOptionsFunctions, INode } from 'n8n-workflow';

import { apiRequest } from '../transport';
import type { MeiGenModel, ModelsResponse, SubmitFields } from '../types';
import { inputError } from '../errors/nodeErrors';
import { resolutionsFor } from './modelValues';

export async function fetchModels(
	context: IExecuteFunctions | ILoadOptionsFunctions,
	query: { mediaType?: string; includeInactive?: boolean; signal?: AbortSignal } = {},
): Promise<MeiGenModel[]> {
	const qs: Record<string, string> = {};
	if (query.mediaType) qs.media_type = query.mediaType;
	if (query.includeInactive) qs.active = 'false';
	const response = await apiRequest<ModelsResponse>(context, 'GET', '/models', {
		qs,
		signal: query.signal,
	});
	return Array.isArray(response?.models) ? response.models : [];
}

export function isHidden(model: MeiGenModel): boolean {
	return model.extra_config?.hidden === true;
}

function unsupported(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	allowed: Array<string | number>,
	model: MeiGenModel,
) {
	return inputError(
		node,
		itemIndex,
		`${model.name ?? model.id} does not support ${field} ${JSON.stringify(value)}`,
		`Change Additional Fields → ${field} Name or ID to one of: ${allowed.join(', ')}.`,
	);
}

/** A list of plain values; richer shapes the node does not know are not checked. */
function isPlainList(value: unknown): value is Array<string | number> {
	return (
		Array.isArray(value) &&
		value.length > 0 &&
		value.every((entry) => typeof entry === 'string' || typeof entry === 'number')
	);
}

/**
 * Checks a submission against what the model says it supports, before anything is charged.
 * Only what the model lists is checked; anything it does not describe is left to the API.
 */
export function validateAgainstModel(
	node: INode,
	itemIndex: number,
	model: MeiGenModel,
	body: SubmitFields,
): void {
	const extra = model.extra_config ?? {};
	const ratios = model.supported_ratios;
	if (
		body.aspectRatio &&
		body.aspectRatio !== 'auto' &&
		isPlainList(ratios) &&
		!ratios.includes(body.aspectRatio)
	) {
		throw unsupported(node, itemIndex, 'Aspect Ratio', body.aspectRatio, ratios, model);
	}
	const checks: Array<[string, unknown, unknown]> = [
		['Resolution', body.resolution, resolutionsFor(model, body.tier)],
		['Quality', body.quality, extra.qualities],
		['Model Variant', body.modelVariant, extra.variants],
		['Tier', body.tier, extra.tiers],
		['Duration', body.duration, extra.durations],
	];
	for (const [field, value, allowed] of checks) {
		if (value === undefined || !isPlainList(allowed)) continue;
		if (!allowed.map(String).includes(String(value))) {
			throw unsupported(node, itemIndex, field, value, allowed, model);
		}
	}
	const max = model.max_reference_images;
	const references = body.referenceImages?.length ?? 0;
	if (typeof max === 'number' && references > max) {
		throw inputError(
			node,
			itemIndex,
			`${model.name ?? model.id} takes at most ${max} reference images, not ${references}`,
			'Send fewer reference images.',
		);
	}
}
