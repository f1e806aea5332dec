import { isHostedFor } from '../../../nodes/MeiGen/media/hosts';

describe('isHostedFor: which URLs each endpoint takes as they are (no upload)', () => {
	it('reference videos and audio: only MeiGen’s media host', () => {
		expect(isHostedFor('referenceMedia', 'https://images.meigen.ai/ref/clip.mp4')).toBe(true);
		expect(isHostedFor('referenceMedia', 'https://images.meigen.art/ref/clip.mp4')).toBe(false);
		expect(isHostedFor('referenceMedia', 'https://pbs.twimg.com/media/clip.mp4')).toBe(false);
	});

	it('Skill images: MeiGen’s media hosts and the one image CDN MeiGen fetches from', () => {
		for (const host of ['images.meigen.ai', 'images.meigen.art', 'pbs.twimg.com']) {
			expect(isHostedFor('skillImage', `https://${host}/a.png`)).toBe(true);
		}
		expect(isHostedFor('skillImage', 'https://example.com/a.png')).toBe(false);
	});

	it('both rules want https on the default port without credentials', () => {
		for (const endpoint of ['referenceMedia', 'skillImage'] as const) {
			expect(isHostedFor(endpoint, 'http://images.meigen.ai/a.png')).toBe(false);
			expect(isHostedFor(endpoint, 'https://images.meigen.ai:8443/a.png')).toBe(false);
			expect(isHostedFor(endpoint, 'https://user:pw@images.meigen.ai/a.png')).toBe(false);
			expect(isHostedFor(endpoint, 'https://images.meigen.ai.evil.example/a.png')).toBe(false);
			expect(isHostedFor(endpoint, 'not a url')).toBe(false);
		}
	});
});
