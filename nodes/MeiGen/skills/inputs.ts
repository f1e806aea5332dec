import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../errors/nodeErrors';
import { readChoice, readFile, readText } from '../params/read';
import { fileRefs } from '../util/files';
import { readSkillImage, type SkillImage } from './images';

/**
 * A Skill's inputs as the item gives them, checked against MeiGen's limits before anything is
 * uploaded or paid for: texts, the main image, optional images and Additional Fields.
 */

/** A text field's value, trimmed, checked against MeiGen's length limit. */
export function text(
	context: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
	max: number,
): string | undefined {
	const trimmed =
		typeof value === 'string' ? value.trim() : value === undefined ? '' : String(value);
	if (!trimmed) return undefined;
	if (trimmed.length > max) {
		throw inputError(
			context.getNode(),
			itemIndex,
			`${label} is ${trimmed.length} characters long; MeiGen takes at most ${max}`,
			`Shorten ${label}.`,
		);
	}
	return trimmed;
}

/** The main image: an input binary field, or a URL. */
export async function readImageInput(
	context: IExecuteFunctions,
	itemIndex: number,
	types?: string[],
): Promise<SkillImage> {
	const source = readChoice(
		context,
		'imageSource',
		itemIndex,
		['binary', 'url'] as const,
		'binary',
	);
	if (source === 'url') {
		const url = readText(context, 'imageUrl', itemIndex);
		if (!/^https?:\/\//i.test(url)) {
			throw inputError(
				context.getNode(),
				itemIndex,
				url ? `Image URL is not an https:// URL: ${url.slice(0, 200)}` : 'Image URL is empty',
				'Enter a public https:// URL of the image, or set Image Source to Binary Field.',
			);
		}
		return await readSkillImage(context, itemIndex, url, 'Image URL', types);
	}
	const field = readFile(context, 'binaryPropertyName', itemIndex, 'data');
	return await readSkillImage(context, itemIndex, field, 'Input Binary Field', types);
}

/** Optional images: files (names, paths or binary objects) or URLs, separated by commas or new lines. */
async function readImageList(
	context: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
	max: number,
): Promise<SkillImage[] | undefined> {
	const entries = fileRefs(value);
	if (entries === undefined) {
		throw inputError(
			context.getNode(),
			itemIndex,
			`${label} must be binary field names, URLs or files`,
			`If it comes from an expression, make it give a text, a file (e.g. {{ $json._files.logo }}) or a list of them.`,
		);
	}
	if (!entries.length) return undefined;
	if (entries.length > max) {
		throw inputError(
			context.getNode(),
			itemIndex,
			`${label} has ${entries.length} images; MeiGen takes at most ${max}`,
			`Remove images from ${label}.`,
		);
	}
	const images: SkillImage[] = [];
	for (const entry of entries) images.push(await readSkillImage(context, itemIndex, entry, label));
	return images;
}

export interface AdditionalSpec {
	/** Text fields: body field, label, MeiGen's length limit */
	texts: Array<[string, string, number]>;
	/** Optional images: body field, label, how many it takes */
	images: Array<[string, string, number]>;
}

/**
 * Additional Fields as a Skill's run body takes them: texts within MeiGen's limits, Auto Copy
 * and Quality as chosen, images (a binary field or a URL each) read and checked.
 */
export async function readAdditional(
	context: IExecuteFunctions,
	itemIndex: number,
	extra: IDataObject,
	spec: AdditionalSpec,
): Promise<{ fields: IDataObject; images: Record<string, SkillImage | SkillImage[]> }> {
	const fields: IDataObject = {};
	for (const [field, label, max] of spec.texts) {
		const value = text(context, itemIndex, extra[field], label, max);
		if (value) fields[field] = value;
	}
	if (typeof extra.autoCopy === 'boolean') fields.autoCopy = extra.autoCopy;
	if (extra.quality) fields.quality = extra.quality;
	const images: Record<string, SkillImage | SkillImage[]> = {};
	for (const [field, label, max] of spec.images) {
		const list = await readImageList(context, itemIndex, extra[field], label, max);
		if (list) images[field] = max === 1 ? list[0] : list;
	}
	return { fields, images };
}
