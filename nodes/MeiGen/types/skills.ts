/** The Skills API (API reference, Part 2). */

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
	/** The original submission's answer (not its request), with its HTTP status */
	submission?: { imageUrl?: string; code?: string; error?: string; [field: string]: unknown };
	submissionHttpStatus?: number;
	items?: SkillItem[];
	imageUrl?: string;
	/** Whether the run may be sent again, with `retryParameters`: its exact inputs and uploaded URLs */
	retryable?: boolean;
	retryParameters?: Record<string, unknown>;
	batchId?: string;
	error?: string;
	[field: string]: unknown;
}
