import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { validateAgainstModel } from '../catalog/models';
import { inputError } from '../errors/nodeErrors';
import type { RunState } from '../execution/itemLoop';
import { inlineImage } from '../media/inputBinary';
import {
	checkClipLengths,
	checkReferenceMedia,
	inspectReferenceMedia,
	readReferenceMedia,
	type ReferenceMedia,
} from '../media/referenceMedia';
import { readModelId, readText } from '../params/read';
import type { MeiGenModel, SubmitFields } from '../types';
import type { FileRef } from '../util/files';
import { parseExtraBody, readGenerateFields, type GenerateFields } from './fields';

/**
 * Image → Generate's request body: built from the node's fields (its images included), then
 * checked before it is paid for.
 */

export interface GenerateRequest {
	body: SubmitFields;
	/** The model the body names, from the live model list; undefined when the list is unavailable */
	model?: MeiGenModel;
	/** Reference videos and audio, still to upload where they are not on MeiGen's host */
	media: ReferenceMedia[];
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

/** One image given as a file (name, path or object) or an http(s) URL: the URL, or the file inline. */
async function imageValue(
	context: IExecuteFunctions,
	itemIndex: number,
	value: FileRef,
	label: string,
): Promise<string> {
	const isUrl = typeof value === 'string' && /^(https?:\/\/|data:image\/)/i.test(value);
	if (isUrl) return value;
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
 * The images of the request: reference images (URLs, then files inline), first and last frame,
 * content references and reference mode, as MeiGen documents them per model. Seedance takes
 * frames as frameReferenceImages, the other video models as the first two reference images. A
 * last frame needs a first one.
 */
async function imageFields(
	context: IExecuteFunctions,
	itemIndex: number,
	modelId: string,
	fields: GenerateFields,
): Promise<IDataObject> {
	const node = context.getNode();
	const references = (
		Array.isArray(fields.referenceImageUrls)
			? fields.referenceImageUrls
			: [fields.referenceImageUrls ?? '']
	)
		.map((url) => String(url).trim())
		.filter(Boolean);
	for (const name of fields.referenceImageBinaryProperties ?? []) {
		references.push(
			await inlineImage(context, itemIndex, name, {
				fix: 'Change Reference Image Binary Fields.',
				notImage: 'Reference images must be images.',
			}),
		);
	}
	const out: IDataObject = references.length ? { referenceImages: references } : {};
	const first = fields.firstFrame || undefined;
	const last = fields.lastFrame || undefined;
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
	const content = fields.contentReferenceImages ?? [];
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

/**
 * Reads the item's fields into the body that will be sent, and checks it (Extra Body included)
 * and its reference media against the live model list. Bad input fails here, before anything is
 * uploaded or paid for.
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

	const fields = readGenerateFields(context, itemIndex);
	const extra = parseExtraBody(context, itemIndex, fields.extraBody);
	const images = await imageFields(context, itemIndex, modelId, fields);
	const text = (value: string | undefined) => (value && value.trim() ? value.trim() : undefined);
	// Extra Body goes last, so it can set what the node doesn't know.
	const fieldsSent: SubmitFields = {
		prompt,
		modelId,
		aspectRatio: text(fields.aspectRatio),
		resolution: text(fields.resolution),
		quality: text(fields.quality),
		modelVariant: text(fields.modelVariant),
		tier: text(fields.tier),
		duration: fields.duration,
		referenceType: fields.referenceType,
		...images,
		...extra,
	};
	const body = Object.fromEntries(
		Object.entries(fieldsSent).filter(([, value]) => value !== undefined),
	) as SubmitFields;
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
	if (model) validateAgainstModel(context, itemIndex, model, body);
	checkReferenceUrls(context, itemIndex, body.referenceImages);

	const media = [
		...(await readReferenceMedia(context, itemIndex, fields.referenceVideos, 'video')),
		...(await readReferenceMedia(context, itemIndex, fields.referenceAudios, 'audio')),
	];
	const sentImages = [body.referenceImages, body.frameReferenceImages, body.contentReferenceImages];
	const hasImages = sentImages.some((value) => Array.isArray(value) && value.length > 0);
	if (model && media.length) checkReferenceMedia(node, itemIndex, model, media, hasImages);
	if (model && requiresFirstFrame(model) && !hasImages) {
		throw inputError(
			node,
			itemIndex,
			`${model.name ?? model.id} needs a first frame`,
			'Set Additional Fields → First Frame to an image (a binary field or a URL).',
		);
	}
	// Binary references are read once here: their hash keys the request, a clip's length prices it.
	for (const entry of media) await inspectReferenceMedia(context, itemIndex, entry);
	if (model && media.length) checkClipLengths(node, itemIndex, model, media);
	return { body, model, media };
}
