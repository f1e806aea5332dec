/** GET /images/:id — the current gallery record shape */
export interface GalleryImageResponse {
	success?: boolean;
	data: {
		id: string;
		media_urls?: string[];
		thumbnail_url?: string;
		[field: string]: unknown;
	};
}

/** GET /images/:id — the older flat shape */
export interface LegacyImageResponse {
	id: string;
	status?: string;
	imageUrl?: string;
	[field: string]: unknown;
}

export type ImageResponse = GalleryImageResponse | LegacyImageResponse;
