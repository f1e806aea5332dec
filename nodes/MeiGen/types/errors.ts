/** The error body the API sends with 4xx/5xx answers */
export interface ApiErrorBody {
	success?: boolean;
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
