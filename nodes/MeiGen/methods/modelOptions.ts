import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import type { MeiGenModel, SubmitFields } from '../types';
import { fetchModels } from '../catalog/models';
import { quoteGeneration, type Quote } from '../pricing/quote';
import { isRecord } from '../util/records';

/**
 * Image → Generate's model-aware fields: the chosen model's own values from GET /models, each with
 * its price where the model prices it (from the other fields already chosen, else the model's
 * defaults). A model given as an expression, or not in the list, gives no options: the user then
 * types a value or an expression, and the checks before submitting apply as before.
 */

/** The fields that change a price. */
type Choices = Pick<SubmitFields, 'resolution' | 'quality' | 'tier' | 'duration'>;

interface Chosen {
	model: MeiGenModel;
	fields: Choices;
}

/** A range over durations this long is a mistake in the catalogue, not a list to offer. */
const MAX_DURATIONS = 100;

function isExpression(text: string): boolean {
	return text.startsWith('=') || text.includes('{{');
}

/** A value the user chose, not an expression the editor could not resolve. */
function plainText(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	return text && !isExpression(text) ? text : undefined;
}

function textList(value: unknown): string[] {
	return Array.isArray(value)
		? [...new Set(value.map(plainText).filter((entry) => entry !== undefined))]
		: [];
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

// ---- prices ------------------------------------------------------------------------------------

type Axis = 'tier' | 'quality';

/** One quote, or the quotes over a field that changes the price but has no value or default. */
interface Price {
	quotes: Quote[];
	varied: Axis[];
}

function priceOf(model: MeiGenModel, fields: Choices): Price | undefined {
	const exact = quoteGeneration(model, { prompt: '', ...fields });
	if (exact) return { quotes: [exact], varied: [] };
	const config = model.extra_config ?? {};
	const open: Array<[Axis, string[]]> = [
		['tier', fields.tier || plainText(config.defaultTier) ? [] : textList(config.tiers)],
		[
			'quality',
			fields.quality || plainText(config.defaultQuality) ? [] : textList(config.qualities),
		],
	];
	let candidates: Choices[] = [fields];
	const varied: Axis[] = [];
	for (const [axis, values] of open) {
		if (!values.length) continue;
		varied.push(axis);
		candidates = candidates.flatMap((candidate) =>
			values.map((value) => ({ ...candidate, [axis]: value })),
		);
	}
	const quotes = varied.length
		? candidates
				.map((candidate) => quoteGeneration(model, { prompt: '', ...candidate }))
				.filter((quote) => quote !== undefined)
		: [];
	return quotes.length ? { quotes, varied } : undefined;
}

function amount(values: number[], unit: string): string {
	const low = Math.min(...values);
	const high = Math.max(...values);
	const number = low === high ? String(low) : `${low}–${high}`;
	return `${number} ${unit}${high === 1 ? '' : 's'}`;
}

function perSecond(quote: Quote): number | undefined {
	return quote.style === 'perSecond' && quote.duration ? quote.credits / quote.duration : undefined;
}

type Field = 'resolution' | 'quality' | 'tier' | 'duration';

/**
 * The price in the option's name: per second for Resolution and Tier (the duration is another
 * field), else the credits of one job; with the other field it depends on where that helps.
 */
function shortPrice(price: Price, field: Field): string {
	const [first] = price.quotes;
	const rates = price.quotes.map(perSecond).filter((rate) => rate !== undefined);
	const byRate =
		(field === 'resolution' || field === 'tier') && rates.length === price.quotes.length;
	const credits = price.quotes.map((quote) => quote.credits);
	let text = byRate ? `${amount(rates, 'credit')}/s` : amount(credits, 'credit');
	if (price.varied.length) return `${text} by ${price.varied.join(' and ')}`;
	if (field === 'tier' && byRate) text += ` at ${first.resolution}`;
	else if (field === 'tier' && first.style === 'perCall') text += ` for ${first.duration} s`;
	else if (field === 'quality' && first.style === 'matrix') text += ` at ${first.resolution}`;
	return text;
}

/** What the price is for, in words: "100 credits for 5 s at 720p (fast tier)". */
function priceDetail(price: Price): string {
	if (price.varied.length) {
		const fields = price.varied.map((axis) => (axis === 'tier' ? 'Tier' : 'Quality'));
		return `${amount(
			price.quotes.map((quote) => quote.credits),
			'credit',
		)} depending on the ${price.varied.join(' and ')}: choose a ${fields.join(' and a ')} for the exact price`;
	}
	const [quote] = price.quotes;
	const credits = amount([quote.credits], 'credit');
	const tier = quote.tier ? ` (${quote.tier} tier)` : '';
	switch (quote.style) {
		case 'perSecond':
			return `${credits} for ${quote.duration} s at ${quote.resolution}${tier}`;
		case 'perCall':
			return `${credits} for ${quote.duration} s${tier}, at any resolution`;
		case 'matrix':
			return `${credits} at ${quote.resolution}, ${quote.quality} quality`;
		case 'perResolution':
			return `${credits} at ${quote.resolution}`;
		default:
			return `${credits} per generation`;
	}
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

// ---- the model's values ------------------------------------------------------------------------

/** Per tier where the model lists them (for the chosen or default tier; all when neither). */
function resolutionsFor(model: MeiGenModel, tier: string | undefined): string[] {
	const config = model.extra_config ?? {};
	const byTier = isRecord(config.tierResolutions) ? config.tierResolutions : undefined;
	if (byTier) {
		const forTier = tier ? textList(byTier[tier]) : [];
		if (forTier.length) return forTier;
		const all = [...new Set(Object.values(byTier).flatMap(textList))];
		if (all.length) return all;
	}
	const listed = textList(config.resolutions);
	if (listed.length) return listed;
	// Not listed, but priced per resolution: the price table names them.
	return isRecord(config.pricing) ? Object.keys(config.pricing) : [];
}

/** The tiers of a model's tierResolutions that offer `resolution`, when no tier is chosen. */
function tiersOffering(model: MeiGenModel, resolution: string): string[] {
	const byTier = model.extra_config?.tierResolutions;
	if (!isRecord(byTier)) return [];
	return Object.entries(byTier)
		.filter(([, list]) => textList(list).includes(resolution))
		.map(([tier]) => tier);
}

function durationsFor(model: MeiGenModel): number[] {
	const listed = model.extra_config?.durations;
	if (Array.isArray(listed)) {
		const values = listed.map(Number).filter((value) => Number.isFinite(value) && value > 0);
		if (values.length) return [...new Set(values)];
	}
	const video = model.capabilities?.video;
	const output = video?.valid === false ? undefined : video?.outputDuration;
	if (output?.kind === 'enum' && Array.isArray(output.values)) {
		return output.values.filter((value) => Number.isFinite(value) && value > 0);
	}
	if (output?.kind === 'range' && Number.isFinite(output.min) && Number.isFinite(output.max)) {
		const step = output.step && output.step > 0 ? output.step : 1;
		const values: number[] = [];
		for (let s = output.min; s <= output.max && values.length < MAX_DURATIONS; s += step) {
			values.push(s);
		}
		return values;
	}
	return [];
}

function defaultDuration(model: MeiGenModel): number | undefined {
	const video = model.capabilities?.video;
	const value =
		model.extra_config?.defaultDuration ??
		video?.outputDuration?.default ??
		video?.billing?.requestDefaultSeconds;
	return typeof value === 'number' ? value : undefined;
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
