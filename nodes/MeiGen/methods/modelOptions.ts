import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { fetchModels } from '../catalog/models';
import {
	defaultDuration,
	durationsFor,
	resolutionsFor,
	tiersOffering,
} from '../catalog/modelValues';
import {
	priceDetail,
	priceOf,
	shortPrice,
	type Choices,
	type Field,
	type Price,
} from '../pricing/priceLabels';
import type { MeiGenModel } from '../types';
import { isRecord } from '../util/records';
import { plainText, textList } from '../util/text';

/**
 * Image → Generate's model-aware fields: the chosen model's own values from GET /models, each with
 * its price where the model prices it (from the other fields already chosen, else the model's
 * defaults). A model given as an expression, or not in the list, gives no options: the user then
 * types a value or an expression, and the checks before submitting apply as before.
 */

interface Chosen {
	model: MeiGenModel;
	fields: Choices;
}

/**
 * The Model field as the editor sends it: n8n resolves expressions in the node's parameters
 * before asking (null where that fails), so an ID, an unresolved expression or nothing.
 */
function chosenModelId(context: ILoadOptionsFunctions): string | undefined {
	const locator: unknown = context.getCurrentNodeParameter('modelId');
	return plainText(isRecord(locator) ? locator.value : locator);
}

/** The sibling Additional Fields already set, as the price depends on them. */
function chosenFields(context: ILoadOptionsFunctions): Choices {
	const raw: unknown = context.getCurrentNodeParameter('additionalFields');
	const fields = isRecord(raw) ? raw : {};
	const duration = Number(plainText(fields.duration));
	return {
		resolution: plainText(fields.resolution),
		quality: plainText(fields.quality),
		tier: plainText(fields.tier),
		duration: Number.isFinite(duration) && duration > 0 ? duration : undefined,
	};
}

/** The active model the Model field names, or undefined (an expression, empty, unknown). */
async function chosenModel(context: ILoadOptionsFunctions): Promise<Chosen | undefined> {
	const id = chosenModelId(context);
	if (!id) return undefined;
	const model = (await fetchModels(context)).find((entry) => entry.id === id);
	return model ? { model, fields: chosenFields(context) } : undefined;
}

function option(
	label: string,
	value: string | number,
	details: { price?: Price; field?: Field; isDefault?: boolean; note?: string },
): INodePropertyOptions {
	const { price, field = 'duration', isDefault, note } = details;
	const description = [
		isDefault ? "The model's default" : undefined,
		price ? priceDetail(price) : undefined,
		note,
	].filter((part) => part !== undefined);
	return {
		name: price ? `${label} — ${shortPrice(price, field)}` : label,
		value,
		...(description.length ? { description: description.join('. ') } : {}),
	};
}

// ---- the six fields ----------------------------------------------------------------------------

export async function getAspectRatios(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const chosen = await chosenModel(this);
	if (!chosen) return [];
	const ratios = textList(chosen.model.supported_ratios).filter((ratio) => ratio !== 'auto');
	return [
		option('auto', 'auto', { note: "The model's default shape" }),
		...ratios.map((ratio) =>
			option(ratio, ratio, {
				note: ratio === 'adaptive' ? 'Follows the first frame or the reference videos' : undefined,
			}),
		),
	];
}

export async function getResolutions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const chosen = await chosenModel(this);
	if (!chosen) return [];
	const { model, fields } = chosen;
	const config = model.extra_config ?? {};
	const tier = fields.tier ?? plainText(config.defaultTier);
	return resolutionsFor(model, tier).map((resolution) => {
		const tiers = tier ? [] : tiersOffering(model, resolution);
		return option(resolution, resolution, {
			price: priceOf(model, { ...fields, resolution }),
			field: 'resolution',
			isDefault: resolution === config.defaultResolution,
			note: tiers.length ? `Tiers: ${tiers.join(', ')}` : undefined,
		});
	});
}

export async function getQualities(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const chosen = await chosenModel(this);
	if (!chosen) return [];
	const { model, fields } = chosen;
	return textList(model.extra_config?.qualities).map((quality) =>
		option(quality, quality, {
			price: priceOf(model, { ...fields, quality }),
			field: 'quality',
			isDefault: quality === model.extra_config?.defaultQuality,
		}),
	);
}

export async function getModelVariants(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const chosen = await chosenModel(this);
	if (!chosen) return [];
	const config = chosen.model.extra_config ?? {};
	return textList(config.variants).map((variant) =>
		option(variant, variant, { isDefault: variant === config.defaultVariant }),
	);
}

export async function getTiers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const chosen = await chosenModel(this);
	if (!chosen) return [];
	const { model, fields } = chosen;
	const config = model.extra_config ?? {};
	const byTier = isRecord(config.tierResolutions) ? config.tierResolutions : {};
	const tiers = textList(config.tiers);
	return (tiers.length ? tiers : Object.keys(byTier)).map((tier) => {
		const resolutions = textList(byTier[tier]);
		return option(tier, tier, {
			price: priceOf(model, { ...fields, tier }),
			field: 'tier',
			isDefault: tier === config.defaultTier,
			note: resolutions.length ? `Resolutions: ${resolutions.join(', ')}` : undefined,
		});
	});
}

export async function getDurations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const chosen = await chosenModel(this);
	if (!chosen) return [];
	const { model, fields } = chosen;
	const standard = defaultDuration(model);
	return durationsFor(model).map((duration) =>
		option(`${duration} s`, duration, {
			price: priceOf(model, { ...fields, duration }),
			field: 'duration',
			isDefault: duration === standard,
		}),
	);
}
