import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { SKILL_POLL_SECONDS } from '../../catalog/skills';
import { inputError } from '../../errors/nodeErrors';
import { readSkillImage, type SkillImage } from '../../skills/images';
import { costOptions, estimateOnly, waitOptions } from '../common.descriptions';
import { splitList } from '../../util/lists';

/** Fields the Skill operations share: the image input, Wait for Completion, the options. */

export const imageInput: INodeProperties[] = [
	{
		displayName: 'Image Source',
		name: 'imageSource',
		type: 'options',
		default: 'binary',
		options: [
			{
				name: 'Binary Field',
				value: 'binary',
				description: 'An image from an earlier node (at most 3 MB; larger images by URL)',
			},
			{ name: 'URL', value: 'url', description: 'A public http(s) URL of the image' },
		],
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the image',
		displayOptions: { show: { imageSource: ['binary'] } },
	},
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/product.jpg',
		displayOptions: { show: { imageSource: ['url'] } },
	},
];

export const waitForCompletion: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: true,
	description:
		'Whether to wait for the images and output them. Off: output the request ID at once, to fetch later with Skill → Get Status.',
	displayOptions: { show: { estimateOnly: [false] } },
};

const requestIdOption: INodeProperties = {
	displayName: 'Request ID',
	name: 'requestId',
	type: 'string',
	default: '',
	placeholder: 'e.g. 3f0b9a52-1c4e-4d8e-9a51-2f7f5c0e6b1d',
	description:
		'A UUID that makes resubmitting safe: the same ID with the same inputs continues the same job and charges nothing. Empty: derived from the execution, node, run, item and inputs.',
};

/** Image → Generate's wait options, with MeiGen's Skill poll interval (10 s) and a Request ID. */
export const skillOptions: INodeProperties[] = [
	...waitOptions.map((option) => {
		if (option.name === 'pollInterval') return { ...option, default: SKILL_POLL_SECONDS };
		return option;
	}),
	...costOptions,
	requestIdOption,
].sort((a, b) => a.displayName.localeCompare(b.displayName));

export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

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
	const source = context.getNodeParameter('imageSource', itemIndex, 'binary') as string;
	if (source === 'url') {
		const url = String(context.getNodeParameter('imageUrl', itemIndex, '') ?? '').trim();
		if (!/^https?:\/\//i.test(url)) {
			throw inputError(
				context.getNode(),
				itemIndex,
				url ? `Image URL is not an http(s) URL: ${url.slice(0, 200)}` : 'Image URL is empty',
				'Enter a public http(s) URL of the image, or set Image Source to Binary Field.',
			);
		}
		return await readSkillImage(context, itemIndex, url, 'Image URL', types);
	}
	const field = String(context.getNodeParameter('binaryPropertyName', itemIndex, 'data') ?? '');
	return await readSkillImage(context, itemIndex, field, 'Input Binary Field', types);
}

/** Optional images: binary field names or URLs, separated by commas. */
export async function readImageList(
	context: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
	max: number,
): Promise<SkillImage[] | undefined> {
	const entries = splitList(value);
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

/** The description of an optional image field. */
export function imageField(
	displayName: string,
	name: string,
	what: string,
	many = 1,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		placeholder:
			many > 1
				? 'e.g. data2, https://example.com/b.png'
				: 'e.g. logo or https://example.com/logo.png',
		description: `${what}: the name of an input binary field, or a public URL${many > 1 ? ` (up to ${many}, comma-separated)` : ''}`,
	};
}

/** What every Skill run ends its form with: Estimate Only, Wait for Completion, Options. */
export const runFields: INodeProperties[] = [
	estimateOnly,
	waitForCompletion,
	optionsCollection(skillOptions),
];

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
