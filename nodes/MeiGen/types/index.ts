/**
 * Typed MeiGen API requests and responses (see the API reference in the README).
 * Every response type is open: the service adds fields often, and the node passes them through.
 */

export type GenerationStatus = 'processing' | 'completed' | 'failed';
export type MediaType = 'image' | 'video';

export interface Credits {
	daily?: number;
	purchased?: number;
	unlimited?: boolean;
}

/** POST /generate/v2, as the node's fields build it */
export interface SubmitFields {
	prompt: string;
	modelId?: string;
	aspectRatio?: string;
	resolution?: string;
	quality?: string;
	modelVariant?: string;
	duration?: number;
	tier?: string;
	referenceImages?: string[];
	referenceType?: string;
	[field: string]: unknown;
}

/** POST /generate/v2 — what is sent: the fields and the idempotency key */
export interface SubmitRequest extends SubmitFields {
	idempotencyKey: string;
}

export interface SubmitResponse {
	success?: boolean;
	generationId: string;
	status: GenerationStatus;
	creditsUsed?: number;
	modelId?: string;
	aspectRatio?: string;
	deduped?: boolean;
	credits?: Credits;
	[field: string]: unknown;
}

/** GET /generate/v2/status/:generationId */
export interface StatusResponse {
	jobId?: string;
	status: GenerationStatus;
	mediaType?: MediaType;
	imageUrl?: string | null;
	imageUrls?: string[] | null;
	videoUrl?: string | null;
	error?: string | null;
	failureCode?: string | null;
	aspectRatio?: string;
	creditsStatus?: 'pending' | 'confirmed' | 'refunded' | string;
	expectedWaitSeconds?: number;
	pollHintSeconds?: number;
	[field: string]: unknown;
}

/** GET /generate/v2/requests/:idempotencyKey */
export interface RequestLookupResponse extends StatusResponse {
	requestId?: string;
	generationId: string;
	deduped?: boolean;
}

/** One entry of GET /models */
export interface MeiGenModel {
	id: string;
	name?: string;
	provider?: string;
	is_default?: boolean;
	is_active?: boolean;
	media_type?: MediaType;
	credits_per_generation?: number;
	supported_ratios?: string[];
	max_reference_images?: number;
	estimatedTiming?: { p50?: number; p90?: number };
	extra_config?: {
		resolutions?: string[];
		defaultResolution?: string;
		qualities?: string[];
		defaultQuality?: string;
		variants?: string[];
		tiers?: string[];
		defaultTier?: string;
		durations?: number[];
		defaultDuration?: number;
		hidden?: boolean;
		/** `{res: {quality: n}}` (matrix) or `{res: n}` */
		pricing?: unknown;
		/** `{res: n}` or `{tier: {res: n}}`, credits per second */
		pricingPerSec?: unknown;
		/** Per second with reference videos, same shapes as pricingPerSec */
		pricingPerSecWithVideo?: unknown;
		/** `{tier: {"<seconds>": n}}` */
		pricingPerCall?: unknown;
		/** `{"<output seconds>": minimum billable seconds}` with reference videos */
		minBillableTable?: unknown;
		tags?: unknown;
		[field: string]: unknown;
	};
	capabilities?: { video?: VideoCapabilities; [field: string]: unknown };
	[field: string]: unknown;
}

/** `capabilities.video` of GET /models (present on every model; test `valid`). */
export interface VideoCapabilities {
	valid?: boolean;
	requiresFirstFrame?: boolean;
	outputDuration?:
		| { kind: 'enum'; values: number[]; default?: number }
		| { kind: 'range'; min: number; max: number; step?: number; default?: number }
		| null;
	billing?: {
		mode?: 'per_second' | 'per_call' | string;
		requestDefaultSeconds?: number;
		referenceSeconds?: string;
	} | null;
	[field: string]: unknown;
}

export interface ModelsResponse {
	success?: boolean;
	models: MeiGenModel[];
}

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

/** /tokens */
export interface CreatedToken {
	id: string;
	token: string;
	name: string;
	created_at?: string;
	[field: string]: unknown;
}

export interface TokenSummary {
	id: string;
	name?: string;
	token_value?: string;
	is_active?: boolean;
	last_used_at?: string | null;
	created_at?: string;
	[field: string]: unknown;
}

export interface TokenUsageResponse {
	generations: Array<{
		id: string;
		model?: string;
		credits_used?: number;
		status?: string;
		created_at?: string;
		[field: string]: unknown;
	}>;
	[field: string]: unknown;
}

/** The error body the API sends with 4xx/5xx answers */
export interface ApiErrorBody {
	success?: false;
	error?: string;
	message?: string;
	code?: string;
	retryable?: boolean;
	retryAfterSeconds?: number;
	required?: number;
	available?: number;
	supportedRatios?: string[];
	received?: unknown;
	generationId?: string;
	[field: string]: unknown;
}

/** The five Skills MeiGen offers (GET /api/skills). */
export type SkillId = 'remove-bg' | 'upscale' | 'product-detail' | 'brand-poster' | 'white-bg';

/**
 * One entry of the Skills catalog. MeiGen documents neither the list's key nor the shapes of
 * `pricing` and `materials`: they are read tolerantly (skillCatalog.ts).
 */
export interface SkillCatalogEntry {
	id?: string;
	skill?: string;
	title?: string;
	name?: string;
	endpoint?: string;
	pricing?: unknown;
	maxOutputImages?: number;
	materials?: unknown;
	inputSchema?: unknown;
	stylePresets?: Array<{ id: string; label?: string; [field: string]: unknown }>;
	[field: string]: unknown;
}

/** POST /api/skills/upload */
export interface SkillUploadResponse {
	success?: boolean;
	imageUrl: string;
	width?: number;
	height?: number;
	firstFrameOnly?: boolean;
	[field: string]: unknown;
}

export type SkillJobStatus = 'processing' | 'completed' | 'partial' | 'failed';

/** One output image job of a Skill run (a product-detail module, a poster, a cut-out) */
export interface SkillItem {
	generationId?: string;
	module?: string;
	status?: string;
	imageUrls?: string[] | null;
	imageUrl?: string | null;
	error?: string | null;
	creditsUsed?: number;
	creditsStatus?: string;
	[field: string]: unknown;
}

/** POST /api/skills/{skill}/run — remove-bg often answers with the image at once */
export interface SkillRunResponse {
	success?: boolean;
	requestId?: string;
	generationId?: string;
	imageUrl?: string;
	charged?: number;
	items?: SkillItem[];
	expectedCount?: number;
	status?: SkillJobStatus;
	[field: string]: unknown;
}

/** GET /api/skills/status?skill=&requestId= — the receipt and results of one run */
export interface SkillStatusResponse {
	success?: boolean;
	status: SkillJobStatus;
	requestId?: string;
	submissionStatus?: string;
	submission?: { imageUrl?: string; code?: string; error?: string; [field: string]: unknown };
	submissionHttpStatus?: number;
	items?: SkillItem[];
	imageUrl?: string;
	retryable?: boolean;
	batchId?: string;
	error?: string;
	[field: string]: unknown;
}
