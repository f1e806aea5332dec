/** GET /models and the capabilities a model declares. */
import type { MediaType } from './generation';

/** One entry of GET /models */
export interface MeiGenModel {
	id: string;
	name?: string;
	provider?: string;
	is_default?: boolean;
	is_active?: boolean;
	media_type?: MediaType;
	credits_per_generation?: number;
	supported_ratios?: string[];
	max_reference_images?: number;
	estimatedTiming?: { p50?: number; p90?: number };
	extra_config?: {
		resolutions?: string[];
		defaultResolution?: string;
		qualities?: string[];
		defaultQuality?: string;
		variants?: string[];
		tiers?: string[];
		defaultTier?: string;
		durations?: number[];
		defaultDuration?: number;
		hidden?: boolean;
		/** `{res: {quality: n}}` (matrix) or `{res: n}` */
		pricing?: unknown;
		/** `{res: n}` or `{tier: {res: n}}`, credits per second */
		pricingPerSec?: unknown;
		/** Per second with reference videos, same shapes as pricingPerSec */
		pricingPerSecWithVideo?: unknown;
		/** `{tier: {"<seconds>": n}}` */
		pricingPerCall?: unknown;
		/** `{"<output seconds>": minimum billable seconds}` with reference videos */
		minBillableTable?: unknown;
		tags?: unknown;
		[field: string]: unknown;
	};
	capabilities?: { video?: VideoCapabilities; [field: string]: unknown };
	[field: string]: unknown;
}

/** `capabilities.video` of GET /models (present on every model; test `valid`). */
export interface VideoCapabilities {
	valid?: boolean;
	requiresFirstFrame?: boolean;
	outputDuration?:
		| { kind: 'enum'; values: number[]; default?: number }
		| { kind: 'range'; min: number; max: number; step?: number; default?: number }
		| null;
	billing?: {
		mode?: 'per_second' | 'per_call' | string;
		requestDefaultSeconds?: number;
		referenceSeconds?: string;
	} | null;
	[field: string]: unknown;
}

export interface ModelsResponse {
	success?: boolean;
	models: MeiGenModel[];
}
