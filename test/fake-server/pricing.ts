/**
 * What the fake charges for POST /generate/v2, by MeiGen's documented pricing rules (API reference,
 * Part 1 §1.5 and §1.6), read from the model's own /models entry.
 *
 * 1. Fill in defaults: `extra_config.defaultResolution`, `defaultQuality` (also for `quality:
 *    "auto"`), `defaultTier` (the docs name a default tier but no field; the fake's catalogue uses
 *    this one) and `capabilities.video.billing.requestDefaultSeconds` for an omitted duration.
 * 2. The first style that applies:
 *    - image: `pricing[res][quality]` (matrix) or `pricing[res]` (per resolution);
 *    - per call: `pricingPerCall[tier]["<seconds>"]`, whatever the resolution;
 *    - with reference videos: max(Σ clip seconds + duration, `minBillableTable["<duration>"]`) ×
 *      `pricingPerSecWithVideo[res]` (or `[tier][res]`);
 *    - per second: `pricingPerSec[res]` (or `[tier][res]`) × duration; reference audio adds
 *      nothing, so an audio-only request lands here;
 *    - flat: `credits_per_generation`, only for a model with none of these tables (MeiGen calls it
 *      a nominal fallback).
 * A model whose tables do not cover the request has no price: MeiGen would not run an option it
 * cannot bill, so the fake refuses it with the 400 code of the missing option
 * (`unsupported_resolution`, `_quality`, `_tier`, `_duration`) and never falls back to the flat fee.
 */
import type { ModelJson } from './catalogue';
import { isRecord } from './http';

export type PricingStyle =
	'matrix' | 'perResolution' | 'perCall' | 'perSecondWithVideo' | 'perSecond' | 'flat';

export interface PriceRefusal {
	code:
		| 'unsupported_resolution'
		| 'unsupported_quality'
		| 'unsupported_tier'
		| 'unsupported_duration'
		| 'reference_video_not_supported';
	message: string;
	/** What the price table does cover. */
	supported: string[];
	received: string | number | null;
}

type Refused = { refusal: PriceRefusal };
export type Charge = { credits: number; style: PricingStyle } | Refused;

/** The billed options after defaults; undefined = neither the request nor the model names one. */
interface Billed {
	resolution?: string;
	quality?: string;
	tier?: string;
	duration?: number;
}

type Table = Record<string, unknown>;

/**
 * A clip on MeiGen's real host carries its length in the URL, e.g.
 * `https://images.meigen.ai/ref-videos/2026-09-01/a.mp4#seconds=5`: the fake cannot fetch it to
 * probe it. Clips uploaded to the fake are probed from their bytes instead (uploads.ts).
 */
export function clipSeconds(url: string): number | undefined {
	const match = /#seconds=(\d+(?:\.\d+)?)$/.exec(url);
	return match ? Number(match[1]) : undefined;
}

const named = (value: unknown): string | undefined =>
	typeof value === 'string' && value !== '' ? value : undefined;

function fillDefaults(model: ModelJson, body: Record<string, unknown>): Billed {
	const cfg = model.extra_config;
	const quality = named(body.quality);
	return {
		resolution: named(body.resolution) ?? named(cfg.defaultResolution),
		quality: quality && quality !== 'auto' ? quality : named(cfg.defaultQuality),
		tier: named(body.tier) ?? named(cfg.defaultTier),
		duration:
			typeof body.duration === 'number'
				? body.duration
				: model.capabilities.video.billing?.requestDefaultSeconds,
	};
}

const at = (table: Table, key: string | number | undefined): unknown =>
	key === undefined ? undefined : table[String(key)];

function refuse(
	model: ModelJson,
	code: PriceRefusal['code'],
	option: string,
	table: Table,
	received: string | number | undefined,
): Refused {
	const supported = Object.keys(table);
	return {
		refusal: {
			code,
			message:
				`${model.id} has no price for ${option} ${received ?? '(none given)'}` +
				(supported.length ? `. Priced: ${supported.join(', ')}` : ''),
			supported,
			received: received ?? null,
		},
	};
}

/** A per-second rate from `{ res: n }` or `{ tier: { res: n } }`. */
function rate(model: ModelJson, table: Table, billed: Billed): number | Refused {
	let byResolution = table;
	if (Object.values(table).some(isRecord)) {
		const tier = at(table, billed.tier);
		if (!isRecord(tier)) return refuse(model, 'unsupported_tier', 'tier', table, billed.tier);
		byResolution = tier;
	}
	const perSecond = at(byResolution, billed.resolution);
	return typeof perSecond === 'number'
		? perSecond
		: refuse(model, 'unsupported_resolution', 'resolution', byResolution, billed.resolution);
}

function imagePrice(model: ModelJson, pricing: Table, billed: Billed): Charge {
	const cell = at(pricing, billed.resolution);
	if (typeof cell === 'number') return { credits: cell, style: 'perResolution' };
	if (!isRecord(cell))
		return refuse(model, 'unsupported_resolution', 'resolution', pricing, billed.resolution);
	const price = at(cell, billed.quality);
	return typeof price === 'number'
		? { credits: price, style: 'matrix' }
		: refuse(model, 'unsupported_quality', 'quality', cell, billed.quality);
}

function perCallPrice(model: ModelJson, pricingPerCall: Table, billed: Billed): Charge {
	const byDuration = at(pricingPerCall, billed.tier);
	if (!isRecord(byDuration))
		return refuse(model, 'unsupported_tier', 'tier', pricingPerCall, billed.tier);
	const price = at(byDuration, billed.duration);
	return typeof price === 'number'
		? { credits: price, style: 'perCall' }
		: refuse(model, 'unsupported_duration', 'duration', byDuration, billed.duration);
}

/**
 * The credits a submit of `body` to `model` costs, or why it has no price.
 * `referenceVideoSeconds`: the length of each reference video clip (see `clipSeconds`).
 */
export function chargeFor(
	model: ModelJson,
	body: Record<string, unknown>,
	referenceVideoSeconds: number[] = [],
): Charge {
	const cfg = model.extra_config;
	const billed = fillDefaults(model, body);
	if (cfg.pricing) return imagePrice(model, cfg.pricing, billed);
	if (cfg.pricingPerCall) return perCallPrice(model, cfg.pricingPerCall, billed);

	const withVideo = referenceVideoSeconds.length > 0;
	const perSecondTable = withVideo ? cfg.pricingPerSecWithVideo : cfg.pricingPerSec;
	if (withVideo && !perSecondTable) {
		const message = `${model.id} has no price for reference videos`;
		return {
			refusal: { code: 'reference_video_not_supported', message, supported: [], received: null },
		};
	}
	if (!perSecondTable) return { credits: model.credits_per_generation, style: 'flat' };

	const perSecond = rate(model, perSecondTable, billed);
	if (typeof perSecond !== 'number') return perSecond;
	const duration = billed.duration;
	if (duration === undefined)
		return refuse(model, 'unsupported_duration', 'duration', {}, undefined);
	if (!withVideo) return { credits: perSecond * duration, style: 'perSecond' };

	const referenced = referenceVideoSeconds.reduce((sum, seconds) => sum + seconds, 0);
	const minimum = cfg.minBillableTable?.[String(duration)] ?? 0;
	return {
		credits: Math.max(referenced + duration, minimum) * perSecond,
		style: 'perSecondWithVideo',
	};
}
