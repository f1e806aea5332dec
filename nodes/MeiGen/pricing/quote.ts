import { defaultDuration, resolutionsFor } from '../catalog/modelValues';
import type { MeiGenModel, SubmitFields } from '../types';
import { isRecord } from '../util/records';

/**
 * What a generation will cost, from the model's live price tables and the body that will be
 * sent (MeiGen's "computing the expected charge"): defaults filled in as MeiGen fills them, then
 * the first pricing style that applies. Undefined when the tables give no answer: never 0.
 */

export type PricingStyle =
	'perSecondWithVideo' | 'perCall' | 'perSecond' | 'matrix' | 'perResolution' | 'flat';

export interface Quote {
	credits: number;
	style: PricingStyle;
	modelId: string;
	resolution?: string;
	quality?: string;
	tier?: string;
	/** Seconds of output (video) */
	duration?: number;
	/** Seconds billed, where that differs from the output (reference videos) */
	billedSeconds?: number;
}

type Table = Record<string, unknown>;

function credits(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() && value !== 'auto' ? value.trim() : undefined;
}

/** `table[res]`, or `table[tier][res]` for tables priced per tier. */
function byTierAndResolution(
	table: unknown,
	tier: string | undefined,
	resolution: string | undefined,
) {
	if (!isRecord(table) || !resolution) return undefined;
	const direct = credits(table[resolution]);
	if (direct !== undefined) return direct;
	return tier && isRecord(table[tier]) ? credits((table[tier] as Table)[resolution]) : undefined;
}

/**
 * The request as MeiGen bills it: what the body says, else the model's defaults. The default
 * resolution is one the tier takes (resolutionsFor): the model's default, else the tier's first.
 */
function billedRequest(model: MeiGenModel, body: SubmitFields) {
	const config = model.extra_config ?? {};
	const duration = typeof body.duration === 'number' ? body.duration : defaultDuration(model);
	const tier = text(body.tier) ?? text(config.defaultTier);
	const taken = resolutionsFor(model, tier);
	const fallback = text(config.defaultResolution);
	const resolution =
		text(body.resolution) ??
		(fallback === undefined || !taken.length || taken.includes(fallback) ? fallback : taken[0]);
	return {
		resolution,
		quality: text(body.quality) ?? text(config.defaultQuality),
		tier,
		duration: typeof duration === 'number' ? duration : undefined,
	};
}

/**
 * Seconds of each reference video the request sends, undefined where a clip's length is unknown
 * (MeiGen probes the clips itself, so this is an estimate). None: no reference videos.
 */
export interface QuoteInputs {
	referenceVideoSeconds?: Array<number | undefined>;
}

export function quoteGeneration(
	model: MeiGenModel,
	body: SubmitFields,
	inputs: QuoteInputs = {},
): Quote | undefined {
	const config = model.extra_config ?? {};
	const request = billedRequest(model, body);
	const { resolution, quality, tier, duration } = request;
	const base = { modelId: model.id, ...request };
	const clips = inputs.referenceVideoSeconds;

	if (clips?.length) {
		// MeiGen bills the clips by their length: one of unknown length leaves the price unknown.
		if (clips.some((seconds) => seconds === undefined)) return undefined;
		const rate = byTierAndResolution(config.pricingPerSecWithVideo, tier, resolution);
		if (rate === undefined || duration === undefined) return undefined;
		const minimums = isRecord(config.minBillableTable) ? config.minBillableTable : {};
		const minimum = credits(minimums[String(duration)]) ?? 0;
		const billedSeconds = Math.max(
			clips.reduce((sum: number, s) => sum + (s ?? 0), 0) + duration,
			minimum,
		);
		return { ...base, credits: billedSeconds * rate, style: 'perSecondWithVideo', billedSeconds };
	}
	if (isRecord(config.pricingPerCall) && duration !== undefined) {
		const byTier = tier ? config.pricingPerCall[tier] : undefined;
		const table = isRecord(byTier) ? byTier : config.pricingPerCall;
		const price = credits(table[String(duration)]);
		if (price !== undefined) return { ...base, credits: price, style: 'perCall' };
	}
	if (config.pricingPerSec !== undefined && duration !== undefined) {
		const rate = byTierAndResolution(config.pricingPerSec, tier, resolution);
		if (rate !== undefined) return { ...base, credits: rate * duration, style: 'perSecond' };
	}
	if (isRecord(config.pricing) && resolution) {
		const entry = config.pricing[resolution];
		if (isRecord(entry) && quality) {
			const price = credits(entry[quality]);
			if (price !== undefined) return { ...base, credits: price, style: 'matrix' };
		}
		const price = credits(entry);
		if (price !== undefined) return { ...base, credits: price, style: 'perResolution' };
	}
	// A model with price tables that give no answer for this request is not flat-priced.
	const tables = [config.pricing, config.pricingPerSec, config.pricingPerCall].some(isRecord);
	const flat = credits(model.credits_per_generation);
	if (!tables && flat !== undefined) {
		return { modelId: model.id, credits: flat, style: 'flat' };
	}
	return undefined;
}
