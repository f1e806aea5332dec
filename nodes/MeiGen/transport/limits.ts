/**
 * How long each kind of call may go without an answer, as MeiGen's own client sets them. A call
 * past its limit is given up: a read is read again, a submit is looked up by its request ID before
 * anything is sent again. Without a limit, a half-open connection would hold the item for n8n's
 * five-minute default.
 */
export const TIME_LIMIT_MS = {
	/** POST /generate/v2 */
	submit: 90_000,
	/** Status, request lookups, models, gallery records, tokens, Skill receipts */
	read: 15_000,
	/** GET /api/skills */
	catalog: 10_000,
	/** POST /api/skills/{skill}/run */
	skillRun: 130_000,
	/** POST /api/skills/upload: MeiGen fetches or prepares the image before it answers */
	skillUpload: 130_000,
	/** POST /upload/reference-video */
	presign: 20_000,
	/** The PUT of a reference clip to MeiGen's storage */
	storagePut: 300_000,
	/** A media file from the CDN, or a clip from another host: no data for this long */
	download: 120_000,
} as const;

export type CallKind = keyof typeof TIME_LIMIT_MS;
