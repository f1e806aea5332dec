/**
 * What the fake remembers of Skills and how a run lives (API reference, Part 2): receipts by
 * request ID (accepted runs and refusals), their items (one per output image) finishing, failing
 * with a refund, or never finishing; prices as the catalog shows them and as a run is charged.
 *
 * Markers in a run's inputs (any text or URL field) steer its items: `[fail]` fails every item,
 * `[fail:<module>]` one product-detail module, `[never]` keeps them processing, `[gone]` makes its
 * receipt answer 410, `[async]` makes a cut-out asynchronous.
 */
import { randomUUID } from 'node:crypto';

import type { FakeState } from './state';
import { buildSkillCatalogue, type SkillId, type SkillSpec } from './skillCatalogue';
import type { FakeUpload } from './skillUploads';

export const FAILED_MODULE_ERROR = 'The image could not be generated';

export interface FakeSkillItem {
	generationId: string;
	module?: string;
	status: 'processing' | 'completed' | 'failed';
	outcome: 'complete' | 'fail' | 'never';
	imageUrls: string[];
	error?: string;
	creditsUsed: number;
	creditsStatus: 'pending' | 'confirmed' | 'refunded';
}

/** A receipt: what a run request under one request ID left behind. */
export interface FakeSkillRun {
	skill: SkillId;
	requestId: string;
	/** The run body as received */
	body: Record<string, unknown>;
	/** The normalized inputs, key order independent: what "the same inputs" means */
	fingerprint: string;
	inputs: Record<string, unknown>;
	tokenId?: string;
	createdAt: number;
	/** The answer the run got; the same inputs again get it again (a replay) */
	answer: { status: number; body: Record<string, unknown> };
	/** A refusal kept as a receipt (402, 409 price_changed / upscale_resize_required): no items */
	refused: boolean;
	/**
	 * Cut off before it became a job (503 `request_interrupted`): nothing charged, and its receipt
	 * says it may be sent again with the same request ID and its `retryParameters`
	 */
	interrupted?: boolean;
	items: FakeSkillItem[];
	/** Times the same request was answered from this receipt */
	replays: number;
	/** `[gone]`: its status answers 410 generation_unavailable */
	gone: boolean;
}

/** Credits the Skills took, for "charged once" and "nothing charged". */
export interface SkillCharges {
	/** Runs that charged anything */
	runs: number;
	/** Credits charged, refunds not subtracted */
	credits: number;
	refunded: number;
}

export type PricingTarget = 'both' | 'catalog' | 'live';

export class SkillState {
	readonly specs: SkillSpec[] = buildSkillCatalogue();
	/** By request ID */
	readonly runs = new Map<string, FakeSkillRun>();
	/** By upload ID */
	readonly uploads = new Map<string, FakeUpload>();
	/** What runs are charged */
	livePricing: Record<string, unknown> = {};
	/** What GET /api/skills shows (MeiGen caches it up to 5 minutes, so it can lag behind) */
	catalogPricing: Record<string, unknown> = {};
	durations: Partial<Record<SkillId, number>> = {};
	/** Runs still to be cut off before they become a job (503 `request_interrupted`) */
	interruptions = 0;

	constructor() {
		this.reset();
	}

	reset(): void {
		this.runs.clear();
		this.uploads.clear();
		this.livePricing = Object.fromEntries(this.specs.map((spec) => [spec.id, spec.pricing]));
		this.catalogPricing = { ...this.livePricing };
		this.durations = {};
		this.interruptions = 0;
	}

	spec(id: string | undefined): SkillSpec | undefined {
		return this.specs.find((spec) => spec.id === id);
	}

	setPricing(skill: SkillId, pricing: unknown, target: PricingTarget = 'both'): void {
		if (target !== 'live') this.catalogPricing[skill] = pricing;
		if (target !== 'catalog') this.livePricing[skill] = pricing;
	}

	charges(): SkillCharges {
		const items = [...this.runs.values()].flatMap((run) => run.items);
		return {
			runs: [...this.runs.values()].filter((run) => run.items.some((i) => i.creditsUsed > 0))
				.length,
			credits: items.reduce((sum, item) => sum + item.creditsUsed, 0),
			refunded: items
				.filter((item) => item.creditsStatus === 'refunded')
				.reduce((sum, item) => sum + item.creditsUsed, 0),
		};
	}

	/** The completed item whose media the CDN serves under /media/<generationId>/. */
	completedItem(generationId: string): FakeSkillItem | undefined {
		for (const run of this.runs.values()) {
			const item = run.items.find((i) => i.generationId === generationId);
			if (item) return item.status === 'completed' ? item : undefined;
		}
		return undefined;
	}

	upload(url: string, cdnUrl: string): FakeUpload | undefined {
		const match = /^\/uploads\/([0-9a-f-]+)\.[a-z]+$/.exec(url.slice(cdnUrl.length));
		return url.startsWith(`${cdnUrl}/`) && match ? this.uploads.get(match[1]) : undefined;
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function credits(value: unknown): number | undefined {
	if (typeof value === 'number') return value;
	if (!isRecord(value)) return undefined;
	const nested = value.credits ?? value.perImage;
	return typeof nested === 'number' ? nested : undefined;
}

/** The fake's own reading of its pricing shapes: credits for one image of this run. */
function readPrice(pricing: unknown, inputs: Record<string, unknown>): number | undefined {
	const flat = credits(pricing);
	if (flat !== undefined || !isRecord(pricing)) return flat;
	const byMode = pricing[String(inputs.mode)];
	if (isRecord(byMode) && typeof byMode[String(inputs.quality)] === 'number')
		return byMode[String(inputs.quality)] as number;
	return credits(byMode);
}

/** What one output image of this run costs now; a price set unreadable falls back to the default. */
export function unitPrice(
	skills: SkillState,
	spec: SkillSpec,
	inputs: Record<string, unknown>,
): number {
	return readPrice(skills.livePricing[spec.id], inputs) ?? readPrice(spec.pricing, inputs) ?? 0;
}

function markers(body: Record<string, unknown>): string {
	const text = JSON.stringify(body);
	try {
		return `${text} ${decodeURIComponent(text)}`;
	} catch {
		return text;
	}
}

export function hasMarker(body: Record<string, unknown>, marker: string): boolean {
	return markers(body).includes(`[${marker}]`);
}

/** The names of a run's output images: product-detail's modules then custom modules; else one. */
function moduleNames(spec: SkillSpec, inputs: Record<string, unknown>): Array<string | undefined> {
	if (spec.id !== 'product-detail') return [undefined];
	const modules = (inputs.modules as string[] | undefined) ?? [];
	const custom = ((inputs.customModules as Array<{ name: string }> | undefined) ?? []).map(
		(module) => module.name,
	);
	return [...modules, ...custom];
}

function outcomeOf(body: Record<string, unknown>, module?: string): FakeSkillItem['outcome'] {
	if (hasMarker(body, 'never')) return 'never';
	if (hasMarker(body, 'fail') || (module && hasMarker(body, `fail:${module}`))) return 'fail';
	return 'complete';
}

function finishItem(state: FakeState, item: FakeSkillItem): void {
	if (item.status !== 'processing') return;
	if (item.outcome === 'fail') {
		item.status = 'failed';
		item.error = FAILED_MODULE_ERROR;
		item.creditsStatus = 'refunded';
		state.credits.purchased += item.creditsUsed;
		return;
	}
	item.status = 'completed';
	item.creditsStatus = 'confirmed';
	item.imageUrls = [`${state.cdnUrl}/media/${item.generationId}/0.png`];
}

/** Charges a run (purchased credits only) and starts its items; remove-bg finishes at once. */
export function startRun(
	state: FakeState,
	spec: SkillSpec,
	run: Omit<FakeSkillRun, 'items' | 'answer' | 'refused' | 'replays' | 'gone'>,
	price: number,
): FakeSkillRun {
	const { body, inputs } = run;
	const items: FakeSkillItem[] = moduleNames(spec, inputs).map((module) => ({
		generationId: randomUUID(),
		...(module ? { module } : {}),
		status: 'processing',
		outcome: outcomeOf(body, module),
		imageUrls: [],
		creditsUsed: price,
		creditsStatus: 'pending',
	}));
	state.credits.purchased -= price * items.length;
	const sync =
		spec.id === 'remove-bg' && !hasMarker(body, 'async') && items[0].outcome === 'complete';
	const duration = state.skills.durations[spec.id] ?? spec.durationMs;
	for (const [index, item] of items.entries()) {
		if (sync) finishItem(state, item);
		else if (item.outcome !== 'never')
			state.later(duration + index * 20, () => finishItem(state, item));
	}
	const first = items[0];
	const answer: Record<string, unknown> = sync
		? { success: true, imageUrl: first.imageUrls[0], charged: price }
		: spec.id === 'product-detail'
			? {
					success: true,
					requestId: run.requestId,
					items: items.map((item) => ({
						generationId: item.generationId,
						module: item.module,
						status: 'processing',
					})),
					expectedCount: items.length,
				}
			: { success: true, requestId: run.requestId, generationId: first.generationId };
	const stored: FakeSkillRun = {
		...run,
		items,
		answer: { status: 200, body: answer },
		refused: false,
		replays: 0,
		gone: hasMarker(body, 'gone'),
	};
	state.skills.runs.set(run.requestId, stored);
	return stored;
}

/** A run cut off before it became a job: its receipt invites the same request again. */
export function interruptRun(
	state: FakeState,
	run: Omit<FakeSkillRun, 'items' | 'answer' | 'refused' | 'replays' | 'gone'>,
): { status: number; body: Record<string, unknown> } {
	const answer = {
		status: 503,
		body: {
			success: false,
			code: 'request_interrupted',
			error: 'The request was interrupted; check its status before sending it again',
		},
	};
	state.skills.runs.set(run.requestId, {
		...run,
		items: [],
		answer,
		refused: false,
		interrupted: true,
		replays: 0,
		gone: false,
	});
	return answer;
}

/** A refusal MeiGen keeps as a receipt: the same request again gets the same answer. */
export function refuseRun(
	state: FakeState,
	run: Omit<FakeSkillRun, 'items' | 'answer' | 'refused' | 'replays' | 'gone'>,
	status: number,
	body: Record<string, unknown>,
): void {
	state.skills.runs.set(run.requestId, {
		...run,
		items: [],
		answer: { status, body: { ...body, batchId: randomUUID() } },
		refused: true,
		replays: 0,
		gone: false,
	});
}

export function runStatus(run: FakeSkillRun): 'processing' | 'completed' | 'partial' | 'failed' {
	if (run.refused || run.interrupted) return 'failed';
	if (run.items.some((item) => item.status === 'processing')) return 'processing';
	const completed = run.items.filter((item) => item.status === 'completed').length;
	if (completed === run.items.length) return 'completed';
	return completed ? 'partial' : 'failed';
}

/**
 * GET /api/skills/status: the receipt and its results. `submission` is the original submission's
 * answer, not its request; the original inputs (with the URLs they were sent with) come as
 * `retryParameters`, only when the run may be sent again.
 */
export function receiptFields(run: FakeSkillRun): Record<string, unknown> {
	const status = runStatus(run);
	const cutout = run.skill === 'remove-bg' && status === 'completed';
	const retryable = run.interrupted === true;
	return {
		success: true,
		skill: run.skill,
		requestId: run.requestId,
		status,
		submissionStatus: run.refused ? 'rejected' : run.interrupted ? 'interrupted' : 'accepted',
		submissionHttpStatus: run.answer.status,
		submission: run.answer.body,
		items: run.items.map((item) => ({
			generationId: item.generationId,
			module: item.module ?? null,
			status: item.status,
			imageUrls: item.imageUrls,
			error: item.error ?? null,
			creditsUsed: item.creditsUsed,
			creditsStatus: item.creditsStatus,
		})),
		...(cutout ? { imageUrl: run.items[0].imageUrls[0] } : {}),
		retryable,
		...(retryable ? { retryParameters: { ...run.body } } : {}),
		...(run.refused ? { batchId: run.answer.body.batchId } : {}),
	};
}
