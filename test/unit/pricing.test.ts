import type { MeiGenModel } from '../../nodes/MeiGen/types';
import { priceSummary } from '../../nodes/MeiGen/pricing/priceSummary';
import { quoteGeneration } from '../../nodes/MeiGen/pricing/quote';

/** The price tables of MeiGen's documented examples ("Computing the expected charge"). */
const gptImage: MeiGenModel = {
	id: 'gpt-image-2.5',
	credits_per_generation: 6,
	extra_config: {
		defaultResolution: '2K',
		defaultQuality: 'low',
		pricing: { '2K': { low: 6, max: 40 }, '4K': { low: 20, max: 88 } },
	},
};
const midjourney: MeiGenModel = {
	id: 'midjourney-v8.1',
	credits_per_generation: 15,
	extra_config: { defaultResolution: '1K', pricing: { '1K': 15, '2K': 20 } },
};
const nanobanana: MeiGenModel = { id: 'nanobanana-2', credits_per_generation: 5 };
const veo: MeiGenModel = {
	id: 'veo-3.1',
	credits_per_generation: 60,
	extra_config: {
		defaultTier: 'fast',
		pricingPerCall: { fast: { '4': 85, '8': 165 }, pro: { '4': 220, '8': 440 } },
	},
	capabilities: { video: { billing: { mode: 'per_call', requestDefaultSeconds: 8 } } },
};
const seedance25: MeiGenModel = {
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
const seedance20: MeiGenModel = {
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

const prompt = 'a test';

describe('quoteGeneration: every documented pricing style', () => {
	it('image matrix: pricing[resolution][quality]', () => {
		expect(quoteGeneration(gptImage, { prompt, resolution: '2K', quality: 'low' })).toMatchObject({
			credits: 6,
			style: 'matrix',
		});
		expect(quoteGeneration(gptImage, { prompt, resolution: '4K', quality: 'max' })).toMatchObject({
			credits: 88,
			style: 'matrix',
		});
	});

	it('fills in the default resolution and quality as MeiGen does', () => {
		expect(quoteGeneration(gptImage, { prompt })).toMatchObject({
			credits: 6,
			resolution: '2K',
			quality: 'low',
		});
		expect(quoteGeneration(gptImage, { prompt, quality: 'auto' })).toMatchObject({ credits: 6 });
	});

	it('per resolution: pricing[resolution]', () => {
		expect(quoteGeneration(midjourney, { prompt, resolution: '2K' })).toMatchObject({
			credits: 20,
			style: 'perResolution',
		});
	});

	it('flat: credits_per_generation', () => {
		expect(quoteGeneration(nanobanana, { prompt })).toMatchObject({ credits: 5, style: 'flat' });
	});

	it('per call beats per second; resolution does not change it', () => {
		expect(
			quoteGeneration(veo, { prompt, tier: 'fast', duration: 8, resolution: '1080p' }),
		).toMatchObject({ credits: 165, style: 'perCall' });
		expect(quoteGeneration(veo, { prompt, tier: 'pro', duration: 4 })).toMatchObject({
			credits: 220,
		});
		expect(quoteGeneration(veo, { prompt })).toMatchObject({
			credits: 165,
			tier: 'fast',
			duration: 8,
		});
	});

	it('per second: rate × duration, by tier where the table has tiers', () => {
		expect(quoteGeneration(seedance25, { prompt, resolution: '720p', duration: 5 })).toMatchObject({
			credits: 195,
			style: 'perSecond',
		});
		expect(
			quoteGeneration(seedance20, { prompt, tier: 'fast', resolution: '720p', duration: 5 }),
		).toMatchObject({ credits: 100 });
		// The billed default duration when none is sent.
		expect(quoteGeneration(seedance25, { prompt })).toMatchObject({ credits: 39 * 4, duration: 4 });
	});

	it('with reference video: max(clips + output, minimum) × the with-video rate', () => {
		expect(
			quoteGeneration(
				seedance25,
				{ prompt, resolution: '480p', duration: 5 },
				{ referenceVideoSeconds: [3, 4] },
			),
		).toMatchObject({
			credits: 132,
			style: 'perSecondWithVideo',
			billedSeconds: 12,
		});
		expect(
			quoteGeneration(
				seedance20,
				{ prompt, tier: 'fast', resolution: '720p', duration: 10 },
				{ referenceVideoSeconds: [5] },
			),
		).toMatchObject({
			credits: 238,
			billedSeconds: 17,
		});
	});

	it('no price, never 0, when the tables do not cover the request', () => {
		expect(quoteGeneration(midjourney, { prompt, resolution: '8K' })).toBeUndefined();
		expect(
			quoteGeneration(seedance20, { prompt, tier: 'mini', resolution: '720p', duration: 5 }),
		).toBeUndefined();
		expect(quoteGeneration({ id: 'unpriced' }, { prompt })).toBeUndefined();
	});
});

describe('priceSummary', () => {
	it('says each style in words', () => {
		expect(priceSummary(seedance25)).toBe('480p: 20 · 720p: 39 credits/s');
		expect(priceSummary(gptImage)).toBe('2K: 6–40 · 4K: 20–88 credits (by quality)');
		expect(priceSummary(veo)).toBe(
			'fast: 4 s 85, 8 s 165 · pro: 4 s 220, 8 s 440 credits per video',
		);
		expect(priceSummary(nanobanana)).toBe('5 credits');
		expect(priceSummary({ id: 'unpriced' })).toBeUndefined();
	});
});
