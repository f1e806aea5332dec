import type { MeiGenModel } from '../types';
import { isRecord } from '../util/records';
import { plainText, textList } from '../util/text';

/** A model's own values for the model-aware fields, read from its GET /models entry. */

/** A range over durations this long is a mistake in the catalogue, not a list to offer. */
const MAX_DURATIONS = 100;

/**
 * The resolutions a model takes: the tier's `tierResolutions` (the chosen tier, else the model's
 * default; all tiers' when neither), else `resolutions`, which MeiGen says may lag behind. The
 * dropdown, the check before submitting and the price all read this one list.
 */
export function resolutionsFor(model: MeiGenModel, tier: string | undefined): string[] {
	const config = model.extra_config ?? {};
	const byTier = isRecord(config.tierResolutions) ? config.tierResolutions : undefined;
	if (byTier) {
		const chosen = tier ?? plainText(config.defaultTier);
		const forTier = chosen ? textList(byTier[chosen]) : [];
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
export function tiersOffering(model: MeiGenModel, resolution: string): string[] {
	const byTier = model.extra_config?.tierResolutions;
	if (!isRecord(byTier)) return [];
	return Object.entries(byTier)
		.filter(([, list]) => textList(list).includes(resolution))
		.map(([tier]) => tier);
}

export function durationsFor(model: MeiGenModel): number[] {
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

/**
 * The duration a job gets when none is sent, as MeiGen bills it: `billing.requestDefaultSeconds`
 * ("the duration billed when duration is omitted"), else the catalogue's older defaults. The
 * Duration dropdown marks this one as the default, and the quote prices it.
 */
export function defaultDuration(model: MeiGenModel): number | undefined {
	const video = model.capabilities?.video;
	const value =
		video?.billing?.requestDefaultSeconds ??
		model.extra_config?.defaultDuration ??
		video?.outputDuration?.default;
	return typeof value === 'number' ? value : undefined;
}
