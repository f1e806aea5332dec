/**
 * The fake catalogue: MeiGen's current model list (API reference, Part 1.1, 1.5 and 1.6, 2026-09),
 * with the documented field shapes and example prices, plus unknown extra fields on purpose.
 * The fake charges by these price fields (pricing.ts); every example of §1.6 comes out exact.
 * Default requests: flux2-klein 1, agnes-image-2.1-flash 1, grok-image 4, nanobanana-2 5,
 * seedream-5.0-pro 6, gpt-image-2.5 8, midjourney-v8.1 10, gemini-3-pro-image-preview 10,
 * midjourney-v7 15; agnes-video-2.0 10, grok-video 40, seedance-2-0 100, seedance-2-5 156,
 * veo-3.1 165.
 */

/** `capabilities.video.outputDuration`: the durations a video model accepts, or null. */
type OutputDuration =
	| { kind: 'enum'; values: number[]; default: number }
	| { kind: 'range'; min: number; max: number; step: number; default: number }
	| null;

interface ReferenceLimits {
	enabled: boolean;
	minSeconds?: number;
	maxSeconds?: number;
	maxCount?: number;
	maxTotalSeconds?: number;
	maxUploadBytes?: number;
}

interface VideoCapabilities {
	/** Whether the rest describes a video model; present on every model, as MeiGen sends it. */
	valid: boolean;
	requiresFirstFrame: boolean;
	outputDuration: OutputDuration;
	/** Absent in bodies cached before 2026-09: read as `{ enabled: false }`. */
	referenceVideo?: ReferenceLimits & { resolutions?: string[] };
	referenceAudio?: ReferenceLimits & { formats?: string[]; requiresVisualReference?: boolean };
	billing: {
		mode: 'per_second' | 'per_call';
		/** The duration billed when the request names none. */
		requestDefaultSeconds: number;
		referenceSeconds?:
			'output_only' | 'reference_plus_output' | 'reference_plus_output_with_minimum_table';
	} | null;
	[key: string]: unknown;
}

interface KnownModelFields {
	id: string;
	name: string;
	provider: string;
	/** Per media type. */
	is_default: boolean;
	is_active: boolean;
	media_type: 'image' | 'video';
	/** MeiGen's nominal fallback: charged only by a model without price tables. */
	credits_per_generation: number;
	supported_ratios: string[];
	/** On video models: frame slots (first, last). */
	max_reference_images: number;
	estimatedTiming: { p50: number; p90: number };
	extra_config: {
		resolutions?: string[];
		defaultResolution?: string;
		qualities?: string[];
		defaultQuality?: string;
		variants?: string[];
		defaultVariant?: string;
		tiers?: string[];
		/** `{ tier: [res] }`: wins over `resolutions`, which may lag behind (MeiGen's docs). */
		tierResolutions?: Record<string, string[]>;
		/** The docs speak of a default tier but name no field; the fake's pricing reads this one. */
		defaultTier?: string;
		durations?: number[];
		defaultDuration?: number;
		hidden?: boolean;
		/** `{ res: n }` or, per quality, `{ res: { quality: n } }`. */
		pricing?: Record<string, number | Record<string, number>>;
		/** `{ res: n }` or `{ tier: { res: n } }`, per second of output. */
		pricingPerSec?: Record<string, number | Record<string, number>>;
		pricingPerSecWithVideo?: Record<string, number | Record<string, number>>;
		/** `{ tier: { seconds: n } }`, per call. */
		pricingPerCall?: Record<string, Record<string, number>>;
		/** `{ seconds: n }`: the fewest seconds billed for an output duration with reference videos. */
		minBillableTable?: Record<string, number>;
		maxContentReferenceImages?: number;
		[key: string]: unknown;
	};
	capabilities: { video: VideoCapabilities; [key: string]: unknown };
}

/** Known fields plus whatever else the service adds (clients must tolerate unknown fields). */
export type ModelJson = KnownModelFields & Record<string, unknown>;

type ModelInput = Omit<
	KnownModelFields,
	'media_type' | 'is_active' | 'is_default' | 'capabilities'
> &
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
const SEEDANCE_RATIOS = ['adaptive', '16:9', '9:16', '1:1', '4:3', '3:4', '21:9'];
const MB = 1024 * 1024;
/** No reference clips, written out in full as MeiGen's docs show it (zeros, no formats). */
const NO_REFERENCES = {
	referenceVideo: {
		enabled: false,
		minSeconds: 0,
		maxSeconds: 0,
		maxCount: 0,
		maxTotalSeconds: 0,
		maxUploadBytes: 0,
	},
	referenceAudio: {
		enabled: false,
		minSeconds: 0,
		maxSeconds: 0,
		maxCount: 0,
		maxTotalSeconds: 0,
		maxUploadBytes: 0,
		formats: [],
		requiresVisualReference: false,
	},
};
const NO_VIDEO: VideoCapabilities = {
	valid: false,
	requiresFirstFrame: false,
	outputDuration: null,
	...NO_REFERENCES,
	billing: null,
};

const seconds = (from: number, to: number): number[] =>
	Array.from({ length: to - from + 1 }, (_, index) => from + index);

/** Seedance's floor for billed seconds with reference videos: ceil(duration × 5 / 3). */
const seedanceMinimums = (durations: number[]): Record<string, number> =>
	Object.fromEntries(durations.map((d) => [String(d), Math.ceil((d * 5) / 3)]));

function image(json: ModelInput, durationMs: number, outputs = 1): ModelSpec {
	return {
		json: {
			media_type: 'image',
			is_active: true,
			is_default: false,
			capabilities: { video: NO_VIDEO },
			...json,
		},
		outputs,
		durationMs,
	};
}

function video(json: ModelInput, capabilities: VideoCapabilities, durationMs: number): ModelSpec {
	return {
		json: {
			media_type: 'video',
			is_active: true,
			is_default: false,
			...json,
			capabilities: { video: capabilities },
		},
		outputs: 1,
		durationMs,
	};
}

export function buildCatalogue(): ModelSpec[] {
	return [
		image(
			{
				id: 'flux2-klein',
				name: 'FLUX.2 Klein',
				provider: 'black-forest-labs',
				is_default: true,
				credits_per_generation: 1,
				supported_ratios: IMAGE_RATIOS,
				max_reference_images: 0,
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
				// No price tables: the documented flat example, 5 credits at any resolution.
				extra_config: { resolutions: ['1K', '2K', '4K'], defaultResolution: '1K' },
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
				max_reference_images: 16,
				estimatedTiming: { p50: 18, p90: 30 },
				extra_config: {
					resolutions: ['1K', '2K', '4K'],
					defaultResolution: '1K',
					qualities: ['low', 'medium', 'high', 'xhigh', 'max'],
					defaultQuality: 'medium',
					variants: ['sunburst', 'flare'],
					defaultVariant: 'sunburst',
					// The documented examples: 2K low = 6, 4K max = 88.
					pricing: {
						'1K': { low: 3, medium: 8, high: 16, xhigh: 24, max: 32 },
						'2K': { low: 6, medium: 12, high: 24, xhigh: 36, max: 48 },
						'4K': { low: 11, medium: 22, high: 44, xhigh: 66, max: 88 },
					},
				},
				release_channel: 'stable',
			},
			500,
		),
		image(
			{
				id: 'seedream-5.0-pro',
				name: 'Seedream 5.0 Pro',
				provider: 'bytedance',
				credits_per_generation: 6,
				supported_ratios: IMAGE_RATIOS,
				max_reference_images: 10,
				estimatedTiming: { p50: 12, p90: 18 },
				extra_config: {
					resolutions: ['2K', '4K'],
					defaultResolution: '2K',
					pricing: { '2K': 6, '4K': 10 },
				},
			},
			400,
		),
		image(
			{
				id: 'grok-image',
				name: 'Grok Image',
				provider: 'xai',
				credits_per_generation: 4,
				supported_ratios: IMAGE_RATIOS,
				max_reference_images: 3,
				estimatedTiming: { p50: 10, p90: 16 },
				// `tags` is not documented; MeiGen's own client reads it as the model's status.
				extra_config: { qualities: ['low', 'medium'], defaultQuality: 'medium', tags: ['New'] },
			},
			400,
		),
		image(
			{
				id: 'agnes-image-2.1-flash',
				name: 'Agnes Image 2.1 Flash',
				provider: 'agnes',
				credits_per_generation: 1,
				supported_ratios: IMAGE_RATIOS,
				max_reference_images: 1,
				estimatedTiming: { p50: 3, p90: 6 },
				extra_config: {},
			},
			300,
		),
		image(
			{
				id: 'gemini-3-pro-image-preview',
				name: 'Nanobanana Pro',
				provider: 'google',
				// Flat 10 credits, one image: a round price for budget tests.
				credits_per_generation: 10,
				supported_ratios: IMAGE_RATIOS,
				max_reference_images: 14,
				estimatedTiming: { p50: 14, p90: 22 },
				extra_config: { resolutions: ['1K', '2K', '4K'], defaultResolution: '1K' },
			},
			400,
		),
		image(
			{
				id: 'midjourney-v7',
				name: 'Midjourney v7',
				provider: 'midjourney',
				credits_per_generation: 15,
				supported_ratios: [...IMAGE_RATIOS, '2:3', '3:2'],
				max_reference_images: 1,
				estimatedTiming: { p50: 50, p90: 75 },
				// The documented per-resolution example (given as Midjourney's prices): 2K = 20.
				extra_config: {
					resolutions: ['1K', '2K'],
					defaultResolution: '1K',
					pricing: { '1K': 15, '2K': 20 },
					referenceTypes: ['content', 'style'],
				},
			},
			800,
			4,
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
				// No price tables: flat 10 per grid of four.
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
				id: 'seedance-2-5',
				name: 'Seedance 2.5',
				provider: 'bytedance',
				is_default: true,
				credits_per_generation: 156,
				supported_ratios: SEEDANCE_RATIOS,
				max_reference_images: 2,
				estimatedTiming: { p50: 120, p90: 240 },
				extra_config: {
					durations: seconds(4, 30),
					defaultDuration: 4,
					resolutions: ['480p', '720p', '1080p'],
					defaultResolution: '720p',
					maxContentReferenceImages: 30,
					// The documented examples: 720p 5 s = 39 × 5; 480p with 3 s + 4 s clips, 5 s out = max(12, 9) × 11.
					pricingPerSec: { '480p': 20, '720p': 39, '1080p': 78 },
					pricingPerSecWithVideo: { '480p': 11, '720p': 22, '1080p': 44 },
					minBillableTable: seedanceMinimums(seconds(4, 30)),
				},
			},
			{
				valid: true,
				requiresFirstFrame: false,
				outputDuration: { kind: 'range', min: 4, max: 30, step: 1, default: 4 },
				referenceVideo: {
					enabled: true,
					minSeconds: 2,
					maxSeconds: 30,
					maxCount: 10,
					maxTotalSeconds: 30,
					maxUploadBytes: 200 * MB,
					resolutions: ['480p', '720p', '1080p'],
				},
				referenceAudio: {
					enabled: true,
					minSeconds: 2,
					maxSeconds: 30,
					maxCount: 10,
					maxTotalSeconds: 30,
					maxUploadBytes: 15 * MB,
					formats: ['wav', 'mp3'],
					requiresVisualReference: false,
				},
				billing: {
					mode: 'per_second',
					requestDefaultSeconds: 4,
					referenceSeconds: 'reference_plus_output_with_minimum_table',
				},
			},
			1000,
		),
		video(
			{
				id: 'seedance-2-0',
				name: 'Seedance 2.0',
				provider: 'bytedance',
				credits_per_generation: 100,
				supported_ratios: SEEDANCE_RATIOS,
				max_reference_images: 9,
				estimatedTiming: { p50: 90, p90: 180 },
				extra_config: {
					durations: [5, 10, 15],
					defaultDuration: 5,
					tiers: ['mini', 'fast', 'pro'],
					defaultTier: 'fast',
					// `resolutions` lags behind the tiers, as MeiGen warns it may: 1080p is only here.
					resolutions: ['480p', '720p'],
					tierResolutions: {
						mini: ['480p', '720p', '1080p'],
						fast: ['480p', '720p', '1080p'],
						pro: ['480p', '720p', '1080p'],
					},
					defaultResolution: '720p',
					maxContentReferenceImages: 9,
					// The documented examples: fast 720p 5 s = 20 × 5; fast 720p, 5 s clip, 10 s out = max(15, 17) × 14.
					pricingPerSec: {
						mini: { '480p': 6, '720p': 12, '1080p': 24 },
						fast: { '480p': 10, '720p': 20, '1080p': 40 },
						pro: { '480p': 15, '720p': 30, '1080p': 60 },
					},
					pricingPerSecWithVideo: {
						mini: { '480p': 4, '720p': 8 },
						fast: { '480p': 7, '720p': 14 },
						pro: { '720p': 21, '1080p': 42 },
					},
					minBillableTable: seedanceMinimums([5, 10, 15]),
				},
			},
			{
				valid: true,
				requiresFirstFrame: false,
				outputDuration: { kind: 'enum', values: [5, 10, 15], default: 5 },
				referenceVideo: {
					enabled: true,
					minSeconds: 2,
					maxSeconds: 15,
					maxCount: 3,
					maxTotalSeconds: 15,
					maxUploadBytes: 50 * MB,
					resolutions: ['480p', '720p', '1080p'],
				},
				referenceAudio: {
					enabled: true,
					minSeconds: 2,
					maxSeconds: 15,
					maxCount: 3,
					maxTotalSeconds: 15,
					maxUploadBytes: 15 * MB,
					formats: ['wav', 'mp3'],
					requiresVisualReference: true,
				},
				billing: {
					mode: 'per_second',
					requestDefaultSeconds: 5,
					referenceSeconds: 'reference_plus_output_with_minimum_table',
				},
				audio: true,
			},
			1000,
		),
		video(
			{
				id: 'grok-video',
				name: 'Grok Video',
				provider: 'xai',
				credits_per_generation: 40,
				supported_ratios: ['16:9', '9:16', '1:1'],
				max_reference_images: 1,
				estimatedTiming: { p50: 60, p90: 120 },
				extra_config: {
					durations: seconds(4, 15),
					defaultDuration: 4,
					resolutions: ['480p', '720p'],
					defaultResolution: '720p',
					pricingPerSec: { '480p': 5, '720p': 10 },
					// Where MeiGen's own client looks when capabilities say nothing.
					requiresFirstFrame: true,
				},
			},
			{
				valid: true,
				requiresFirstFrame: true,
				outputDuration: { kind: 'range', min: 4, max: 15, step: 1, default: 4 },
				...NO_REFERENCES,
				billing: { mode: 'per_second', requestDefaultSeconds: 4, referenceSeconds: 'output_only' },
			},
			1000,
		),
		video(
			{
				id: 'agnes-video-2.0',
				name: 'Agnes Video 2.0',
				provider: 'agnes',
				credits_per_generation: 10,
				supported_ratios: ['16:9', '9:16', '1:1'],
				max_reference_images: 1,
				estimatedTiming: { p50: 60, p90: 120 },
				extra_config: {
					durations: [5],
					defaultDuration: 5,
					resolutions: ['720p'],
					defaultResolution: '720p',
				},
			},
			{
				valid: true,
				requiresFirstFrame: false,
				outputDuration: { kind: 'enum', values: [5], default: 5 },
				...NO_REFERENCES,
				// No billing rule: the flat credits_per_generation applies.
				billing: null,
			},
			1000,
		),
		video(
			{
				id: 'veo-3.1',
				name: 'Veo 3.1',
				provider: 'google',
				credits_per_generation: 165,
				supported_ratios: ['16:9', '9:16'],
				max_reference_images: 3,
				estimatedTiming: { p50: 180, p90: 360 },
				extra_config: {
					durations: [4, 6, 8],
					defaultDuration: 8,
					tiers: ['fast', 'pro'],
					defaultTier: 'fast',
					resolutions: ['720p', '1080p'],
					// The documented examples: fast 8 s = 165, pro 4 s = 220; resolution does not change it.
					pricingPerCall: {
						fast: { '4': 85, '6': 125, '8': 165 },
						pro: { '4': 220, '6': 330, '8': 440 },
					},
				},
			},
			// A body cached before 2026-09: no referenceVideo/referenceAudio (read as disabled).
			{
				valid: true,
				requiresFirstFrame: false,
				outputDuration: { kind: 'enum', values: [4, 6, 8], default: 8 },
				billing: { mode: 'per_call', requestDefaultSeconds: 8 },
			},
			1000,
		),
	];
}
