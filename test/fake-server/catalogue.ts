/** The fake catalogue. Shapes follow GET /models in meigen-api.md, plus unknown extra fields on purpose. */

interface KnownModelFields {
	id: string;
	name: string;
	provider: string;
	is_default: boolean;
	is_active: boolean;
	media_type: 'image' | 'video';
	credits_per_generation: number;
	supported_ratios: string[];
	max_reference_images: number;
	estimatedTiming: { p50: number; p90: number };
	extra_config: {
		resolutions?: string[];
		defaultResolution?: string;
		qualities?: string[];
		defaultQuality?: string;
		variants?: string[];
		tiers?: string[];
		durations?: number[];
		defaultDuration?: number;
		hidden?: boolean;
		[key: string]: unknown;
	};
	capabilities?: Record<string, unknown>;
}

/** Known fields plus whatever else the service adds (clients must tolerate unknown fields). */
export type ModelJson = KnownModelFields & Record<string, unknown>;

type ModelInput = Omit<KnownModelFields, 'media_type' | 'is_active' | 'is_default'> &
	Partial<Pick<KnownModelFields, 'is_active' | 'is_default'>> &
	Record<string, unknown>;

export interface ModelSpec {
	json: ModelJson;
	/** Media files a completed job yields. */
	outputs: number;
	/** Simulated time to completion. */
	durationMs: number;
	/** Submitting answers 403 model_not_available. */
	restricted?: boolean;
}

const IMAGE_RATIOS = ['1:1', '16:9', '9:16', '4:3', '3:4'];

function image(json: ModelInput, durationMs: number, outputs = 1): ModelSpec {
	return { json: { media_type: 'image', is_active: true, is_default: false, ...json }, outputs, durationMs };
}

function video(json: ModelInput, durationMs: number): ModelSpec {
	return { json: { media_type: 'video', is_active: true, is_default: false, ...json }, outputs: 1, durationMs };
}

export function buildCatalogue(): ModelSpec[] {
	return [
		image(
			{
				id: 'z-image-turbo',
				name: 'Z Image Turbo',
				provider: 'alibaba',
				is_default: true,
				credits_per_generation: 1,
				supported_ratios: IMAGE_RATIOS,
				max_reference_images: 1,
				estimatedTiming: { p50: 4, p90: 7 },
				extra_config: { resolutions: ['1K', '2K'], defaultResolution: '1K' },
				sort_order: 1,
				badge: 'fast',
			},
			300,
		),
		image(
			{
				id: 'nanobanana-2',
				name: 'Nanobanana 2',
				provider: 'google',
				credits_per_generation: 5,
				supported_ratios: IMAGE_RATIOS,
				max_reference_images: 4,
				estimatedTiming: { p50: 12, p90: 20 },
				extra_config: { resolutions: ['1K', '2K', '4K'], defaultResolution: '1K', pricing: { '1K': 5, '2K': 5, '4K': 10 } },
				sort_order: 2,
			},
			400,
		),
		image(
			{
				id: 'gpt-image-2.5',
				name: 'GPT Image 2.5',
				provider: 'openai',
				credits_per_generation: 8,
				supported_ratios: ['1:1', '3:2', '2:3'],
				max_reference_images: 8,
				estimatedTiming: { p50: 18, p90: 30 },
				extra_config: {
					qualities: ['low', 'medium', 'high', 'xhigh', 'max'],
					defaultQuality: 'medium',
					variants: ['sunburst', 'flare'],
				},
				release_channel: 'stable',
			},
			500,
		),
		image(
			{
				id: 'midjourney-v8.1',
				name: 'Midjourney v8.1',
				provider: 'midjourney',
				credits_per_generation: 10,
				supported_ratios: [...IMAGE_RATIOS, '2:3', '3:2'],
				max_reference_images: 2,
				estimatedTiming: { p50: 50, p90: 75 },
				extra_config: { referenceTypes: ['content', 'style'] },
				grid: true,
			},
			800,
			4,
		),
		{
			...image(
				{
					id: 'restricted-model',
					name: 'Restricted Model',
					provider: 'partner',
					credits_per_generation: 3,
					supported_ratios: ['1:1'],
					max_reference_images: 0,
					estimatedTiming: { p50: 10, p90: 15 },
					extra_config: {},
				},
				400,
			),
			restricted: true,
		},
		image(
			{
				id: 'seedream-4.5-preview',
				name: 'Seedream 4.5 (preview)',
				provider: 'bytedance',
				credits_per_generation: 4,
				supported_ratios: IMAGE_RATIOS,
				max_reference_images: 4,
				estimatedTiming: { p50: 12, p90: 18 },
				extra_config: { hidden: true, resolutions: ['2K', '4K'] },
			},
			400,
		),
		image(
			{
				id: 'gpt-image-1',
				name: 'GPT Image 1',
				provider: 'openai',
				is_active: false,
				credits_per_generation: 6,
				supported_ratios: ['1:1'],
				max_reference_images: 4,
				estimatedTiming: { p50: 25, p90: 40 },
				extra_config: { qualities: ['low', 'medium', 'high'] },
				deprecated_at: '2026-01-01T00:00:00Z',
			},
			500,
		),
		video(
			{
				id: 'seedance-2-0',
				name: 'Seedance 2.0',
				provider: 'bytedance',
				credits_per_generation: 30,
				supported_ratios: ['adaptive', '16:9', '9:16', '1:1', '4:3', '3:4', '21:9'],
				max_reference_images: 9,
				estimatedTiming: { p50: 90, p90: 180 },
				extra_config: {
					durations: [5, 10, 15],
					defaultDuration: 5,
					tiers: ['mini', 'fast', 'pro'],
					resolutions: ['480p', '720p', '1080p'],
					defaultResolution: '720p',
					pricingPerSec: { mini: 2, fast: 4, pro: 6 },
				},
				capabilities: { video: { valid: true, outputDuration: [5, 10, 15], audio: true } },
			},
			1000,
		),
		video(
			{
				id: 'veo-3.1',
				name: 'Veo 3.1',
				provider: 'google',
				credits_per_generation: 60,
				supported_ratios: ['16:9', '9:16'],
				max_reference_images: 3,
				estimatedTiming: { p50: 180, p90: 360 },
				extra_config: { durations: [8], defaultDuration: 8, tiers: ['fast', 'pro'], resolutions: ['720p', '1080p'] },
				capabilities: { video: { valid: true, outputDuration: [8] } },
			},
			1000,
		),
	];
}
