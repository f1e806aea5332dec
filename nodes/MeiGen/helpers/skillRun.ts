import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { waitDeadline } from './deadlines';
import { itemRequestId } from './idempotency';
import type { SkillId, SkillStatusResponse } from './interfaces';
import { logJob, type JobRef } from './job';
import { inputError } from './nodeErrors';
import { readWaitOptions } from './options';
import { followJob, withJobErrors } from './paidJob';
import type { CallOptions } from './retry';
import type { RunState } from './runState';
import { entryId, pricePerImage } from './skillCatalog';
import { skillApiError } from './skillErrors';
import {
	imageIdentity,
	prepareSkillImage,
	type SkillImage,
	type UploadPurpose,
} from './skillImages';
import { receiptOfRun, skillOutcome } from './skillResult';
import { findSkillReceipt, submitSkill, skillWatch } from './skills';

/** A Skill run as an operation reads it from the item: fields, images, and how it is priced. */
export interface SkillRequest {
	skill: SkillId;
	/** The run body's fields, images aside */
	fields: IDataObject;
	/** Body field → its image, or its list of images */
	images: Record<string, SkillImage | SkillImage[]>;
	purpose: UploadPurpose;
	/** White-bg prices may differ by mode and quality */
	priceVariant?: { mode?: string; quality?: string };
}

/** MeiGen recommends polling Skills every 10 s. */
const SKILL_POLL_SECONDS = 10;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

/** The catalog's current price of an upscale, confirmed with the run so a price rise charges nothing. */
async function confirmedCredits(run: RunState, request: SkillRequest): Promise<number | undefined> {
	const entry = (await run.skillCatalog())?.find(
		(candidate) => entryId(candidate) === request.skill,
	);
	const price = pricePerImage(entry, request.priceVariant);
	return price === undefined ? undefined : Math.ceil(price);
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
): Promise<INodeExecutionData[]> {
	const startedAt = Date.now();
	const wait = context.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	const options = readWaitOptions(context, itemIndex, { pollIntervalSeconds: SKILL_POLL_SECONDS });
	if (options.idempotencyKey && !UUID.test(options.idempotencyKey)) {
		throw inputError(
			context.getNode(),
			itemIndex,
			`Request ID is not a UUID: ${options.idempotencyKey.slice(0, 100)}`,
			'MeiGen takes a UUID as request ID, e.g. 3f0b9a52-1c4e-4d8e-9a51-2f7f5c0e6b1d. Clear Options → Request ID to let the node derive one.',
		);
	}
	const images = Object.fromEntries(
		Object.entries(request.images).map(([field, value]) => [
			field,
			Array.isArray(value) ? value.map(imageIdentity) : imageIdentity(value),
		]),
	);
	const requestId =
		options.idempotencyKey ??
		itemRequestId(context, itemIndex, { skill: request.skill, fields: request.fields, images });
	const job: JobRef & { skill: SkillId; requestId: string } = { skill: request.skill, requestId };
	const { signal } = run;
	const deadline = waitDeadline(
		context,
		{ startedAt, nodeStartedAt: run.startedAt },
		options.waitTimeout,
		undefined,
	);
	const call = { deadline: deadline.at, signal };

	const work = async () => {
		// Retry On Fail or a rerun of the same input: the job may exist already; continue it.
		let initial: SkillStatusResponse | undefined = await findSkillReceipt(
			context,
			request.skill,
			requestId,
			itemIndex,
			call,
		);
		if (initial) {
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
			if (request.skill === 'upscale') {
				const price = await confirmedCredits(run, request);
				if (price !== undefined) body.confirmedCredits = price;
			}
			const submitted = await submitSkill(context, request.skill, body, itemIndex, {
				...call,
				pacer: run.pacer,
			});
			job.generationId = submitted.run?.generationId;
			initial = submitted.receipt ??
				(submitted.run && receiptOfRun(submitted.run)) ?? {
					status: 'processing',
					items: submitted.run?.items ?? [],
				};
			logJob(context, 'info', 'submitted a paid Skill job', job);
		}
		job.generationId ??= initial.items?.find((item) => item.generationId)?.generationId;
		return await followJob(
			context,
			itemIndex,
			skillWatch(context, job, itemIndex),
			(status) => skillOutcome(context.getNode(), itemIndex, status, job),
			{ wait, initial, options, deadline, signal, startedAt: Date.now() },
		);
	};
	return await withJobErrors(context, itemIndex, job, work, {
		signal,
		describe: (error) => skillApiError(context.getNode(), error, itemIndex, job),
	});
}
