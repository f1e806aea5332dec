import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { entryId, pricePerImage } from '../catalog/skills';
import { inputError } from '../errors/nodeErrors';
import type { RunState } from '../execution/itemLoop';
import { JobSession, type ItemResult } from '../jobs/job';
import { logJob, requestIdFor } from '../jobs/jobRef';
import { ApiError } from '../transport/errors';
import type { CallOptions } from '../transport/retry';
import type { SkillId, SkillStatusResponse } from '../types';
import { findSkillReceipt, resendable, submitSkill } from './api';
import { imageIdentity, prepareSkillImage, type SkillImage, type UploadPurpose } from './images';
import { skillKind, type SkillJob } from './kind';
import { receiptOfRun } from './result';
import { readBoolean } from '../params/read';
import { isRecord } from '../util/records';

/** A Skill run as an operation reads it from the item: fields, images, and how it is priced. */
export interface SkillRequest {
	skill: SkillId;
	/** The run body's fields, images aside */
	fields: IDataObject;
	/** Body field → its image, or its list of images */
	images: Record<string, SkillImage | SkillImage[]>;
	purpose: UploadPurpose;
	/** Images one run makes and charges for (Product Detail: one per module) */
	outputs: number;
	/** White-bg prices may differ by mode and quality */
	priceVariant?: { mode?: string; quality?: string };
}

/**
 * Whether a receipt belongs to this request. MeiGen gives the original inputs as
 * `retryParameters` (with the URLs it was sent): the same non-image fields and as many images
 * per field. Without them the receipt is trusted: MeiGen itself refuses a request ID that comes
 * back with other inputs (409 `idempotency_conflict`).
 */
function madeFrom(receipt: SkillStatusResponse, request: SkillRequest): boolean {
	const kept = receipt.retryParameters;
	if (!isRecord(kept)) return true;
	for (const [field, value] of Object.entries(request.fields)) {
		if (JSON.stringify(kept[field]) !== JSON.stringify(value)) return false;
	}
	for (const [field, value] of Object.entries(request.images)) {
		const count = Array.isArray(value) ? value.length : 1;
		const keptValue = kept[field];
		const keptCount = Array.isArray(keptValue) ? keptValue.length : keptValue ? 1 : 0;
		if (keptCount !== count) return false;
	}
	return true;
}

/** A given Request ID whose job was made from other inputs: MeiGen's idempotency conflict. */
function conflict(requestId: string): ApiError {
	return new ApiError(409, {
		code: 'idempotency_conflict',
		error: `Request ID ${requestId} was used for a Skill run with other inputs`,
	});
}

/** Estimate Only: the price and how it was worked out; nothing is sent or uploaded. */
function estimate(
	request: SkillRequest,
	price: number | undefined,
	quote: number | undefined,
): IDataObject {
	if (quote === undefined) {
		return {
			estimate: true,
			skill: request.skill,
			priceKnown: false,
			reason: "MeiGen's Skills catalog gives no price that can be read for this Skill",
		};
	}
	return {
		estimate: true,
		skill: request.skill,
		priceKnown: true,
		creditsQuoted: quote,
		pricing: {
			skill: request.skill,
			pricePerImage: price,
			images: request.outputs,
			...request.priceVariant,
		},
	};
}

/** MeiGen's limit on a run's body. */
export const MAX_RUN_BODY_BYTES = 32 * 1024;

/** A run body over MeiGen's limit fails here, before it is sent (and before any upload). */
function checkBodySize(
	context: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
	uploaded: boolean,
): void {
	const bytes = Buffer.byteLength(JSON.stringify(body));
	if (bytes <= MAX_RUN_BODY_BYTES) return;
	throw inputError(
		context.getNode(),
		itemIndex,
		`The Skill's inputs are ${(bytes / 1024).toFixed(1)} KB; MeiGen takes at most 32 KB in one run`,
		`Shorten the longest texts (e.g. Selling Points, Extra Requirements or custom modules)${uploaded ? '' : ', or give images as files instead of long URLs'}.`,
	);
}

/** What a body will weigh once its images are uploaded: their URLs, or room for one each. */
function plannedBody(request: SkillRequest): IDataObject {
	const room = 'https://images.meigen.ai/'.padEnd(160, 'x');
	const url = (image: SkillImage) => (image.kind === 'url' ? image.url : room);
	const images = Object.entries(request.images).map(([field, value]) => [
		field,
		Array.isArray(value) ? value.map(url) : url(value),
	]);
	return { ...request.fields, ...Object.fromEntries(images), requestId: room.slice(0, 36) };
}

async function prepareImages(
	context: IExecuteFunctions,
	request: SkillRequest,
	call: CallOptions,
): Promise<IDataObject> {
	const prepared: IDataObject = {};
	for (const [field, value] of Object.entries(request.images)) {
		const list = Array.isArray(value) ? value : [value];
		const urls: string[] = [];
		for (const image of list)
			urls.push(await prepareSkillImage(context, image, request.purpose, call));
		prepared[field] = Array.isArray(value) ? urls : urls[0];
	}
	return prepared;
}

/** The catalog's current price of one image of this Skill; undefined when it can't be read. */
async function imagePrice(run: RunState, request: SkillRequest): Promise<number | undefined> {
	const entry = (await run.skillCatalog())?.find(
		(candidate) => entryId(candidate) === request.skill,
	);
	return pricePerImage(entry, request.priceVariant);
}

/**
 * One Skill run, the paid-job life cycle of a generation applied to a Skill: a request ID derived
 * from the inputs (images by content, never by upload URL), the receipt checked before anything
 * is uploaded or paid for, then submit → wait → images.
 */
export async function runSkill(
	context: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
	request: SkillRequest,
): Promise<ItemResult> {
	const wait = readBoolean(context, 'waitForCompletion', itemIndex, true);
	const job: SkillJob = { skill: request.skill, requestId: '' };
	const session = new JobSession(context, itemIndex, skillKind, job, run);
	const { options, call } = session;
	const images = Object.fromEntries(
		Object.entries(request.images).map(([field, value]) => [
			field,
			Array.isArray(value) ? value.map(imageIdentity) : imageIdentity(value),
		]),
	);
	// A Request ID the user gave is checked before anything is read or sent.
	const requestId = requestIdFor(
		context,
		itemIndex,
		{ skill: request.skill, fields: request.fields, images },
		{ given: options.idempotencyKey, label: 'Request ID', oncePerInput: options.oncePerInput },
	);
	job.requestId = requestId;
	const price = await imagePrice(run, request);
	const quote = price === undefined ? undefined : price * request.outputs;
	if (readBoolean(context, 'estimateOnly', itemIndex, false)) {
		return { items: [{ json: estimate(request, price, quote) }] };
	}
	checkBodySize(context, itemIndex, plannedBody(request), false);
	const given = options.idempotencyKey !== undefined;
	/** Whether a run was sent (its job may exist), and whether MeiGen took it in */
	let sent = false;
	let accepted = false;
	// Reserved before anything is sent, so Max Credits holds at any concurrency.
	const reservation = run.budget.reserve(context.getNode(), itemIndex, quote);
	const extra: IDataObject = { creditsQuoted: quote };

	const submit = async (body: IDataObject) => {
		sent = true;
		const submitted = await submitSkill(context, request.skill, body, {
			...call,
			pacer: run.pacer,
		});
		if (submitted.receipt && given && !madeFrom(submitted.receipt, request)) {
			throw conflict(requestId);
		}
		accepted = true;
		reservation.settle(
			typeof submitted.run?.charged === 'number' ? submitted.run.charged : undefined,
		);
		job.generationId = submitted.run?.generationId;
		logJob(context, 'info', 'submitted a paid Skill job', job);
		return (
			submitted.receipt ??
			(submitted.run && receiptOfRun(submitted.run)) ?? {
				status: 'processing' as const,
				items: submitted.run?.items ?? [],
			}
		);
	};

	const work = async () => {
		// Retry On Fail or a rerun of the same input: the job may exist already; continue it.
		let initial = await findSkillReceipt(context, request.skill, requestId, call);
		// A given Request ID is the user's: its receipt is this item's job only if it was made
		// from these inputs (a derived ID already stands for them).
		if (initial && given && !madeFrom(initial, request)) throw conflict(requestId);
		const again = initial && resendable(initial);
		if (again) {
			// Its first try never became a job: sent again as MeiGen kept it, uploads included.
			initial = await submit({ ...again, requestId });
		} else if (initial) {
			sent = true;
			accepted = true;
			logJob(
				context,
				'info',
				'continuing the Skill job already submitted under this request ID',
				job,
			);
		} else {
			const body: IDataObject = {
				...request.fields,
				...(await prepareImages(context, request, call)),
				requestId,
			};
			// Upscale confirms the quoted price: a price rise is refused instead of charged.
			if (request.skill === 'upscale' && price !== undefined)
				body.confirmedCredits = Math.ceil(price);
			checkBodySize(context, itemIndex, body, true);
			initial = await submit(body);
		}
		job.generationId ??= initial.items?.find((item) => item.generationId)?.generationId;
		return await session.follow({ wait, initial, extra });
	};
	return await session.run(work, {
		reservation,
		sent: () => sent,
		// Before MeiGen took the run in, a refusal charged nothing; the error says so.
		taken: () => accepted,
	});
}
