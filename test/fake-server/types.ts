/** The fake MeiGen's public types: what tests inject, inspect and get back. */
import type { IncomingHttpHeaders } from 'node:http';

import type { ModelSpec } from './catalogue';
import type { SkillId } from './skillCatalogue';
import type { FakeSkillRun, PricingTarget, SkillCharges } from './skills';
import type { FakeUpload as FakeSkillUpload } from './skillUploads';
import type { FakeUpload, StoragePut } from './uploads';

/**
 * Which requests a fault hits: an API route family's route, `media` (the CDN), `storage` (the
 * upload storage host's PUTs), or `any` API route.
 */
export type FaultRoute =
	| 'submit'
	| 'status'
	| 'requests'
	| 'models'
	| 'images'
	| 'tokens'
	| 'skills'
	| 'skillUpload'
	| 'skillRun'
	| 'skillStatus'
	| 'media'
	| 'any'
	| UploadFaultRoute;

/** POST /upload/reference-video, and the PUT to the storage host. */
export type UploadFaultRoute = 'upload' | 'storage';

export interface Fault {
	/** Which route it hits; `any` = any API route (never the CDN). */
	route: FaultRoute;
	/**
	 * drop: destroy the socket without answering; status: answer `status`/`body`; redirect: 302 to
	 * `location`; truncate: announce the full Content-Length, send half, then cut. Omitted with
	 * `delayMs` = a slow but otherwise normal answer.
	 * Bodies of `bytes` bytes, for a client's download size limit (image/png, video/mp4 for .mp4):
	 * chunked: no Content-Length, chunked encoding; untilClose: neither, the body ends when the
	 * connection closes (HTTP/1.0 style, written on the raw socket); lyingLength: announces `bytes`
	 * in Content-Length, sends 1 KiB and holds the connection open. hang: takes the request and
	 * never answers (a half-open connection), until the client gives up or the fake closes.
	 */
	kind?:
		'drop' | 'status' | 'redirect' | 'truncate' | 'chunked' | 'untilClose' | 'lyingLength' | 'hang';
	status?: number;
	body?: object;
	/** A body that is not JSON (e.g. a proxy's HTML page), sent as `text/html` */
	text?: string;
	headers?: Record<string, string>;
	/** Sets a Retry-After header (seconds). */
	retryAfter?: number;
	/** For `redirect`. */
	location?: string;
	/** For chunked, untilClose and lyingLength: the body's size; default 1 MiB. */
	bytes?: number;
	/** How many requests it applies to; default 1. */
	times?: number;
	/** Let this many matching requests pass untouched first (e.g. hit the second status read). */
	after?: number;
	/** Wait this long before answering (or faulting). */
	delayMs?: number;
	/** Run the real handler first (job created, credits charged), then fault: the "lost answer". */
	afterProcessing?: boolean;
}

export interface RecordedRequest {
	method: string;
	/** Path with query string, e.g. `/api/models?media_type=image`. */
	path: string;
	headers: IncomingHttpHeaders;
	/** Parsed JSON body, or undefined when there was none / it was not JSON. */
	body: unknown;
	rawBody: string;
	/** Arrival time, ms since epoch. */
	time: number;
	/** Status answered; 0 = socket dropped; undefined = never answered (client went away first). */
	status?: number;
	/** Fault kind applied, when one was. */
	fault?: string;
}

export type ReferenceImage =
	{ kind: 'data'; mime: string; bytes: Buffer } | { kind: 'url'; url: string };

export interface FakeJob {
	id: string;
	prompt: string;
	modelId: string;
	mediaType: 'image' | 'video';
	aspectRatio: string;
	idempotencyKey?: string;
	/** The request body as received (unknown fields included). */
	body: Record<string, unknown>;
	referenceImages: ReferenceImage[];
	createdAt: number;
	durationMs: number;
	outcome: 'complete' | 'fail' | 'never';
	status: 'processing' | 'completed' | 'failed';
	completedAt?: number;
	creditsUsed: number;
	/** Where the charge came from (a refund puts it back there). */
	charged: { daily: number; purchased: number };
	creditsStatus: 'pending' | 'confirmed' | 'refunded';
	error?: string;
	failureCode?: string;
	mediaUrls: string[];
	/** Times the same submit was answered from the idempotency record. */
	dedupeCount: number;
	auth: 'apiKey' | 'session';
	tokenId?: string;
	/** Size of this job's video, overriding opts.videoBytes; set it before the download. */
	videoBytes?: number;
}

export interface FakeOptions {
	credits?: { daily: number; purchased: number };
	/** modelId -> simulated duration (ms). */
	jobDurations?: Record<string, number>;
	/** Default size of generated videos (bytes); streamed, never held in memory. */
	videoBytes?: number;
	/**
	 * Demo mode: the CDN serves these files (the demo's pictures and playable MP4s, made by
	 * scripts/dev/demoMedia.ts) instead of the tests' tiny ones; `videoBytes` then does not apply.
	 */
	media?: (mediaId: string, n: number, kind: 'png' | 'mp4', aspectRatio?: string) => Buffer;
	/** Ports to listen on (default: any free port), e.g. to keep the same URLs across restarts. */
	ports?: { api?: number; cdn?: number; storage?: number };
}

export interface FakeMeiGen {
	apiUrl: string;
	cdnUrl: string;
	requests: RecordedRequest[];
	cdnRequests: RecordedRequest[];
	jobs: Map<string, FakeJob>;
	chargedJobs(): number;
	credits: { daily: number; purchased: number };
	models: ModelSpec[];
	inject(fault: Fault): void;
	setJobDuration(modelId: string, ms: number): void;
	setVideoBytes(bytes: number): void;
	/** The upload storage host, e.g. `http://127.0.0.3:port`: presigned PUTs go there. */
	storageUrl: string;
	/** Every PUT the storage host received, in order (refused ones too). */
	storagePuts: StoragePut[];
	/** Presigned uploads by key (`ref-videos/…`); `bytes` once a PUT stored them. */
	uploads: Map<string, FakeUpload>;
	/** Serves `bytes` on the CDN at `/files/<name>`, as another host would; returns the URL. */
	serveFile(name: string, bytes: Buffer, contentType: string): string;
	/** Requests to one API route, e.g. `requestsTo('POST', '/generate/v2')`. Path compared without query. */
	requestsTo(method: string, pathPrefix: string): RecordedRequest[];
	/** Skill receipts by request ID: accepted runs and kept refusals. */
	skillRuns: Map<string, FakeSkillRun>;
	/** Skill uploads by upload ID. */
	skillUploads: Map<string, FakeSkillUpload>;
	/** What the Skills charged so far (purchased credits). */
	skillCharges(): SkillCharges;
	/**
	 * Sets a Skill's pricing (in any catalog shape): `catalog` only changes what GET /api/skills
	 * shows, `live` only what runs are charged (a price change the cached catalog doesn't show yet).
	 */
	setSkillPricing(skill: SkillId, pricing: unknown, target?: PricingTarget): void;
	setSkillDuration(skill: SkillId, ms: number): void;
	/** The next `count` Skill runs are cut off before they become a job (503 request_interrupted). */
	interruptSkillRuns(count: number): void;
	/** A completed job's media URLs come `ms` after it completed: until then it reads completed without them. */
	delayMediaUrls(ms: number): void;
	/** Status answers carry `null` for `expectedWaitSeconds` and `pollHintSeconds`. */
	omitEstimates(): void;
	reset(): void;
	close(): Promise<void>;
}
