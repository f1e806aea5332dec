/** Every API route family. A new family (e.g. /skills) is one more file, listed here. */
import { generateRoutes } from './generate';
import { imageRoutes } from './images';
import { modelRoutes } from './models';
import type { ApiRoute } from './route';
import { skillRoutes } from './skills';
import { tokenRoutes } from './tokens';
import { uploadRoutes } from './uploads';

export const API_ROUTES: ApiRoute[] = [
	...modelRoutes,
	...generateRoutes,
	...imageRoutes,
	...tokenRoutes,
	...skillRoutes,
	...uploadRoutes,
];
