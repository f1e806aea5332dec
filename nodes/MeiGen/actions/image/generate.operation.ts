import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { jsonParse, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { CancelledError, type JobRef, toNodeError } from '../../helpers/errors';
import { submitGeneration, waitForGeneration } from '../../helpers/generation';
import { deriveIdempotencyKey } from '../../helpers/idempotency';
import type { SubmitFields, SubmitResponse } from '../../helpers/interfaces';
import { validateAgainstModel } from '../../helpers/models';
import { readWaitOptions, waitDeadline } from '../../helpers/options';
import { finishJob } from '../../helpers/output';
import { cancelSignal } from '../../transport';
import { modelLocator, waitOptions } from '../common.descriptions';
import type { RunState } from '../shared';

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
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Aspect Ratio',
				name: 'aspectRatio',
				type: 'string',
				default: 'auto',
				placeholder: 'e.g. 16:9',
				description: 'One of the model\'s supported ratios (Model → Get Many lists them), or auto',
			},
			{
				displayName: 'Duration (Seconds)',
				name: 'duration',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 5,
				description: 'Video length, for video models',
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
				displayName: 'Model Variant',
				name: 'modelVariant',
				type: 'string',
				default: '',
				placeholder: 'e.g. sunburst',
				description: 'A variant of the model, where it has some (GPT Image 2.5: sunburst or flare)',
			},
			{
				displayName: 'Quality',
				name: 'quality',
				type: 'string',
				default: '',
				placeholder: 'e.g. high',
				description: 'Quality level, where the model has some (GPT Image: low, medium, high …)',
			},
			{
				displayName: 'Reference Image Binary Fields',
				name: 'referenceImageBinaryProperties',
				type: 'string',
				default: '',
				placeholder: 'e.g. data, data2',
				description:
					'Names of the input item\'s binary fields to send as reference images (comma-separated), so an image from an earlier node guides the generation',
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
				displayName: 'Resolution',
				name: 'resolution',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2K or 1080p',
				description: 'Images: 1K, 2K, 3K or 4K; video: 480p, 720p, 1080p or 4k — as the model supports',
			},
			{
				displayName: 'Tier',
				name: 'tier',
				type: 'string',
				default: '',
				placeholder: 'e.g. fast',
				description: 'Video speed/quality tier, where the model has some (Seedance 2.0: mini, fast, pro)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...waitOptions, idempotencyKeyOption].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

export const description = updateDisplayOptions({ show: { resource: ['image'], operation: ['generate'] } }, properties);

interface AdditionalFields {
	aspectRatio?: string;
	duration?: number;
	extraBody?: string | IDataObject;
	modelVariant?: string;
	quality?: string;
	referenceImageBinaryProperties?: string;
	referenceImageUrls?: string[] | string;
	referenceType?: string;
	resolution?: string;
	tier?: string;
}

function fail(context: IExecuteFunctions, itemIndex: number, message: string, description: string): never {
	throw new NodeOperationError(context.getNode(), message, {
		description: `${description} Nothing was submitted or charged for this item.`,
		itemIndex,
	});
}

function parseExtraBody(context: IExecuteFunctions, itemIndex: number, value: AdditionalFields['extraBody']): IDataObject {
	if (value === undefined || value === '') return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = jsonParse(value);
		} catch {
			fail(context, itemIndex, 'Extra Body is not valid JSON', 'Enter a JSON object, e.g. {"niji7Options": {"stylize": 200}}.');
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		fail(context, itemIndex, 'Extra Body must be a JSON object', 'Enter a JSON object, e.g. {"niji7Options": {"stylize": 200}}.');
	}
	return parsed as IDataObject;
}

/** Every reference image, Extra Body's included, must be an http(s) URL or inline image data. */
function checkReferenceUrls(context: IExecuteFunctions, itemIndex: number, references: unknown): void {
	if (references === undefined) return;
	const list = Array.isArray(references) ? references : [references];
	for (const reference of list) {
		const text = String(reference);
		if (text.startsWith('data:image/')) continue;
		let protocol = '';
		try {
			protocol = new URL(text).protocol;
		} catch {
			// Not a URL at all: refused below like any other scheme.
		}
		if (protocol !== 'http:' && protocol !== 'https:') {
			fail(
				context,
				itemIndex,
				`Reference image URL is not an http(s) URL: ${text.slice(0, 200)}`,
				'MeiGen fetches reference images from public http(s) URLs. To send a file from an earlier node, use Reference Image Binary Fields.',
			);
		}
	}
}

async function referenceImages(context: IExecuteFunctions, itemIndex: number, fields: AdditionalFields): Promise<string[]> {
	const urls = (Array.isArray(fields.referenceImageUrls) ? fields.referenceImageUrls : [fields.referenceImageUrls ?? ''])
		.map((url) => String(url).trim())
		.filter(Boolean);
	const inline: string[] = [];
	const names = (fields.referenceImageBinaryProperties ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	const item = context.getInputData()[itemIndex];
	for (const name of names) {
		const binary = item.binary?.[name];
		if (!binary) {
			const available = Object.keys(item.binary ?? {});
			fail(
				context,
				itemIndex,
				`The input item has no binary field "${name}"`,
				available.length
					? `Its binary fields are: ${available.join(', ')}. Change Reference Image Binary Fields.`
					: 'The input item has no binary data at all; connect a node that outputs the image (e.g. HTTP Request or Read/Write Files from Disk).',
			);
		}
		if (binary.mimeType && !binary.mimeType.startsWith('image/')) {
			fail(context, itemIndex, `Binary field "${name}" is not an image (${binary.mimeType})`, 'Reference images must be images.');
		}
		const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, name);
		inline.push(`data:${binary.mimeType || 'image/png'};base64,${buffer.toString('base64')}`);
	}
	return [...urls, ...inline];
}

/** The request body, from the node's fields; Extra Body goes last so it can set what the node doesn't know. */
async function buildRequest(context: IExecuteFunctions, itemIndex: number, modelId: string, prompt: string): Promise<SubmitFields> {
	const fields = context.getNodeParameter('additionalFields', itemIndex, {}) as AdditionalFields;
	const extra = parseExtraBody(context, itemIndex, fields.extraBody);
	const references = await referenceImages(context, itemIndex, fields);
	const text = (value: string | undefined) => (value && value.trim() ? value.trim() : undefined);
	const body: SubmitFields = {
		prompt,
		modelId: modelId || undefined,
		aspectRatio: text(fields.aspectRatio),
		resolution: text(fields.resolution),
		quality: text(fields.quality),
		modelVariant: text(fields.modelVariant),
		tier: text(fields.tier),
		duration: fields.duration === undefined ? undefined : Number(fields.duration),
		referenceType: fields.referenceType,
		referenceImages: references.length ? references : undefined,
		...extra,
};
	return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as SubmitFields;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<INodeExecutionData[]> {
	const startedAt = Date.now();
	const node = this.getNode();
	const modelId = String(this.getNodeParameter('modelId', itemIndex, '', { extractValue: true }) ?? '').trim();
	const prompt = String(this.getNodeParameter('prompt', itemIndex, '') ?? '').trim();
	const wait = this.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	const options = readWaitOptions(this, itemIndex);

	if (!prompt) fail(this, itemIndex, 'Prompt is empty', 'Enter a prompt, or check that the expression in Prompt resolves to text.');
	if (!modelId) fail(this, itemIndex, 'No model selected', 'Choose a model in Model.');

	// Checks run on what will be sent, Extra Body included.
	const request = await buildRequest(this, itemIndex, modelId, prompt);
	if (typeof request.prompt !== 'string' || !request.prompt.trim()) {
		fail(this, itemIndex, 'Prompt is empty', 'Extra Body sets "prompt" to something that is not text; remove it from Extra Body.');
	}
	const sentModel = String(request.modelId ?? '');
	const models = await state.modelList();
	const model = models?.find((candidate) => candidate.id === sentModel);
	if (models && !model) {
		fail(this, itemIndex, `Unknown model "${sentModel}"`, 'Pick a model from the Model list; Model → Get Many lists every model MeiGen offers.');
	}
	if (model) validateAgainstModel(node, itemIndex, model, request);
	checkReferenceUrls(this, itemIndex, request.referenceImages);

	const runIndex = Number(this.getWorkflowDataProxy(itemIndex).$runIndex ?? 0);
	const requestId =
		options.idempotencyKey ??
		deriveIdempotencyKey({ executionId: String(this.getExecutionId() ?? ''), nodeId: node.id, runIndex, itemIndex, inputs: request });
	const job: JobRef = { requestId, modelId: sentModel };
	const signal = cancelSignal(this);
	const deadline = waitDeadline(this, startedAt, state.startedAt, options, model?.media_type);

	let submitted: SubmitResponse;
	try {
		submitted = await submitGeneration.call(this, { ...request, idempotencyKey: requestId }, {
			pacer: state.pacer,
			deadline: deadline.at,
			signal,
		});
	} catch (error) {
		// A submit whose answer never came may still have created the job: the request ID finds it.
		throw toNodeError(node, error, { itemIndex, job });
	}
	// The job's own clock starts now: time spent waiting for a submit slot is not job time.
	const submittedAt = Date.now();
	job.generationId = submitted.generationId;
	job.modelId = submitted.modelId ?? sentModel;

	const extra: IDataObject = {
		prompt: request.prompt,
		creditsUsed: submitted.creditsUsed,
		deduped: submitted.deduped,
};
	if (!wait) {
		// The account balance (`credits`) and `success` say nothing about this job.
		const summary: IDataObject = { ...submitted, generationId: submitted.generationId, requestId, prompt: request.prompt };
		delete summary.success;
		delete summary.credits;
		return [{ json: summary }];
	}

	try {
		const { status, timedOut } = await waitForGeneration.call(this, undefined, submitted.generationId, itemIndex, {
			intervalMs: options.pollIntervalMs,
			deadline,
			signal,
			submittedAt,
		});
		return await finishJob(this, itemIndex, status, job, { options, deadline, signal, timedOut, extra });
	} catch (error) {
		if (error instanceof CancelledError && job.generationId) {
			// n8n may drop a cancelled node's error: the log keeps the paid job findable.
			this.logger.warn('MeiGen: the execution stopped while a job was running', { ...job });
		}
		throw toNodeError(node, error, { itemIndex, job });
	}
}
