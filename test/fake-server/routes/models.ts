/** GET /models: the catalogue, active models only unless `active=false`, by `media_type`. */
import type { ModelJson } from '../catalogue';
import type { ApiRoute } from './route';

export const modelRoutes: ApiRoute[] = [
	{
		fault: 'models',
		method: 'GET',
		path: 'models',
		handle: (state, { url }) => {
			const mediaType = url.searchParams.get('media_type');
			const includeInactive = url.searchParams.get('active') === 'false';
			const models: ModelJson[] = state.catalogue
				.filter((m) => includeInactive || m.json.is_active)
				.filter((m) => !mediaType || m.json.media_type === mediaType)
				.map((m) => m.json);
			return { status: 200, body: { success: true, models, cachedAt: new Date().toISOString() } };
		},
	},
];
