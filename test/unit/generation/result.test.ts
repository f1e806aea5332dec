import { mediaUrls } from '../../../nodes/MeiGen/generation/result';

describe('mediaUrls', () => {
	it('gives all images, the first alone, or the video', () => {
		expect(mediaUrls({ status: 'completed', imageUrl: 'a', imageUrls: ['a', 'b'] })).toEqual([
			'a',
			'b',
		]);
		expect(mediaUrls({ status: 'completed', imageUrl: 'a', imageUrls: null })).toEqual(['a']);
		expect(
			mediaUrls({ status: 'completed', mediaType: 'video', videoUrl: 'v', imageUrl: null }),
		).toEqual(['v']);
		expect(mediaUrls({ status: 'completed', imageUrl: null, imageUrls: [] })).toEqual([]);
	});
});
