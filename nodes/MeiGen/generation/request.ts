import type { IExecuteFunctions } from 'n8n-workflow';

import { validateAgainstModel } from '../catalog/models';
import { inputError } from '../errors/nodeErrors';
import type { RunState } from '../execution/runState';
import { checkReferenceMedia } from '../media/referenceChecks';
import { readReferenceMedia, type ReferenceMedia } from '../media/referenceMedia';
import { readModelId, readText } from '../params/read';
import type { MeiGenModel, SubmitFields } from '../types';
import { parseExtraBody, readGenerateFields } from './fields';
import { imageFields } from './frames';

/** Image → Generate's request body: built from the node's fields, then checked before it is paid for. */

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
	if (model) validateAgainstModel(node, itemIndex, model, body);
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
	return { body, model, media };
}
