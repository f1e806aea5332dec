import type { INodeProperties } from 'n8n-workflow';

import { SKILL_POLL_SECONDS } from '../../catalog/skills';
import { costOptions, estimateOnly, waitOptions } from '../common.descriptions';

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
		"A UUID that makes resubmitting safe (MeiGen's idempotency key for Skill runs): the same ID with the same inputs continues the same job and charges nothing. Skill → Get Status finds the run by it. Empty: derived from the execution, node, run, item and inputs.",
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

/** A Skill's Additional Fields: the optional inputs it sends only when set. */
export function additionalFields(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options,
	};
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

/** Language, UI Locale and Quality, as Product Detail and Marketing Poster share them. */
export const languageField: INodeProperties = {
	displayName: 'Language Name or ID',
	name: 'language',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getSkillLanguages' },
	default: 'auto',
	description:
		'The language of the text in the images, from MeiGen\'s live catalog where it lists them. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const uiLocaleField: INodeProperties = {
	displayName: 'UI Locale Name or ID',
	name: 'uiLocale',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getSkillUiLocales' },
	default: '',
	description:
		'A locale MeiGen falls back on for wording and formats; Language still sets the text in the images. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const skillQualityField: INodeProperties = {
	displayName: 'Quality Name or ID',
	name: 'quality',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getSkillQualities' },
	default: 'low',
	description:
		'Rendering effort, with its price per image. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};
