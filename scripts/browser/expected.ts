/**
 * What the editor should show, worked out from the fake MeiGen's own catalogue (not from the
 * node's code), in the words the node uses (methods/listSearch.ts and methods/modelOptions.ts).
 */
import { isRecord } from '../../nodes/MeiGen/util/records';
import type { FakeMeiGen } from '../../test/fake-server';
import { buildSkillCatalogue } from '../../test/fake-server/skillCatalogue';

export interface ModelEntry {
	id: string;
	/** The list entry's name as the Model picker shows it, e.g. `Nanobanana 2 (image · 5 credits)`. */
	label: string;
}

type ModelJson = FakeMeiGen['models'][number]['json'];

const credits = (amount: number) => `${amount} credit${amount === 1 ? '' : 's'}`;

/** Status tags the picker names (MeiGen's `extra_config.tags`), lower-cased as listSearch does. */
function tagsOf(model: ModelJson): string[] {
	const raw = model.extra_config?.tags;
	return Array.isArray(raw)
		? raw.filter((tag): tag is string => typeof tag === 'string').map((tag) => tag.toLowerCase())
		: [];
}

/** The Model picker's entries: `<name> (<media type> · <credits>)`, tags; active, not hidden. */
export function pickerModels(fake: FakeMeiGen): { listed: ModelEntry[]; absent: ModelEntry[] } {
	const listed: ModelEntry[] = [];
	const absent: ModelEntry[] = [];
	for (const { json } of fake.models) {
		const tags = tagsOf(json);
		const label =
			`${json.name} (${json.media_type} · ${credits(json.credits_per_generation)})` +
			(tags.length ? ` — ${tags.join(', ')}` : '');
		const entry = { id: json.id, label };
		if (json.is_active && json.extra_config?.hidden !== true) listed.push(entry);
		else absent.push(entry);
	}
	return { listed, absent };
}

export interface VideoExpectations {
	/** Duration labels at the model's default tier and resolution, e.g. `5 s — 100 credits`. */
	durations: string[];
	/** The default tier's resolutions, priced per second, e.g. `720p — 20 credits/s`. */
	resolutions: string[];
	/** `auto` and the model's ratios. */
	aspectRatios: string[];
}

/** A per-second video model's durations priced at its defaults, and its resolutions' rates. */
export function videoOptions(fake: FakeMeiGen, modelId: string): VideoExpectations {
	const spec = fake.models.find((model) => model.json.id === modelId);
	if (!spec) throw new Error(`the fake has no model ${modelId}`);
	const { json } = spec;
	const config = json.extra_config ?? {};
	const tier = String(config.defaultTier);
	const resolution = String(config.defaultResolution);
	const table = isRecord(config.pricingPerSec) ? config.pricingPerSec[tier] : undefined;
	if (!isRecord(table)) throw new Error(`${modelId} has no per-second prices for tier ${tier}`);
	const rate = (res: string): number => Number(table[res]);
	const durations = (Array.isArray(config.durations) ? config.durations : []).map(Number);
	// The default tier's resolutions: MeiGen says the model's own `resolutions` may lag behind them.
	const byTier = isRecord(config.tierResolutions) ? config.tierResolutions[tier] : undefined;
	const listed = Array.isArray(byTier) ? byTier : config.resolutions;
	const resolutions = (Array.isArray(listed) ? listed : []).map(String);
	return {
		durations: durations.map((seconds) => `${seconds} s — ${credits(rate(resolution) * seconds)}`),
		resolutions: resolutions.map((res) => `${res} — ${credits(rate(res))}/s`),
		aspectRatios: ['auto', ...json.supported_ratios.filter((ratio) => ratio !== 'auto')],
	};
}

/** AI Background's Mode and Quality choices with their prices from the fake's Skills catalogue. */
export function aiBackgroundChoices(mode: string): { modes: string[]; qualities: string[] } {
	const spec = buildSkillCatalogue().find((entry) => entry.id === 'white-bg');
	const pricing = (spec?.pricing ?? {}) as Record<string, Record<string, number>>;
	const priceOf = (forMode: string, quality: string) =>
		pricing[forMode]?.credits ?? pricing[forMode]?.[quality];
	const modes = Object.entries({ Custom: 'custom', Smart: 'smart', White: 'white' });
	const qualities = Object.entries({ 'Fast (1K)': 'fast', 'HD (2K)': 'hd' });
	return {
		modes: modes.map(([label, value]) => `${label} — ${credits(priceOf(value, 'fast'))}`),
		qualities: qualities.map(([label, value]) => `${label} — ${credits(priceOf(mode, value))}`),
	};
}
