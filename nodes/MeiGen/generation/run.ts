import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RunState } from '../execution/itemLoop';
import { ApiError } from '../transport/errors';
import { JobSession, type ItemResult } from '../jobs/job';
import { logJob, requestIdFor, type JobRef } from '../jobs/jobRef';
import { checkAgainSeconds } from '../jobs/pace';
import { dropEmpty } from '../util/records';
import type { ReferenceMedia } from '../media/referenceMedia';
import { uploadReferenceMedia } from '../media/referenceUpload';
import { quoteGeneration } from '../pricing/quote';
import type { SubmitFields, SubmitResponse } from '../types';
import { findGenerationRequest, submitGeneration } from './api';
import { estimate } from './estimate';
import { generationKind } from './kind';
import { buildGenerateRequest } from './request';
import { readBoolean } from '../params/read';

/**
 * One Image → Generate item, the paid-job life cycle of a generation: the request built and
 * checked, priced and reserved against Max Credits, references uploaded (a job that exists under
 * the request ID is continued instead), submitted with the idempotency key, waited for, output.
 */

/**
 * Without waiting: the submitted job, less `success`; the balance MeiGen returned as
 * creditsBalance. Empty fields are left out: n8n 1.x retries a node whose first item has an
 * `error` field, even a null one.
 */
function submittedJob(submitted: SubmitResponse, extra: IDataObject): IDataObject {
	const job: IDataObject = { ...submitted, generationId: submitted.generationId, ...extra };
	delete job.success;
	delete job.credits;
	return dropEmpty(job);
}

/** What keys the request: the body, with references by content (an upload's URL changes). */
function identityOf(body: SubmitFields, media: ReferenceMedia[]): SubmitFields {
	const identity: SubmitFields = { ...body };
	const videos = media.filter((entry) => entry.kind === 'video').map((entry) => entry.identity);
	const audios = media.filter((entry) => entry.kind === 'audio').map((entry) => entry.identity);
	if (videos.length) identity.referenceVideos = videos;
	if (audios.length) identity.referenceAudios = audios;
	return identity;
}

export async function runGeneration(
	context: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
): Promise<ItemResult> {
	// Every value of the item is read before any request: a wrong one costs nothing.
	const estimateOnly = readBoolean(context, 'estimateOnly', itemIndex, false);
	const wait = readBoolean(context, 'waitForCompletion', itemIndex, true);
	const job: JobRef = {};
	const session = new JobSession(context, itemIndex, generationKind, job, run);
	const { options, call } = session;
	const { body, model, media } = await buildGenerateRequest(context, itemIndex, run);
	const referenceVideoSeconds = media.flatMap((entry) =>
		entry.kind === 'video' ? [entry.seconds] : [],
	);
	const quote = model ? quoteGeneration(model, body, { referenceVideoSeconds }) : undefined;
	const modelId = String(body.modelId ?? '');
	if (estimateOnly) return { items: [{ json: estimate(modelId, body.prompt, quote) }] };
	job.modelId = modelId;
	const requestId = requestIdFor(context, itemIndex, identityOf(body, media), {
		given: options.idempotencyKey,
		label: 'Request ID',
		oncePerInput: options.oncePerInput,
	});
	job.requestId = requestId;
	// Reserved before anything is sent, so Max Credits holds at any concurrency.
	const reservation = run.budget.reserve(context.getNode(), itemIndex, quote?.credits);

	const uploaded: string[] = [];
	/** How far the item got: before the submit, no job exists; after its answer, MeiGen took it */
	let phase: 'upload' | 'submit' | 'job' = 'upload';
	let uploading: string | undefined;

	const work = async () => {
		// Uploads give a file a new URL each time: before uploading again (Retry On Fail, a rerun
		// with Pay Once per Input), a job that exists under this request ID is continued instead.
		const uploads = media.some((entry) => entry.source.type !== 'hosted');
		const existing = uploads ? await findGenerationRequest(context, requestId, call) : undefined;
		if (existing) {
			reservation.release();
			phase = 'job';
			job.generationId = existing.generationId;
			logJob(context, 'info', 'continuing the job already submitted under this request ID', job);
			return await session.follow({ wait, initial: existing, extra: { prompt: body.prompt } });
		}
		// Each clip's URL on MeiGen (videos, then audio), uploaded first where needed.
		const sent: { referenceVideos?: string[]; referenceAudios?: string[] } = {};
		for (const entry of media) {
			uploading = entry.name;
			const url = await uploadReferenceMedia(
				context,
				itemIndex,
				entry,
				modelId,
				options.maxDownloadBytes,
				call,
			);
			if (entry.source.type !== 'hosted') uploaded.push(`${entry.name} → ${url}`);
			uploading = undefined;
			(sent[entry.kind === 'video' ? 'referenceVideos' : 'referenceAudios'] ??= []).push(url);
		}
		// A submit whose answer was lost may still have made the job: the request ID finds it.
		phase = 'submit';
		let sends = 0;
		const { job: submitted, found } = await submitGeneration(
			context,
			{ ...body, ...sent, idempotencyKey: requestId },
			{
				...call,
				pacer: run.pacer,
				onSend: () => sends++,
				derivedKey: options.idempotencyKey === undefined,
			},
		).then(
			(answer) => answer,
			async (error: unknown) => {
				// A key already used: its job (found by a look-up) is the one to resume.
				if (error instanceof ApiError && error.body.generationId) {
					job.generationId = error.body.generationId;
				}
				return await Promise.reject(error);
			},
		);
		// Deduped at the first send: another item or run paid for this job, not this one. A job
		// found after a lost answer, or deduped after one, is this item's own, charged once.
		phase = 'job';
		reservation.settle(submitted.deduped && sends === 1 && !found ? 0 : submitted.creditsUsed);
		// The job's own clock starts now: time spent waiting for a submit slot is not job time.
		const submittedAt = Date.now();
		job.generationId = submitted.generationId;
		job.modelId = submitted.modelId ?? job.modelId;
		logJob(context, 'info', 'submitted a paid job', job);
		const extra: IDataObject = {
			prompt: body.prompt,
			creditsUsed: submitted.creditsUsed,
			creditsQuoted: quote?.credits,
			creditsBalance: submitted.credits,
			deduped: submitted.deduped,
		};
		if (!wait) {
			// MeiGen's estimate for the model (p90, as a status's expectedWaitSeconds) says when to look.
			const checkAgainInSeconds = checkAgainSeconds({
				estimateMs: (model?.estimatedTiming?.p90 ?? 0) * 1000 || undefined,
				elapsedMs: 0,
				intervalMs: options.pollIntervalMs,
				noProgress: false,
			});
			const json = submittedJob(submitted, { requestId, ...extra, checkAgainInSeconds });
			return { items: [{ json }] };
		}

		return await session.follow({ wait: true, initial: found, extra, startedAt: submittedAt });
	};
	return await session.run(work, {
		reservation,
		sent: () => phase !== 'upload',
		taken: () => phase === 'job',
		uploading: () => uploading,
		note: () =>
			uploaded.length
				? `Uploaded to MeiGen before this (kept 7 days): ${uploaded.join('; ')}.`
				: undefined,
	});
}
