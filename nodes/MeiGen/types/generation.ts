/** Image and video generation: submit, status, request lookup (API reference, Part 1). */

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
	expectedWaitSeconds?: number | null;
	pollHintSeconds?: number | null;
	[field: string]: unknown;
}

/** GET /generate/v2/requests/:idempotencyKey */
export interface RequestLookupResponse extends StatusResponse {
	requestId?: string;
	generationId: string;
	deduped?: boolean;
}
