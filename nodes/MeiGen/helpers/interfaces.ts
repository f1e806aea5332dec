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
		qualities?: string[];
		variants?: string[];
		tiers?: string[];
		durations?: number[];
		hidden?: boolean;
		[field: string]: unknown;
	};
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
