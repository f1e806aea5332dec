import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { ApiError, CancelledError } from '../../helpers/errors';
import { toNodeError } from '../../helpers/nodeErrors';

import { waitDeadline } from '../../helpers/deadlines';
import { buildGenerateRequest } from '../../helpers/generateRequest';
import { findGenerationRequest, generationWatch, submitGeneration } from '../../helpers/generation';
import { generationOutcome } from '../../helpers/generationResult';
import { requestIdFor } from '../../helpers/idempotency';
import type { MeiGenModel, SubmitFields, SubmitResponse } from '../../helpers/interfaces';
import { logJob, type JobRef } from '../../helpers/job';
import { readWaitOptions } from '../../helpers/options';
import {
	inspectReferenceMedia,
	type ReferenceMedia,
	uploadReferenceMedia,
} from '../../helpers/referenceMedia';
import { quoteGeneration, type Quote } from '../../helpers/pricing';
import { followJob, withJobErrors } from '../../helpers/paidJob';
import type { RunState } from '../../helpers/runState';
import { costOptions, estimateOnly, modelLocator, waitOptions } from '../common.descriptions';

const idempotencyKeyOption: INodeProperties = {
	displayName: 'Idempotency Key',
	name: 'idempotencyKey',
	type: 'string',
	default: '',
	placeholder: 'e.g. 3f0b9a52-1c4e-4d8e-9a51-2f7f5c0e6b1d',
	description:
		'A UUID that makes resubmitting safe: the same key with the same inputs returns the same job and charges nothing. Empty: derived from the execution, node, run and item.',
};

const properties: INodeProperties[] = [
	modelLocator,
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: 'e.g. A lighthouse at dusk, oil painting, warm light',
		description: 'What to generate',
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait for the image or video and output it. Off: output the generation ID at once, to fetch later with Generation → Get Status.',
		displayOptions: { show: { estimateOnly: [false] } },
	},
	estimateOnly,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Aspect Ratio Name or ID',
				name: 'aspectRatio',
				type: 'options',
				typeOptions: {
					loadOptionsMethod: 'getAspectRatios',
					loadOptionsDependsOn: ['modelId.value'],
				},
				default: 'auto',
				description:
					'The chosen model\'s aspect ratios, or auto. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Content Reference Images',
				name: 'contentReferenceImages',
				type: 'string',
				default: '',
				placeholder: 'e.g. data, https://example.com/style.png',
				description:
					'Seedance only: images whose content the video uses, as input binary field names or public URLs (comma-separated)',
			},
			{
				displayName: 'Duration Name or ID',
				name: 'duration',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getDurations', loadOptionsDependsOn: ['modelId.value'] },
				default: '',
				description:
					'Video length in seconds, as the chosen video model offers, with its price. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Extra Body (JSON)',
				name: 'extraBody',
				type: 'json',
				default: '{}',
				description:
					'A JSON object merged into the request body, for API fields this node does not have yet (e.g. niji7Options)',
			},
			{
				displayName: 'First Frame',
				name: 'firstFrame',
				type: 'string',
				default: '',
				placeholder: 'e.g. data or https://example.com/start.png',
				description:
					'Video models: the image the video starts from, as an input binary field name or a public URL',
			},
			{
				displayName: 'Last Frame',
				name: 'lastFrame',
				type: 'string',
				default: '',
				placeholder: 'e.g. end or https://example.com/end.png',
				description: 'Video models: the image the video ends on (needs a First Frame)',
			},
			{
				displayName: 'Model Variant Name or ID',
				name: 'modelVariant',
				type: 'options',
				typeOptions: {
					loadOptionsMethod: 'getModelVariants',
					loadOptionsDependsOn: ['modelId.value'],
				},
				default: '',
				description:
					'A variant of the chosen model, where it has some. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Quality Name or ID',
				name: 'quality',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getQualities', loadOptionsDependsOn: ['modelId.value'] },
				default: '',
				description:
					'The chosen model\'s quality levels, with their price. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Reference Audio',
				name: 'referenceAudios',
				type: 'string',
				default: '',
				placeholder: 'e.g. voice or https://images.meigen.ai/….mp3',
				description:
					'Seedance: WAV or MP3 files the video uses, as input binary field names or URLs (comma-separated). Files and URLs not on MeiGen are uploaded first.',
			},
			{
				displayName: 'Reference Image Binary Fields',
				name: 'referenceImageBinaryProperties',
				type: 'string',
				default: '',
				placeholder: 'e.g. data, data2',
				description:
					"Names of the input item's binary fields to send as reference images (comma-separated), so an image from an earlier node guides the generation",
			},
			{
				displayName: 'Reference Image URLs',
				name: 'referenceImageUrls',
				type: 'string',
				typeOptions: { multipleValues: true, multipleValueButtonText: 'Add URL' },
				default: [],
				placeholder: 'e.g. https://example.com/photo.png',
				description: 'Public http(s) URLs of reference images',
			},
			{
				displayName: 'Reference Mode',
				name: 'referenceMode',
				type: 'options',
				default: 'frame',
				options: [
					{
						name: 'Frame',
						value: 'frame',
						description: 'Reference images are first and last frames',
					},
					{ name: 'Content', value: 'content', description: 'Reference images guide the content' },
				],
				description: 'Seedance only: how the reference images are used',
			},
			{
				displayName: 'Reference Type',
				name: 'referenceType',
				type: 'options',
				default: 'content',
				options: [
					{ name: 'Content', value: 'content' },
					{ name: 'Style', value: 'style' },
				],
				description: 'How Midjourney uses the reference images',
			},
			{
				displayName: 'Reference Videos',
				name: 'referenceVideos',
				type: 'string',
				default: '',
				placeholder: 'e.g. data or {{ $json.videoUrl }}',
				description:
					"Seedance: MP4 or MOV clips the video follows, as input binary field names or URLs (comma-separated), e.g. an earlier job's videoUrl. Files and URLs not on MeiGen are uploaded first.",
			},
			{
				displayName: 'Resolution Name or ID',
				name: 'resolution',
				type: 'options',
				typeOptions: {
					loadOptionsMethod: 'getResolutions',
					loadOptionsDependsOn: ['modelId.value'],
				},
				default: '',
				description:
					'The chosen model\'s resolutions (per tier where it lists them), with their price. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Tier Name or ID',
				name: 'tier',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getTiers', loadOptionsDependsOn: ['modelId.value'] },
				default: '',
				description:
					'The chosen video model\'s speed/quality tiers, with their price. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...waitOptions, ...costOptions, idempotencyKeyOption].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['image'], operation: ['generate'] } },
	properties,
);

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

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
): Promise<INodeExecutionData[]> {
	const startedAt = Date.now();
	const { body, model, media } = await buildGenerateRequest(this, itemIndex, run);
	// Binary references are read once here: their hash keys the request, a clip's length prices it.
	for (const entry of media) await inspectReferenceMedia(this, itemIndex, entry);
	const quote = model ? quoteFor(model, body, media) : undefined;
	const modelId = String(body.modelId ?? '');
	if (this.getNodeParameter('estimateOnly', itemIndex, false) === true) {
		return [{ json: estimate(modelId, body.prompt, quote) }];
	}
	const wait = this.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	const options = readWaitOptions(this, itemIndex);
	const requestId = requestIdFor(this, itemIndex, identityOf(body, media), {
		given: options.idempotencyKey,
		oncePerInput: options.oncePerInput,
	});
	const job: JobRef = { requestId, modelId };
	const { signal } = run;
	const deadline = waitDeadline(
		this,
		{ startedAt, nodeStartedAt: run.startedAt },
		options.waitTimeout,
	);
	// Reserved before anything is sent, so Max Credits holds at any concurrency.
	const reservation = run.budget().reserve(this.getNode(), itemIndex, quote?.credits);

	const call = { deadline: deadline.at, signal };
	const uploaded: string[] = [];
	/** How far the item got: an error before the submit was sent created no job */
	let phase: 'upload' | 'submit' | 'job' = 'upload';
	let uploading = '';

	const work = async () => {
		// Uploads give a file a new URL each time: before uploading again (Retry On Fail, a rerun
		// with Pay Once per Input), a job that exists under this request ID is continued instead.
		const uploads = media.some((entry) => entry.source.type !== 'hosted');
		const existing = uploads
			? await findGenerationRequest(this, requestId, itemIndex, call)
			: undefined;
		if (existing) {
			reservation.release();
			job.generationId = existing.generationId;
			logJob(this, 'info', 'continuing the job already submitted under this request ID', job);
			return await followJob(
				this,
				itemIndex,
				generationWatch(this, existing.generationId, itemIndex),
				(status) =>
					generationOutcome(this.getNode(), itemIndex, status, job, { prompt: body.prompt }),
				{ wait, initial: existing, options, deadline, signal, startedAt: Date.now() },
			);
		}
		const sent: SubmitFields = { ...body };
		for (const kind of ['video', 'audio'] as const) {
			const urls: string[] = [];
			for (const entry of media.filter((candidate) => candidate.kind === kind)) {
				uploading = entry.name;
				const url = await uploadReferenceMedia(
					this,
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
			this,
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
		logJob(this, 'info', 'submitted a paid job', job);
		const extra: IDataObject = {
			prompt: body.prompt,
			creditsUsed: submitted.creditsUsed,
			creditsQuoted: quote?.credits,
			creditsBalance: submitted.credits,
			deduped: submitted.deduped,
		};
		if (!wait) return [{ json: submittedJob(submitted, { requestId, ...extra }) }];

		return await followJob(
			this,
			itemIndex,
			generationWatch(this, submitted.generationId, itemIndex),
			(status) => generationOutcome(this.getNode(), itemIndex, status, job, extra),
			{ wait: true, options, deadline, signal, startedAt: submittedAt },
		);
	};
	return await withJobErrors(this, itemIndex, job, work, {
		signal,
		reservation,
		describe: (error) => describeEarly(this.getNode(), error, itemIndex, phase, uploading),
		note: () =>
			uploaded.length
				? `Uploaded to MeiGen before this (kept 7 days): ${uploaded.join('; ')}.`
				: undefined,
	});
}
