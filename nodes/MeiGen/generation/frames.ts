import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../errors/nodeErrors';
import { inlineImage } from '../media/inputBinary';
import type { FileRef } from '../util/files';
import type { GenerateFields } from './fields';

/** The images a generation is sent: reference images, first and last frame, content references. */

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
export async function imageFields(
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
