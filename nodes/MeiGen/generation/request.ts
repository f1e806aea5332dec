import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';

import type { MeiGenModel, SubmitFields } from '../types';
import { validateAgainstModel } from '../catalog/models';
import { checkReferenceMedia } from '../media/referenceChecks';
import { readReferenceMedia, type ReferenceMedia } from '../media/referenceMedia';
import { inlineImage } from '../media/inputBinary';
import { inputError } from '../errors/nodeErrors';
import type { RunState } from '../execution/runState';
import { readEntries, readModelId, readText, type Entries } from '../params/read';
import { splitList } from '../util/lists';

/** Image → Generate's request body: built from the node's fields, then checked before it is paid for. */

const GENERATE_FIELDS = {
	aspectRatio: 'text',
	contentReferenceImages: 'list',
	duration: 'number',
	extraBody: 'json',
	firstFrame: 'text',
	lastFrame: 'text',
	modelVariant: 'text',
	quality: 'text',
	referenceAudios: 'list',
	referenceImageBinaryProperties: 'list',
	referenceImageUrls: 'list',
	referenceMode: 'text',
	referenceType: 'text',
	referenceVideos: 'list',
	resolution: 'text',
	tier: 'text',
} as const;

/** Additional Fields, each checked to be of its type (an expression can give anything). */
export type GenerateFields = Entries<typeof GENERATE_FIELDS>;

export function readGenerateFields(context: IExecuteFunctions, itemIndex: number): GenerateFields {
	return readEntries(context, 'additionalFields', itemIndex, GENERATE_FIELDS);
}

export interface GenerateRequest {
	body: SubmitFields;
	/** The model the body names, from the live model list; undefined when the list is unavailable */
	model?: MeiGenModel;
	/** Reference videos and audio, still to upload where they are not on MeiGen's host */
	media: ReferenceMedia[];
}

const EXTRA_BODY_EXAMPLE = 'Enter a JSON object, e.g. {"niji7Options": {"stylize": 200}}.';

function parseExtraBody(
	context: IExecuteFunctions,
	itemIndex: number,
	value: GenerateFields['extraBody'],
): IDataObject {
	if (value === undefined || value === '') return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = jsonParse(value);
		} catch {
			throw inputError(
				context.getNode(),
				itemIndex,
				'Extra Body is not valid JSON',
				EXTRA_BODY_EXAMPLE,
			);
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw inputError(
			context.getNode(),
			itemIndex,
			'Extra Body must be a JSON object',
			EXTRA_BODY_EXAMPLE,
		);
	}
	return parsed as IDataObject;
}

/** Whether the model needs a first frame (MeiGen's capabilities; older bodies in extra_config). */
function requiresFirstFrame(model: MeiGenModel): boolean {
	return (
		model.capabilities?.video?.requiresFirstFrame === true ||
		model.extra_config?.requiresFirstFrame === true
	);
}

/** Every reference image, Extra Body's included, must be an http(s) URL or inline image data. */
function checkReferenceUrls(
	context: IExecuteFunctions,
	itemIndex: number,
	references: unknown,
): void {
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
			throw inputError(
				context.getNode(),
				itemIndex,
				`Reference image URL is not an http(s) URL: ${text.slice(0, 200)}`,
				'MeiGen fetches reference images from public http(s) URLs. To send a file from an earlier node, use Reference Image Binary Fields.',
			);
		}
	}
}

/** One image given as a binary field name or an http(s) URL: the URL, or the file inline. */
async function imageValue(
	context: IExecuteFunctions,
	itemIndex: number,
	value: string,
	label: string,
): Promise<string> {
	if (/^https?:\/\//i.test(value) || value.startsWith('data:image/')) return value;
	return await inlineImage(context, itemIndex, value, {
		label,
		fix: `Change ${label}, or give a URL.`,
		instead: `give a URL in ${label}`,
		notImage: `${label} must be an image.`,
	});
}

function isSeedance(modelId: string): boolean {
	return modelId.startsWith('seedance');
}

/**
 * First and last frame, content references and reference mode, as MeiGen documents them per
 * model: Seedance takes frames as frameReferenceImages, the other video models as the first two
 * reference images. A last frame needs a first one.
 */
async function frameFields(
	context: IExecuteFunctions,
	itemIndex: number,
	modelId: string,
	fields: GenerateFields,
	references: string[],
): Promise<IDataObject> {
	const node = context.getNode();
	const first = fields.firstFrame?.trim();
	const last = fields.lastFrame?.trim();
	const out: IDataObject = {};
	if (last && !first) {
		throw inputError(
			node,
			itemIndex,
			'Last Frame is set without a First Frame',
			'Add a First Frame, or remove Last Frame.',
		);
	}
	if (first) {
		const frames = [await imageValue(context, itemIndex, first, 'First Frame')];
		if (last) frames.push(await imageValue(context, itemIndex, last, 'Last Frame'));
		if (isSeedance(modelId)) out.frameReferenceImages = frames;
		else if (references.length) {
			throw inputError(
				node,
				itemIndex,
				'Both frames and reference images are set',
				'This model takes its frames as reference images: use First Frame / Last Frame or the reference images, not both.',
			);
		} else out.referenceImages = frames;
	}
	const content = splitList(fields.contentReferenceImages);
	const mode = fields.referenceMode?.trim();
	if ((content.length || mode) && !isSeedance(modelId)) {
		throw inputError(
			node,
			itemIndex,
			'Content Reference Images and Reference Mode are for Seedance models only',
			'Remove them, or pick a Seedance model.',
		);
	}
	if (content.length) {
		const images: string[] = [];
		for (const entry of content)
			images.push(await imageValue(context, itemIndex, entry, 'Content Reference Images'));
		out.contentReferenceImages = images;
	}
	if (mode) out.referenceMode = mode;
	return out;
}

async function referenceImages(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: GenerateFields,
): Promise<string[]> {
	const urls = (
		Array.isArray(fields.referenceImageUrls)
			? fields.referenceImageUrls
			: [fields.referenceImageUrls ?? '']
	)
		.map((url) => String(url).trim())
		.filter(Boolean);
	const inline: string[] = [];
	const names = splitList(fields.referenceImageBinaryProperties);
	for (const name of names) {
		inline.push(
			await inlineImage(context, itemIndex, name, {
				fix: 'Change Reference Image Binary Fields.',
				notImage: 'Reference images must be images.',
			}),
		);
	}
	return [...urls, ...inline];
}

/** The request body from the node's fields; Extra Body goes last so it can set what the node doesn't know. */
async function buildBody(
	context: IExecuteFunctions,
	itemIndex: number,
	modelId: string,
	prompt: string,
): Promise<SubmitFields> {
	const fields = readGenerateFields(context, itemIndex);
	const extra = parseExtraBody(context, itemIndex, fields.extraBody);
	const references = await referenceImages(context, itemIndex, fields);
	const frames = await frameFields(context, itemIndex, modelId, fields, references);
	const text = (value: string | undefined) => (value && value.trim() ? value.trim() : undefined);
	const body: SubmitFields = {
		prompt,
		modelId: modelId || undefined,
		aspectRatio: text(fields.aspectRatio),
		resolution: text(fields.resolution),
		quality: text(fields.quality),
		modelVariant: text(fields.modelVariant),
		tier: text(fields.tier),
		duration: fields.duration,
		referenceType: fields.referenceType,
		referenceImages: references.length ? references : undefined,
		...frames,
		...extra,
	};
	return Object.fromEntries(
		Object.entries(body).filter(([, value]) => value !== undefined),
	) as SubmitFields;
}

/**
 * Reads the item's fields into the body that will be sent, and checks it (Extra Body included)
 * against the live model list. Bad input fails here, before anything is paid for.
 */
export async function buildGenerateRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
): Promise<GenerateRequest> {
	const node = context.getNode();
	const modelId = readModelId(context, itemIndex);
	const prompt = readText(context, 'prompt', itemIndex);
	if (!prompt) {
		throw inputError(
			node,
			itemIndex,
			'Prompt is empty',
			'Enter a prompt, or check that the expression in Prompt resolves to text.',
		);
	}
	if (!modelId) throw inputError(node, itemIndex, 'No model selected', 'Choose a model in Model.');

	const body = await buildBody(context, itemIndex, modelId, prompt);
	if (typeof body.prompt !== 'string' || !body.prompt.trim()) {
		throw inputError(
			node,
			itemIndex,
			'Prompt is empty',
			'Extra Body sets "prompt" to something that is not text; remove it from Extra Body.',
		);
	}
	const sentModel = String(body.modelId ?? '');
	const models = await run.modelList();
	const model = models?.find((candidate) => candidate.id === sentModel);
	if (models && !model) {
		throw inputError(
			node,
			itemIndex,
			`Unknown model "${sentModel}"`,
			'Pick a model from the Model list; Model → Get Many lists every model MeiGen offers.',
		);
	}
	if (model) validateAgainstModel(node, itemIndex, model, body);
	checkReferenceUrls(context, itemIndex, body.referenceImages);

	const fields = readGenerateFields(context, itemIndex);
	const media = [
		...(await readReferenceMedia(context, itemIndex, fields.referenceVideos, 'video')),
		...(await readReferenceMedia(context, itemIndex, fields.referenceAudios, 'audio')),
	];
	const images = [body.referenceImages, body.frameReferenceImages, body.contentReferenceImages];
	const hasImages = images.some((value) => Array.isArray(value) && value.length > 0);
	if (model && media.length) checkReferenceMedia(node, itemIndex, model, media, hasImages);
	if (model && requiresFirstFrame(model) && !hasImages) {
		throw inputError(
			node,
			itemIndex,
			`${model.name ?? model.id} needs a first frame`,
			'Set Additional Fields → First Frame to an image (a binary field or a URL).',
		);
	}
	return { body, model, media };
}
