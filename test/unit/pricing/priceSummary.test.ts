import { priceSummary } from '../../../nodes/MeiGen/pricing/priceSummary';
import { gptImage, nanobanana, seedance25, veo } from './fixtures';

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
