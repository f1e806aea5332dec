/** The fake's public gallery: records GET /images/:id answers and whose images the CDN serves. */

export interface GalleryRecord {
	id: string;
	prompt: string;
	model: string;
	images: number;
	/** Answered in the older record shape. */
	legacy?: boolean;
	createdAt: string;
}

export const GALLERY: GalleryRecord[] = [
	{
		id: 'img_123',
		prompt: 'a lighthouse at dusk, oil painting',
		model: 'nanobanana-2',
		images: 1,
		createdAt: '2026-01-10T10:00:00.000Z',
	},
	{
		id: 'img_set',
		prompt: 'two cats, studio light',
		model: 'midjourney-v8.1',
		images: 2,
		createdAt: '2026-01-11T10:00:00.000Z',
	},
	{
		id: 'img_legacy',
		prompt: 'an old record',
		model: 'flux2-klein',
		images: 1,
		legacy: true,
		createdAt: '2025-06-01T10:00:00.000Z',
	},
];
