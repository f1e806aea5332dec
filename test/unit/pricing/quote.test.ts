import { quoteGeneration } from '../../../nodes/MeiGen/pricing/quote';
import { gptImage, midjourney, nanobanana, prompt, seedance20, seedance25, veo } from './fixtures';

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
