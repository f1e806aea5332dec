import type { INodeProperties } from 'n8n-workflow';

import { inputError } from '../../errors/nodeErrors';
import { runSkill } from '../../skills/run';
import { readAdditional } from '../../skills/inputs';
import { runFields } from './descriptions';
import { readEntries, readShortText } from '../../params/read';
import { declareOperation, type OperationExecute } from '../operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Brand',
		name: 'brand',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Acme Coffee',
		description: 'The brand the poster is for (at most 60 characters)',
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
				name: 'ratio',
				type: 'string',
				default: '4:5',
				placeholder: 'e.g. 9:16',
				description: "The poster's aspect ratio, e.g. 4:5 (MeiGen's default)",
			},
			{
				displayName: 'Auto Copy',
				name: 'autoCopy',
				type: 'boolean',
				default: true,
				description: 'Whether MeiGen writes the poster text itself',
			},
			{
				displayName: 'Content',
				name: 'content',
				type: 'string',
				typeOptions: {
					rows: 3,
				},
				default: '',
				description: 'What the poster says or announces, at most 500 characters',
			},
			{
				displayName: 'Custom Style',
				name: 'customStyle',
				type: 'string',
				default: '',
				description: 'A style in your words (at most 200 characters); overrides Style',
			},
			{
				displayName: 'Extra Notes',
				name: 'extraNotes',
				type: 'string',
				default: '',
				description: 'At most 500 characters',
			},
			{
				displayName: 'Language Name or ID',
				name: 'language',
				type: 'options',
				typeOptions: {
					loadOptionsMethod: 'getSkillLanguages',
				},
				default: 'auto',
				description:
					'The language of the text in the images, from MeiGen\'s live catalog where it lists them. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Logo',
				name: 'logo',
				type: 'string',
				default: '',
				placeholder: 'e.g. logo or https://example.com/logo.png',
				description: 'The brand logo: the name of an input binary field, or a public URL',
			},
			{
				displayName: 'Product Images',
				name: 'productImages',
				type: 'string',
				default: '',
				placeholder: 'e.g. data2, https://example.com/b.png',
				description:
					'Photos of the products to show: the name of an input binary field, or a public URL (up to 3, comma-separated)',
			},
			{
				displayName: 'Quality Name or ID',
				name: 'quality',
				type: 'options',
				typeOptions: {
					loadOptionsMethod: 'getSkillQualities',
				},
				default: 'low',
				description:
					'Rendering effort, with its price per image. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Style Image',
				name: 'styleImage',
				type: 'string',
				default: '',
				placeholder: 'e.g. logo or https://example.com/logo.png',
				description:
					'An image whose look the poster follows: the name of an input binary field, or a public URL',
			},
			{
				displayName: 'Style Name or ID',
				name: 'style',
				type: 'options',
				typeOptions: {
					loadOptionsMethod: 'getPosterStyles',
				},
				default: '',
				description:
					'One of MeiGen\'s poster styles. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'UI Locale Name or ID',
				name: 'uiLocale',
				type: 'options',
				typeOptions: {
					loadOptionsMethod: 'getSkillUiLocales',
				},
				default: '',
				description:
					'A locale MeiGen falls back on for wording and formats; Language still sets the text in the images. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
	...runFields,
];

const execute: OperationExecute = async function (context, itemIndex, run) {
	const brand = readShortText(context, 'brand', itemIndex, 60);
	if (!brand) {
		throw inputError(
			context.getNode(),
			itemIndex,
			'Brand is empty',
			'Enter the brand the poster is for.',
		);
	}
	const { fields, images } = await readAdditional(context, itemIndex, {
		texts: {
			content: 500,
			extraNotes: 500,
			customStyle: 200,
			ratio: 20,
			language: 35,
			uiLocale: 35,
		},
		images: { logo: 1, styleImage: 1, productImages: 3 },
	});
	fields.brand = brand;
	// Style is the catalog preset's ID, which MeiGen takes as styleId.
	const { style } = readEntries(context, 'additionalFields', itemIndex, {
		style: { maxLength: 100 },
	});
	if (style) fields.styleId = style;

	return await runSkill(context, itemIndex, run, {
		skill: 'brand-poster',
		fields,
		images,
		purpose: 'reference',
		outputs: 1,
	});
};

export const operation = declareOperation({
	resource: 'skill',
	operation: 'marketingPoster',
	properties,
	execute,
	concurrent: true,
	agent: 'summary',
});
