/**
 * A fake MeiGen: a real HTTP API on 127.0.0.1 (prefix /api) and a media CDN on 127.0.0.2, so the
 * CDN really is another host. Behaviour follows MeiGen's public API reference; faults are injectable.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

import { DEFAULT_VIDEO_BYTES, MIME, mediaChunks, mediaSize, type MediaKind } from './media';
import { buildCatalogue, type ModelJson, type ModelSpec } from './models';

export { expectedMediaBytes, expectedMediaSha256, mediaSize, DEFAULT_VIDEO_BYTES, type MediaKind } from './media';
export type { ModelJson } from './models';

/** A valid API key: `meigen_sk_` + 32 characters. Spends purchased credits only. */
export const TEST_API_KEY = 'meigen_sk_T3stK3yAbCdEfGhIjKlMnOpQrStUvWxY';
/** A valid session token (JWT-shaped, as Supabase issues). Spends daily then purchased credits. */
export const TEST_SESSION_TOKEN =
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZXN0LXVzZXIiLCJyb2xlIjoiYXV0aGVudGljYXRlZCJ9.c2lnbmF0dXJlLWZvci10ZXN0cw';

export const FAILED_JOB_ERROR = 'Your prompt was flagged by the safety system';
const DEFAULT_CREDITS = { daily: 50, purchased: 1000 };
const MAX_ACTIVE_TOKENS = 5;

export type FaultRoute = 'submit' | 'status' | 'requests' | 'models' | 'images' | 'tokens' | 'media' | 'any';

export interface Fault {
	/** Which route it hits; `any` = any API route (never the CDN). */
	route: FaultRoute;
	/**
	 * drop: destroy the socket without answering; status: answer `status`/`body`; redirect: 302 to
	 * `location`; truncate: announce the full Content-Length, send half, then cut. Omitted with
	 * `delayMs` = a slow but otherwise normal answer.
	 */
	kind?: 'drop' | 'status' | 'redirect' | 'truncate';
	status?: number;
	body?: object;
	headers?: Record<string, string>;
	/** Sets a Retry-After header (seconds). */
	retryAfter?: number;
	/** For `redirect`. */
	location?: string;
	/** How many requests it applies to; default 1. */
	times?: number;
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

export type ReferenceImage = { kind: 'data'; mime: string; bytes: Buffer } | { kind: 'url'; url: string };

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
	/** Requests to one API route, e.g. `requestsTo('POST', '/generate/v2')`. Path compared without query. */
	requestsTo(method: string, pathPrefix: string): RecordedRequest[];
	reset(): void;
	close(): Promise<void>;
}

interface Reply {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

type Auth = { kind: 'apiKey'; tokenId: string } | { kind: 'session' };

interface TokenRecord {
	id: string;
	token: string;
	name: string;
	is_active: boolean;
	last_used_at: string | null;
	created_at: string;
}

interface GalleryRecord {
	id: string;
	prompt: string;
	model: string;
	images: number;
	legacy?: boolean;
	createdAt: string;
}

const GALLERY: GalleryRecord[] = [
	{ id: 'img_123', prompt: 'a lighthouse at dusk, oil painting', model: 'nanobanana-2', images: 1, createdAt: '2026-01-10T10:00:00.000Z' },
	{ id: 'img_set', prompt: 'two cats, studio light', model: 'midjourney-v8.1', images: 2, createdAt: '2026-01-11T10:00:00.000Z' },
	{ id: 'img_legacy', prompt: 'an old record', model: 'z-image-turbo', images: 1, legacy: true, createdAt: '2025-06-01T10:00:00.000Z' },
];

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Key-order independent serialisation: "same inputs" must not depend on property order. */
function stableStringify(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
	if (isRecord(value)) {
		return `{${Object.keys(value)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

function fail(status: number, code: string | undefined, error: string, extra: Record<string, unknown> = {}): Reply {
	return { status, body: { success: false, error, ...(code ? { code } : {}), ...extra } };
}

const DATA_URL = /^data:(image\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=\s]*)$/i;

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		// A client that goes away mid-body still gets recorded with what arrived.
		req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
	});
}

function listen(server: http.Server, host: string): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
	});
}

export async function startFakeMeiGen(opts: FakeOptions = {}): Promise<FakeMeiGen> {
	const catalogue = buildCatalogue();
	const initialCredits = { ...(opts.credits ?? DEFAULT_CREDITS) };
	const credits = { ...initialCredits };
	const requests: RecordedRequest[] = [];
	const cdnRequests: RecordedRequest[] = [];
	const jobs = new Map<string, FakeJob>();
	const byKey = new Map<string, { jobId: string; fingerprint: string; requestId: string }>();
	const faults: Array<Fault & { left: number }> = [];
	const timers = new Set<NodeJS.Timeout>();
	let durations: Record<string, number> = { ...opts.jobDurations };
	let videoBytes = opts.videoBytes ?? DEFAULT_VIDEO_BYTES;
	let tokens: TokenRecord[] = [];
	let cdnUrl = '';

	const seedTokens = (): TokenRecord[] => [
		{ id: 'tok_default', token: TEST_API_KEY, name: 'Default', is_active: true, last_used_at: null, created_at: '2026-01-01T00:00:00.000Z' },
	];
	tokens = seedTokens();

	const later = (ms: number, fn: () => void): void => {
		const t = setTimeout(() => {
			timers.delete(t);
			fn();
		}, ms);
		t.unref();
		timers.add(t);
	};
	const sleep = (ms: number) => new Promise<void>((resolve) => later(ms, resolve));

	const findModel = (id: string) => catalogue.find((m) => m.json.id === id);

	function authenticate(req: IncomingMessage): Auth | undefined {
		const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
		if (!match) return undefined;
		const token = match[1].trim();
		if (token === TEST_SESSION_TOKEN) return { kind: 'session' };
		const record = tokens.find((t) => t.token === token && t.is_active);
		if (!record) return undefined;
		record.last_used_at = new Date().toISOString();
		return { kind: 'apiKey', tokenId: record.id };
	}

	const unauthorized = () => fail(401, 'unauthorized', 'Invalid or missing API key');

	function statusFields(job: FakeJob): Record<string, unknown> {
		const processing = job.status === 'processing';
		const elapsed = Date.now() - job.createdAt;
		const model = findModel(job.modelId);
		const images = job.mediaType === 'image' && job.status === 'completed' ? job.mediaUrls : [];
		return {
			success: true,
			jobId: job.id,
			status: job.status,
			mediaType: job.mediaType,
			imageUrl: images[0] ?? null,
			imageUrls: images.length ? images : null,
			videoUrl: job.mediaType === 'video' && job.status === 'completed' ? job.mediaUrls[0] : null,
			error: job.error ?? null,
			...(job.failureCode ? { failureCode: job.failureCode } : {}),
			aspectRatio: job.aspectRatio,
			creditsStatus: job.creditsStatus,
			...(processing
				? {
						expectedWaitSeconds: model?.json.estimatedTiming.p90 ?? 60,
						// Counts down against the simulated duration, so `[never]` jobs reach 0 quickly.
						pollHintSeconds: Math.max(0, Math.ceil((job.durationMs - elapsed) / 1000)),
					}
				: {}),
		};
	}

	function finish(job: FakeJob): void {
		if (job.status !== 'processing') return;
		job.completedAt = Date.now();
		if (job.outcome === 'fail') {
			job.status = 'failed';
			job.error = FAILED_JOB_ERROR;
			job.failureCode = 'content_policy_violation';
			job.creditsStatus = 'refunded';
			credits.daily += job.charged.daily;
			credits.purchased += job.charged.purchased;
			return;
		}
		const model = findModel(job.modelId);
		const ext = job.mediaType === 'video' ? 'mp4' : 'png';
		const count = model?.outputs ?? 1;
		job.mediaUrls = Array.from({ length: count }, (_, n) => `${cdnUrl}/media/${job.id}/${n}.${ext}`);
		job.status = 'completed';
		job.creditsStatus = 'confirmed';
	}

	function validateOption(
		value: unknown,
		allowed: ReadonlyArray<string | number> | undefined,
		code: string,
		label: string,
	): Reply | undefined {
		if (value === undefined || value === null || allowed === undefined) return undefined;
		if (!allowed.includes(value as string | number)) {
			return fail(400, code, `Unsupported ${label} "${String(value)}" for this model. Supported: ${allowed.join(', ')}`, {
				supported: allowed,
				received: value,
			});
		}
		return undefined;
	}

	function submit(req: IncomingMessage, body: unknown): Reply {
		const auth = authenticate(req);
		if (!auth) return unauthorized();
		if (!isRecord(body)) return fail(400, 'invalid_json', 'Request body must be a JSON object');
		const prompt = body.prompt;
		if (typeof prompt !== 'string' || prompt.trim() === '') return fail(400, 'missing_prompt', 'Prompt is required');

		const key = typeof body.idempotencyKey === 'string' && body.idempotencyKey !== '' ? body.idempotencyKey : undefined;
		const { idempotencyKey: _ignored, ...inputs } = body;
		const fingerprint = stableStringify(inputs);
		if (key) {
			const seen = byKey.get(key);
			if (seen) {
				const job = jobs.get(seen.jobId);
				if (seen.fingerprint !== fingerprint || !job) {
					return fail(409, 'idempotency_conflict', 'This idempotency key was already used with different inputs', {
						generationId: seen.jobId,
					});
				}
				job.dedupeCount++;
				return { status: 200, body: submitAnswer(job, true) };
			}
		}

		const defaultModel = catalogue.find((m) => m.json.is_default) ?? catalogue[0];
		const modelId = typeof body.modelId === 'string' && body.modelId !== '' ? body.modelId : defaultModel.json.id;
		const model = findModel(modelId);
		if (!model || !model.json.is_active) return fail(400, 'invalid_model', `Unknown or inactive model: ${modelId}`);
		if (model.restricted) return fail(403, 'model_not_available', 'This model is not available on this platform');
		const { json } = model;

		const aspectRatio = typeof body.aspectRatio === 'string' && body.aspectRatio !== '' ? body.aspectRatio : 'auto';
		if (aspectRatio !== 'auto' && !json.supported_ratios.includes(aspectRatio)) {
			return fail(400, 'unsupported_aspect_ratio', `Aspect ratio ${aspectRatio} is not supported by ${modelId}`, {
				supportedRatios: json.supported_ratios,
				received: aspectRatio,
			});
		}
		const cfg = json.extra_config;
		const optionError =
			validateOption(body.resolution, cfg.resolutions, 'unsupported_resolution', 'resolution') ??
			validateOption(body.quality, cfg.qualities, 'unsupported_quality', 'quality') ??
			validateOption(body.modelVariant, cfg.variants, 'unsupported_variant', 'variant') ??
			validateOption(body.tier, cfg.tiers, 'unsupported_tier', 'tier') ??
			(json.media_type === 'video' ? validateOption(body.duration, cfg.durations, 'unsupported_duration', 'duration') : undefined);
		if (optionError) return optionError;

		const references: ReferenceImage[] = [];
		const rawRefs = body.referenceImages;
		if (rawRefs !== undefined && rawRefs !== null) {
			if (!Array.isArray(rawRefs)) return fail(400, 'invalid_reference_url', 'referenceImages must be an array of URLs');
			if (rawRefs.length > json.max_reference_images) {
				return fail(400, 'too_many_references', `${modelId} accepts at most ${json.max_reference_images} reference images`, {
					max: json.max_reference_images,
					received: rawRefs.length,
				});
			}
			for (const ref of rawRefs) {
				const data = typeof ref === 'string' ? DATA_URL.exec(ref) : null;
				if (data) {
					references.push({ kind: 'data', mime: data[1].toLowerCase(), bytes: Buffer.from(data[2], 'base64') });
				} else if (typeof ref === 'string' && /^https?:\/\/[^\s/]+/i.test(ref)) {
					references.push({ kind: 'url', url: ref });
				} else {
					return fail(400, 'invalid_reference_url', 'Reference images must be public http(s) URLs or data:image/...;base64 data', {
						received: typeof ref === 'string' ? ref.slice(0, 100) : typeof ref,
					});
				}
			}
		}

		const cost = json.credits_per_generation;
		const available = auth.kind === 'apiKey' ? credits.purchased : credits.daily + credits.purchased;
		if (cost > available) {
			return fail(402, 'insufficient_credits', 'Not enough credits for this generation', { required: cost, available });
		}
		const fromDaily = auth.kind === 'session' ? Math.min(credits.daily, cost) : 0;
		credits.daily -= fromDaily;
		credits.purchased -= cost - fromDaily;

		const job: FakeJob = {
			id: randomUUID(),
			prompt,
			modelId,
			mediaType: json.media_type,
			aspectRatio,
			idempotencyKey: key,
			body,
			referenceImages: references,
			createdAt: Date.now(),
			durationMs: durations[modelId] ?? model.durationMs,
			outcome: prompt.includes('[fail]') ? 'fail' : prompt.includes('[never]') ? 'never' : 'complete',
			status: 'processing',
			creditsUsed: cost,
			charged: { daily: fromDaily, purchased: cost - fromDaily },
			creditsStatus: 'pending',
			mediaUrls: [],
			dedupeCount: 0,
			auth: auth.kind,
			tokenId: auth.kind === 'apiKey' ? auth.tokenId : undefined,
		};
		jobs.set(job.id, job);
		if (key) byKey.set(key, { jobId: job.id, fingerprint, requestId: `req_${randomBytes(8).toString('hex')}` });
		if (job.outcome !== 'never') later(job.durationMs, () => finish(job));
		return { status: 200, body: submitAnswer(job, false) };
	}

	function submitAnswer(job: FakeJob, deduped: boolean): Record<string, unknown> {
		return {
			success: true,
			generationId: job.id,
			status: 'processing',
			creditsUsed: job.creditsUsed,
			modelId: job.modelId,
			aspectRatio: job.aspectRatio,
			...(deduped ? { deduped: true } : {}),
			credits: { daily: credits.daily, purchased: credits.purchased, unlimited: false },
		};
	}

	function tokensRoute(req: IncomingMessage, method: string, parts: string[], body: unknown): Reply {
		const auth = authenticate(req);
		if (!auth) return unauthorized();
		if (auth.kind === 'apiKey') return fail(403, 'session_required', 'API keys cannot manage tokens. Use a session token.');
		const [, id, sub] = parts; // ['tokens', id?, 'usage'?]
		if (!id && method === 'GET') {
			return {
				status: 200,
				body: tokens.map(({ token, ...rest }) => ({ ...rest, token_value: `${token.slice(0, 14)}...****` })),
			};
		}
		if (!id && method === 'POST') {
			const name = isRecord(body) && typeof body.name === 'string' ? body.name.trim() : '';
			if (!name) return fail(400, 'missing_name', 'Token name is required');
			if (tokens.filter((t) => t.is_active).length >= MAX_ACTIVE_TOKENS) {
				return fail(400, 'token_limit_reached', `You can have at most ${MAX_ACTIVE_TOKENS} active API keys`);
			}
			const record: TokenRecord = {
				id: randomUUID(),
				token: `meigen_sk_${randomBytes(24).toString('base64url').slice(0, 32)}`,
				name,
				is_active: true,
				last_used_at: null,
				created_at: new Date().toISOString(),
			};
			tokens.push(record);
			return { status: 200, body: { id: record.id, token: record.token, name: record.name, created_at: record.created_at } };
		}
		const record = tokens.find((t) => t.id === id);
		if (!record) return fail(404, 'not_found', 'Token not found');
		if (!sub && method === 'DELETE') {
			record.is_active = false;
			return { status: 200, body: { success: true } };
		}
		if (sub === 'usage' && method === 'GET') {
			const generations = [...jobs.values()]
				.filter((j) => j.tokenId === id)
				.map((j) => ({ id: j.id, model: j.modelId, credits_used: j.creditsUsed, status: j.status, created_at: new Date(j.createdAt).toISOString() }));
			return { status: 200, body: { generations } };
		}
		return fail(405, 'method_not_allowed', 'Method not allowed');
	}

	function imageRecord(id: string): Reply {
		const rec = GALLERY.find((g) => g.id === id);
		if (!rec) return fail(404, undefined, 'Image not found');
		const urls = Array.from({ length: rec.images }, (_, n) => `${cdnUrl}/media/${rec.id}/${n}.png`);
		if (rec.legacy) {
			return {
				status: 200,
				body: { id: rec.id, status: 'completed', imageUrl: urls[0], prompt: rec.prompt, model: rec.model, aspectRatio: '1:1', createdAt: rec.createdAt },
			};
		}
		return {
			status: 200,
			body: {
				success: true,
				data: {
					id: rec.id,
					prompt: rec.prompt,
					media_urls: urls,
					thumbnail_url: `${urls[0]}?w=256`,
					image_width: 8,
					image_height: 8,
					model: rec.model,
					created_at: rec.createdAt,
					likes_count: 3,
					author: { username: 'tester' },
				},
			},
		};
	}

	/** Maps a request to its fault route and handler. */
	function routeApi(req: IncomingMessage, url: URL, body: unknown): { route: FaultRoute | undefined; handle: () => Reply } {
		const method = req.method ?? 'GET';
		const path = url.pathname.replace(/\/+$/, '');
		if (!path.startsWith('/api/')) return { route: undefined, handle: () => fail(404, 'not_found', 'Not found') };
		const parts = path.slice('/api/'.length).split('/').map(decodeURIComponent);

		if (parts[0] === 'models' && parts.length === 1 && method === 'GET') {
			return {
				route: 'models',
				handle: () => {
					const mediaType = url.searchParams.get('media_type');
					const includeInactive = url.searchParams.get('active') === 'false';
					const models: ModelJson[] = catalogue
						.filter((m) => includeInactive || m.json.is_active)
						.filter((m) => !mediaType || m.json.media_type === mediaType)
						.map((m) => m.json);
					return { status: 200, body: { success: true, models, cachedAt: new Date().toISOString() } };
				},
			};
		}
		if (parts[0] === 'generate' && parts[1] === 'v2') {
			if (parts.length === 2 && method === 'POST') return { route: 'submit', handle: () => submit(req, body) };
			if (parts[2] === 'status' && parts.length === 4 && method === 'GET') {
				return {
					route: 'status',
					handle: () => {
						if (!authenticate(req)) return unauthorized();
						const job = jobs.get(parts[3]);
						return job ? { status: 200, body: statusFields(job) } : fail(404, 'not_found', 'Generation not found');
					},
				};
			}
			if (parts[2] === 'requests' && parts.length === 4 && method === 'GET') {
				return {
					route: 'requests',
					handle: () => {
						if (!authenticate(req)) return unauthorized();
						const seen = byKey.get(parts[3]);
						const job = seen && jobs.get(seen.jobId);
						if (!seen || !job) return fail(404, 'request_not_found', 'No request was submitted under this idempotency key');
						return {
							status: 200,
							body: { ...statusFields(job), requestId: seen.requestId, generationId: job.id, deduped: job.dedupeCount > 0 },
						};
					},
				};
			}
		}
		if (parts[0] === 'images' && parts.length === 2 && method === 'GET') {
			return { route: 'images', handle: () => imageRecord(parts[1]) };
		}
		if (parts[0] === 'tokens' && parts.length <= 3) {
			return { route: 'tokens', handle: () => tokensRoute(req, method, parts, body) };
		}
		return { route: undefined, handle: () => fail(404, 'not_found', 'Not found') };
	}

	function takeFault(route: FaultRoute | undefined, isCdn: boolean): Fault | undefined {
		if (!route) return undefined;
		const index = faults.findIndex((f) => f.route === route || (f.route === 'any' && !isCdn));
		if (index < 0) return undefined;
		const fault = faults[index];
		fault.left--;
		if (fault.left <= 0) faults.splice(index, 1);
		return fault;
	}

	function sendJson(res: ServerResponse, rec: RecordedRequest, reply: Reply): void {
		const text = JSON.stringify(reply.body);
		rec.status = reply.status;
		res.writeHead(reply.status, {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Length': Buffer.byteLength(text),
			...reply.headers,
		});
		res.end(text);
	}

	/** Applies a fault. Returns false when it only delays (the caller answers normally). */
	function applyFault(fault: Fault, res: ServerResponse, rec: RecordedRequest, normal: () => Reply): boolean {
		const kind = fault.kind ?? (fault.status ? 'status' : undefined);
		if (!kind) return false;
		rec.fault = kind;
		if (kind === 'drop') {
			rec.status = 0;
			res.socket?.destroy();
			return true;
		}
		if (kind === 'redirect') {
			rec.status = fault.status ?? 302;
			res.writeHead(rec.status, { Location: fault.location ?? 'file:///etc/passwd', 'Content-Length': 0 });
			res.end();
			return true;
		}
		if (kind === 'truncate') {
			const text = JSON.stringify(normal().body);
			rec.status = 200;
			res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
			res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
			return true;
		}
		const status = fault.status ?? 500;
		const headers: Record<string, string> = { ...fault.headers };
		if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
		const body = fault.body ?? { success: false, error: http.STATUS_CODES[status] ?? 'Error', code: `http_${status}` };
		sendJson(res, rec, { status, body, headers });
		return true;
	}

	async function onApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const time = Date.now();
		const rawBody = await readBody(req);
		let body: unknown;
		try {
			body = rawBody ? JSON.parse(rawBody) : undefined;
		} catch {
			body = undefined;
		}
		const rec: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, rawBody, time };
		requests.push(rec);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const { route, handle } = routeApi(req, url, body);
		const fault = takeFault(route, false);
		if (fault?.delayMs) await sleep(fault.delayMs);
		if (res.destroyed) return;
		if (fault && !fault.afterProcessing && applyFault(fault, res, rec, handle)) return;
		const reply = handle();
		if (fault?.afterProcessing && applyFault(fault, res, rec, () => reply)) return;
		sendJson(res, rec, reply);
	}

	/** What the CDN holds at a path: media of completed jobs and of gallery records. */
	function mediaAt(pathname: string): { id: string; n: number; kind: MediaKind; size: number } | undefined {
		const m = /^\/media\/([^/]+)\/(\d+)\.(png|mp4)$/.exec(pathname);
		if (!m) return undefined;
		const [, id, nText, ext] = m;
		const n = Number(nText);
		const kind = ext as MediaKind;
		const job = jobs.get(id);
		if (job) {
			const expected = job.mediaType === 'video' ? 'mp4' : 'png';
			if (job.status !== 'completed' || kind !== expected || n >= job.mediaUrls.length) return undefined;
			return { id, n, kind, size: mediaSize(id, n, kind, job.videoBytes ?? videoBytes) };
		}
		const rec = GALLERY.find((g) => g.id === id);
		if (rec && kind === 'png' && n < rec.images) return { id, n, kind, size: mediaSize(id, n, kind) };
		return undefined;
	}

	async function onCdn(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const time = Date.now();
		const rawBody = await readBody(req);
		const rec: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: undefined, rawBody, time };
		cdnRequests.push(rec);
		const url = new URL(req.url ?? '/', 'http://127.0.0.2');
		const fault = takeFault('media', true);
		if (fault?.delayMs) await sleep(fault.delayMs);
		if (res.destroyed) return;
		const media = req.method === 'GET' || req.method === 'HEAD' ? mediaAt(url.pathname) : undefined;
		const notFound = (): Reply => ({ status: 404, body: { error: 'Not found' } });
		if (fault && fault.kind !== 'truncate' && applyFault(fault, res, rec, notFound)) return;
		if (!media) {
			sendJson(res, rec, notFound());
			return;
		}
		rec.status = 200;
		res.writeHead(200, {
			'Content-Type': MIME[media.kind],
			'Content-Length': media.size,
			'Cache-Control': 'public, max-age=31536000, immutable',
		});
		if (req.method === 'HEAD') {
			res.end();
			return;
		}
		const chunks = mediaChunks(media.id, media.n, media.kind, media.size);
		if (fault?.kind === 'truncate') {
			rec.fault = 'truncate';
			let sent = 0;
			for (const chunk of chunks) {
				const part = chunk.subarray(0, Math.max(0, Math.floor(media.size / 2) - sent));
				if (part.length) res.write(part);
				sent += part.length;
				if (sent >= Math.floor(media.size / 2)) break;
			}
			res.socket?.destroy();
			return;
		}
		// Readable.from pulls from the generator as the socket drains: never the whole file in memory.
		Readable.from(chunks).pipe(res);
	}

	const guard =
		(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) =>
		(req: IncomingMessage, res: ServerResponse): void => {
			handler(req, res).catch((error: Error) => {
				if (!res.headersSent) {
					res.writeHead(500, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify({ success: false, error: `fake server bug: ${error.message}` }));
				} else res.destroy();
			});
		};

	const api = http.createServer(guard(onApi));
	const cdn = http.createServer(guard(onCdn));
	// Keep-alive sockets would hold close() open; we close them ourselves.
	api.keepAliveTimeout = 1000;
	cdn.keepAliveTimeout = 1000;
	const apiPort = await listen(api, '127.0.0.1');
	const cdnPort = await listen(cdn, '127.0.0.2');
	cdnUrl = `http://127.0.0.2:${cdnPort}`;

	const fake: FakeMeiGen = {
		apiUrl: `http://127.0.0.1:${apiPort}/api`,
		cdnUrl,
		requests,
		cdnRequests,
		jobs,
		credits,
		models: catalogue,
		chargedJobs: () => [...jobs.values()].filter((j) => j.creditsUsed > 0).length,
		inject: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
		setJobDuration: (modelId, ms) => {
			durations[modelId] = ms;
		},
		setVideoBytes: (bytes) => {
			videoBytes = bytes;
		},
		requestsTo: (method, prefix) =>
			requests.filter((r) => r.method === method && (r.path.split('?')[0] ?? '').startsWith(prefix.startsWith('/api') ? prefix : `/api${prefix}`)),
		reset: () => {
			for (const t of timers) clearTimeout(t);
			timers.clear();
			requests.length = 0;
			cdnRequests.length = 0;
			jobs.clear();
			byKey.clear();
			faults.length = 0;
			Object.assign(credits, initialCredits);
			durations = { ...opts.jobDurations };
			videoBytes = opts.videoBytes ?? DEFAULT_VIDEO_BYTES;
			tokens = seedTokens();
		},
		close: async () => {
			for (const t of timers) clearTimeout(t);
			timers.clear();
			const closing = [api, cdn].map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
			api.closeAllConnections();
			cdn.closeAllConnections();
			await Promise.all(closing);
		},
	};
	return fake;
}
