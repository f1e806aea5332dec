import type { MeiGenModel } from '../../../nodes/MeiGen/types';

/** The price tables of MeiGen's documented examples ("Computing the expected charge"). */
export const gptImage: MeiGenModel = {
	id: 'gpt-image-2.5',
	credits_per_generation: 6,
	extra_config: {
		defaultResolution: '2K',
		defaultQuality: 'low',
		pricing: { '2K': { low: 6, max: 40 }, '4K': { low: 20, max: 88 } },
	},
};
export const midjourney: MeiGenModel = {
	id: 'midjourney-v8.1',
	credits_per_generation: 15,
	extra_config: { defaultResolution: '1K', pricing: { '1K': 15, '2K': 20 } },
};
export const nanobanana: MeiGenModel = { id: 'nanobanana-2', credits_per_generation: 5 };
export const veo: MeiGenModel = {
	id: 'veo-3.1',
	credits_per_generation: 60,
	extra_config: {
		defaultTier: 'fast',
		pricingPerCall: { fast: { '4': 85, '8': 165 }, pro: { '4': 220, '8': 440 } },
	},
	capabilities: { video: { billing: { mode: 'per_call', requestDefaultSeconds: 8 } } },
};
export const seedance25: MeiGenModel = {
	id: 'seedance-2-5',
	credits_per_generation: 156,
	extra_config: {
		defaultResolution: '720p',
		pricingPerSec: { '480p': 20, '720p': 39 },
		pricingPerSecWithVideo: { '480p': 11, '720p': 22 },
		minBillableTable: { '5': 9, '10': 17 },
	},
	capabilities: { video: { billing: { mode: 'per_second', requestDefaultSeconds: 4 } } },
};
export const seedance20: MeiGenModel = {
	id: 'seedance-2-0',
	credits_per_generation: 30,
	extra_config: {
		defaultTier: 'fast',
		defaultResolution: '720p',
		pricingPerSec: { fast: { '720p': 20 }, pro: { '720p': 30 } },
		pricingPerSecWithVideo: { fast: { '720p': 14 } },
		minBillableTable: { '5': 9, '10': 17 },
	},
};

export const prompt = 'a test';
