import type { MeiGenModel } from '../types';
import { isRecord } from '../util/records';

/** A model's price tables in words, e.g. "720p: 39 credits/s", for Model → Get Many. */

type Table = Record<string, unknown>;

function isNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

/** "480p: 20 · 720p: 39" from `{res: n}`; "fast 720p: 20 · …" from `{tier: {res: n}}`. */
function rates(table: Table): string[] {
	const parts: string[] = [];
	for (const [key, value] of Object.entries(table)) {
		if (isNumber(value)) parts.push(`${key}: ${value}`);
		else if (isRecord(value)) {
			for (const [inner, price] of Object.entries(value)) {
				if (isNumber(price)) parts.push(`${key} ${inner}: ${price}`);
			}
		}
	}
	return parts;
}

/** "1K: 2–20" per resolution, from a `{res: {quality: n}}` matrix (the range over qualities). */
function ranges(table: Table): string[] {
	return Object.entries(table).flatMap(([resolution, value]) => {
		if (isNumber(value)) return [`${resolution}: ${value}`];
		if (!isRecord(value)) return [];
		const prices = Object.values(value).filter(isNumber);
		if (!prices.length) return [];
		const low = Math.min(...prices);
		const high = Math.max(...prices);
		return [`${resolution}: ${low === high ? low : `${low}–${high}`}`];
	});
}

/** Per call: "fast: 4 s 85, 8 s 165 · pro: …" */
function perCall(table: Table): string[] {
	return Object.entries(table).flatMap(([tier, value]) => {
		if (!isRecord(value)) return isNumber(value) ? [`${tier} s: ${value}`] : [];
		const calls = Object.entries(value)
			.filter(([, price]) => isNumber(price))
			.map(([seconds, price]) => `${seconds} s ${String(price)}`);
		return calls.length ? [`${tier}: ${calls.join(', ')}`] : [];
	});
}

export function priceSummary(model: MeiGenModel): string | undefined {
	const config = model.extra_config ?? {};
	if (isRecord(config.pricingPerCall)) {
		const parts = perCall(config.pricingPerCall);
		if (parts.length) return `${parts.join(' · ')} credits per video`;
	}
	if (isRecord(config.pricingPerSec)) {
		const parts = rates(config.pricingPerSec);
		if (parts.length) return `${parts.join(' · ')} credits/s`;
	}
	if (isRecord(config.pricing)) {
		const parts = ranges(config.pricing);
		const byQuality = Object.values(config.pricing).some(isRecord);
		if (parts.length) return `${parts.join(' · ')} credits${byQuality ? ' (by quality)' : ''}`;
	}
	return isNumber(model.credits_per_generation)
		? `${model.credits_per_generation} credits`
		: undefined;
}
