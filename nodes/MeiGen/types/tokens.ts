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
