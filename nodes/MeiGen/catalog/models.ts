import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { apiRequest } from '../transport';
import type { MeiGenModel, ModelsResponse, SubmitFields } from '../types';
import { inputError } from '../errors/nodeErrors';
import { panelLabel, panelName } from '../params/read';
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

/**
 * A value the model does not take, named as the panel shows its field: the message uses the
 * field's label without n8n's " Name or ID" suffix of a dynamic list, the advice its whole path.
 */
function unsupported(
	context: IExecuteFunctions,
	itemIndex: number,
	name: string,
	value: unknown,
	allowed: Array<string | number>,
	model: MeiGenModel,
) {
	const path = panelName(context, itemIndex, name, 'additionalFields');
	const label = panelLabel(context, itemIndex, name, 'additionalFields');
	const field = label.replace(/ Name or ID$/, '');
	return inputError(
		context.getNode(),
		itemIndex,
		`${model.name ?? model.id} does not support ${field} ${JSON.stringify(value)}`,
		`Change ${path} to one of: ${allowed.join(', ')}.`,
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
	context: IExecuteFunctions,
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
		throw unsupported(context, itemIndex, 'aspectRatio', body.aspectRatio, ratios, model);
	}
	const checks: Array<[string, unknown, unknown]> = [
		['resolution', body.resolution, resolutionsFor(model, body.tier)],
		['quality', body.quality, extra.qualities],
		['modelVariant', body.modelVariant, extra.variants],
		['tier', body.tier, extra.tiers],
		['duration', body.duration, extra.durations],
	];
	for (const [name, value, allowed] of checks) {
		if (value === undefined || !isPlainList(allowed)) continue;
		if (!allowed.map(String).includes(String(value))) {
			throw unsupported(context, itemIndex, name, value, allowed, model);
		}
	}
	const max = model.max_reference_images;
	const references = body.referenceImages?.length ?? 0;
	if (typeof max === 'number' && references > max) {
		throw inputError(
			context.getNode(),
			itemIndex,
			`${model.name ?? model.id} takes at most ${max} reference images, not ${references}`,
			'Send fewer reference images.',
		);
	}
}
