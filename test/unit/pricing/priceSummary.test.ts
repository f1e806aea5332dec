import { priceSummary } from '../../../nodes/MeiGen/pricing/priceSummary';
import type { MeiGenModel } from '../../../nodes/MeiGen/types';
import { gptImage, midjourney, nanobanana, seedance20, seedance25, veo } from './fixtures';

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

/** Every pricing style of meigen-api.md §1.6, as Model → Get Many shows it. */
describe('priceSummary: every documented pricing style', () => {
	it('image matrix: the range over qualities per resolution, marked "by quality"', () => {
		expect(priceSummary(gptImage)).toBe('2K: 6–40 · 4K: 20–88 credits (by quality)');
	});

	it('image matrix where every quality costs the same: one number, not a range', () => {
		const model: MeiGenModel = {
			id: 'm',
			extra_config: { pricing: { '1K': { low: 3, high: 3 }, '2K': { low: 5, high: 9 } } },
		};
		expect(priceSummary(model)).toBe('1K: 3 · 2K: 5–9 credits (by quality)');
	});

	it('image per resolution: the price of each resolution, not marked "by quality"', () => {
		expect(priceSummary(midjourney)).toBe('1K: 15 · 2K: 20 credits');
	});

	it('flat: credits_per_generation', () => {
		expect(priceSummary(nanobanana)).toBe('5 credits');
	});

	it('per call: each tier with its price per duration', () => {
		expect(priceSummary(veo)).toBe(
			'fast: 4 s 85, 8 s 165 · pro: 4 s 220, 8 s 440 credits per video',
		);
	});

	it('per call beats per second, as MeiGen bills it', () => {
		const model: MeiGenModel = {
			...veo,
			extra_config: { ...veo.extra_config, pricingPerSec: { '720p': 30 } },
		};
		expect(priceSummary(model)).toMatch(/credits per video$/);
	});

	it('per second by resolution', () => {
		expect(priceSummary(seedance25)).toBe('480p: 20 · 720p: 39 credits/s');
	});

	it('per second by tier and resolution', () => {
		expect(priceSummary(seedance20)).toBe('fast 720p: 20 · pro 720p: 30 credits/s');
	});

	it('with reference video: the direct per-second rate is what is shown', () => {
		// seedance-2-5 also has pricingPerSecWithVideo { 480p: 11, 720p: 22 }.
		const summary = priceSummary(seedance25);
		expect(summary).toBe('480p: 20 · 720p: 39 credits/s');
		expect(summary).not.toContain('22');
	});

	it('tables with nothing readable fall back to credits_per_generation', () => {
		const model: MeiGenModel = {
			id: 'm',
			credits_per_generation: 12,
			extra_config: {
				pricingPerCall: { fast: { '4': 'n/a' } },
				pricingPerSec: {},
				pricing: { '1K': null },
			},
		};
		expect(priceSummary(model)).toBe('12 credits');
	});

	it('no price at all: no summary, never "0 credits"', () => {
		expect(priceSummary({ id: 'm', extra_config: { pricing: {} } })).toBeUndefined();
		expect(
			priceSummary({ id: 'm', extra_config: { pricingPerSec: { '720p': 'x' } } }),
		).toBeUndefined();
	});
});
