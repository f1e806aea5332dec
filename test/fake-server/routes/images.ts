/** GET /images/:id: a gallery record (the current shape, or the older one for legacy records). */
import { GALLERY } from '../gallery';
import { fail, type Reply } from '../http';
import type { FakeState } from '../state';
import type { ApiRoute } from './route';

function imageRecord(state: FakeState, id: string): Reply {
	const rec = GALLERY.find((g) => g.id === id);
	if (!rec) return fail(404, undefined, 'Image not found');
	const urls = Array.from(
		{ length: rec.images },
		(_, n) => `${state.cdnUrl}/media/${rec.id}/${n}.png`,
	);
	if (rec.legacy) {
		return {
			status: 200,
			body: {
				id: rec.id,
				status: 'completed',
				imageUrl: urls[0],
				prompt: rec.prompt,
				model: rec.model,
				aspectRatio: '1:1',
				createdAt: rec.createdAt,
			},
		};
	}
	return {
		status: 200,
		body: {
			success: true,
			data: {
				id: rec.id,
				// MeiGen's gallery record (its docs' example): the prompt is `text`.
				text: rec.prompt,
				media_urls: urls,
				thumbnail_url: `${urls[0]}?w=256`,
				image_width: 8,
				image_height: 8,
				model: rec.model,
				created_at: rec.createdAt,
				likes: 3,
				views: 120,
				retweets: 0,
				author_username: 'tester',
				author_display_name: 'A Tester',
				author_avatar_url: 'https://pbs.twimg.com/profile_images/tester/normal.jpg',
			},
		},
	};
}

export const imageRoutes: ApiRoute[] = [
	{
		fault: 'images',
		method: 'GET',
		path: 'images/:id',
		handle: (state, { params }) => imageRecord(state, params.id ?? ''),
	},
];
