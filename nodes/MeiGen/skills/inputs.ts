import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../errors/nodeErrors';
import {
	panelName,
	readChoice,
	readEntries,
	readFile,
	readText,
	type EntrySpec,
} from '../params/read';
import type { FileRef } from '../util/files';
import { readSkillImage, type SkillImage } from './images';

/**
 * A Skill's inputs as the item gives them, checked against MeiGen's limits before anything is
 * uploaded or paid for: texts, the main image, optional images and Additional Fields.
 */

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

/** Optional images: files (names, paths or binary objects) or URLs, at most `max` of them. */
async function readImageList(
	context: IExecuteFunctions,
	itemIndex: number,
	entries: FileRef[],
	field: string,
	max: number,
): Promise<SkillImage[] | undefined> {
	const label = panelName(context, itemIndex, field, 'additionalFields');
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
	/** Text fields and MeiGen's length limit of each */
	texts: Record<string, number>;
	/** Optional images and how many each takes */
	images: Record<string, number>;
}

/**
 * Additional Fields as a Skill's run body takes them: texts within MeiGen's limits, Auto Copy
 * and Quality as chosen, images (a binary field or a URL each) read and checked.
 */
export async function readAdditional(
	context: IExecuteFunctions,
	itemIndex: number,
	spec: AdditionalSpec,
): Promise<{ fields: IDataObject; images: Record<string, SkillImage | SkillImage[]> }> {
	const specs: Record<string, EntrySpec> = { autoCopy: 'boolean', quality: 'text' };
	for (const [field, maxLength] of Object.entries(spec.texts)) specs[field] = { maxLength };
	for (const field of Object.keys(spec.images)) specs[field] = 'files';
	const entries = readEntries(context, 'additionalFields', itemIndex, specs);
	const fields: IDataObject = {};
	const images: Record<string, SkillImage | SkillImage[]> = {};
	for (const [field, value] of Object.entries(entries)) {
		const max = spec.images[field];
		if (max === undefined) {
			fields[field] = value as IDataObject[string];
			continue;
		}
		const list = await readImageList(context, itemIndex, value as FileRef[], field, max);
		if (list) images[field] = max === 1 ? list[0] : list;
	}
	return { fields, images };
}
