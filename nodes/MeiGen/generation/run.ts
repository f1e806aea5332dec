import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { waitDeadline } from '../jobs/deadlines';
import { ApiError, CancelledError } from '../transport/errors';
import { buildGenerateRequest } from './request';
import { findGenerationRequest, generationWatch, submitGeneration } from './api';
import { generationOutcome } from './result';
import { requestIdFor } from '../jobs/requestId';
import type { MeiGenModel, StatusResponse, SubmitFields, SubmitResponse } from '../types';
import { logJob, type JobRef } from '../errors/jobRef';
import { toNodeError } from '../errors/nodeErrors';
import { readWaitOptions } from '../jobs/waitOptions';
import { followJob, withJobErrors } from '../jobs/paidJob';
import { quoteGeneration, type Quote } from '../pricing/quote';
import {
	checkClipLengths,
	inspectReferenceMedia,
	type ReferenceMedia,
	uploadReferenceMedia,
} from '../media/referenceMedia';
import type { RunState } from '../execution/runState';

/**
 * One Image → Generate item, the paid-job life cycle of a generation: the request built and
 * checked, priced and reserved against Max Credits, references uploaded (a job that exists under
 * the request ID is continued instead), submitted with the idempotency key, waited for, output.
 */

/** Without waiting: the submitted job, less `success`; the balance MeiGen returned as creditsBalance. */
function submittedJob(submitted: SubmitResponse, extra: IDataObject): IDataObject {
	const job: IDataObject = { ...submitted, generationId: submitted.generationId, ...extra };
	delete job.success;
	delete job.credits;
	return Object.fromEntries(Object.entries(job).filter(([, value]) => value !== undefined));
}

/**
 * Errors before a job exists: an upload that failed, or a submit MeiGen refused. Neither created
 * a job, so they say so instead of pointing at one to resume.
 */
function describeEarly(
	node: INode,
	error: unknown,
	itemIndex: number,
	phase: 'upload' | 'submit' | 'job',
	uploading: string,
): NodeApiError | NodeOperationError | undefined {
	if (error instanceof CancelledError || error instanceof NodeOperationError) return undefined;
	const account = error instanceof ApiError && [401, 402, 403].includes(error.statusCode);
	// The key or the account's credits: the usual explanation, without a job to resume.
	if (phase === 'upload' && account) return toNodeError(node, error, { itemIndex });
	if (phase === 'upload' && uploading) {
		const why = error instanceof Error ? error.message : String(error);
		return new NodeOperationError(
			node,
			`Uploading "${uploading}" to MeiGen's storage failed: ${why}`,
			{
				description:
					'The node tried again where that was safe. Nothing was submitted or charged for this item; run it again, or pass the file as a URL on MeiGen.',
				itemIndex,
			},
		);
	}
	const refused =
		error instanceof ApiError &&
		error.statusCode >= 400 &&
		error.statusCode < 500 &&
		![409, 429].includes(error.statusCode);
	// No job was created: no resume hint; the request ID is still attached to the error.
	return phase === 'submit' && refused ? toNodeError(node, error, { itemIndex }) : undefined;
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

/** The price; with reference videos only when every clip's length is known (MeiGen bills them). */
function quoteFor(model: MeiGenModel, body: SubmitFields, media: ReferenceMedia[]) {
	const clips = media.filter((entry) => entry.kind === 'video');
	if (!clips.length) return quoteGeneration(model, body);
	const seconds = clips.map((entry) => entry.seconds);
	if (seconds.some((value) => value === undefined)) return undefined;
	return quoteGeneration(model, body, { referenceVideoSeconds: seconds as number[] });
}

/** Estimate Only: the price and how it was worked out; nothing is sent. */
function estimate(modelId: string, prompt: string, quote: Quote | undefined): IDataObject {
	if (!quote) {
		return {
			estimate: true,
			modelId,
			prompt,
			priceKnown: false,
			reason: "MeiGen's price tables give no price for this model and these options",
		};
	}
	const { credits, ...pricing } = quote;
	return { estimate: true, modelId, prompt, priceKnown: true, creditsQuoted: credits, pricing };
}

export async function runGeneration(
	context: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
): Promise<INodeExecutionData[]> {
	const startedAt = Date.now();
	const { body, model, media } = await buildGenerateRequest(context, itemIndex, run);
	// Binary references are read once here: their hash keys the request, a clip's length prices it.
	for (const entry of media) await inspectReferenceMedia(context, itemIndex, entry);
	if (model) checkClipLengths(context.getNode(), itemIndex, model, media);
	const quote = model ? quoteFor(model, body, media) : undefined;
	const modelId = String(body.modelId ?? '');
	if (context.getNodeParameter('estimateOnly', itemIndex, false) === true) {
		return [{ json: estimate(modelId, body.prompt, quote) }];
	}
	const wait = context.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	const options = readWaitOptions(context, itemIndex);
	const requestId = requestIdFor(context, itemIndex, identityOf(body, media), {
		given: options.idempotencyKey,
		oncePerInput: options.oncePerInput,
	});
	const job: JobRef = { requestId, modelId };
	const { signal } = run;
	const deadline = waitDeadline(
		context,
		{ startedAt, nodeStartedAt: run.startedAt },
		options.waitTimeout,
	);
	// Reserved before anything is sent, so Max Credits holds at any concurrency.
	const reservation = run.budget().reserve(context.getNode(), itemIndex, quote?.credits);

	const call = { deadline: deadline.at, signal };
	const uploaded: string[] = [];
	/** How far the item got: an error before the submit was sent created no job */
	let phase: 'upload' | 'submit' | 'job' = 'upload';
	let uploading = '';

	/** Waits for the job (as asked) and outputs it; `extra` rides on every item. */
	const follow = async (
		generationId: string,
		extra: IDataObject,
		how: { wait: boolean; initial?: StatusResponse; startedAt?: number },
	) =>
		await followJob(
			context,
			itemIndex,
			generationWatch(context, generationId, itemIndex),
			(status) => generationOutcome(context.getNode(), itemIndex, status, job, extra),
			{ ...how, options, deadline, signal, startedAt: how.startedAt ?? Date.now() },
		);

	const work = async () => {
		// Uploads give a file a new URL each time: before uploading again (Retry On Fail, a rerun
		// with Pay Once per Input), a job that exists under this request ID is continued instead.
		const uploads = media.some((entry) => entry.source.type !== 'hosted');
		const existing = uploads
			? await findGenerationRequest(context, requestId, itemIndex, call)
			: undefined;
		if (existing) {
			reservation.release();
			job.generationId = existing.generationId;
			logJob(context, 'info', 'continuing the job already submitted under this request ID', job);
			return await follow(
				existing.generationId,
				{ prompt: body.prompt },
				{ wait, initial: existing },
			);
		}
		const sent: SubmitFields = { ...body };
		for (const kind of ['video', 'audio'] as const) {
			const urls: string[] = [];
			for (const entry of media.filter((candidate) => candidate.kind === kind)) {
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
				urls.push(url);
			}
			if (urls.length) sent[kind === 'video' ? 'referenceVideos' : 'referenceAudios'] = urls;
		}
		// A submit whose answer never came may still have created the job: the request ID finds it.
		phase = 'submit';
		let sends = 0;
		const submitted = await submitGeneration(
			context,
			{ ...sent, idempotencyKey: requestId },
			{ pacer: run.pacer, deadline: deadline.at, signal, onSend: () => sends++ },
		);
		// Deduped at the first send: another item or run paid for this job, not this one. After
		// a lost answer, the job deduped is this item's own, charged once.
		phase = 'job';
		reservation.settle(submitted.deduped && sends === 1 ? 0 : submitted.creditsUsed);
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
		if (!wait) return [{ json: submittedJob(submitted, { requestId, ...extra }) }];

		return await follow(submitted.generationId, extra, { wait: true, startedAt: submittedAt });
	};
	return await withJobErrors(context, itemIndex, job, work, {
		signal,
		reservation,
		describe: (error) => describeEarly(context.getNode(), error, itemIndex, phase, uploading),
		note: () =>
			uploaded.length
				? `Uploaded to MeiGen before this (kept 7 days): ${uploaded.join('; ')}.`
				: undefined,
	});
}
