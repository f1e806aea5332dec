import type { INodeProperties } from 'n8n-workflow';

import { inputError } from '../../errors/nodeErrors';
import { runSkill } from '../../skills/run';
import { readAdditional, readImageInput } from '../../skills/inputs';
import { imageInput, runFields } from './descriptions';
import { checkEntries, readEntries, readTextList } from '../../params/read';
import { declareOperation, type OperationExecute } from '../operation';

/** MeiGen makes 1–6 images per run: the chosen modules plus the custom ones. */
const MAX_MODULES = 6;

const properties: INodeProperties[] = [
	...imageInput,
	{
		displayName: 'Module Names or IDs',
		name: 'modules',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getProductModules' },
		default: ['hero'],
		description:
			'The listing images to make; each is one paid image, priced as shown. Always sent as chosen (MeiGen would otherwise make three). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
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
				default: '4:5',
				placeholder: 'e.g. 1:1',
			},
			{
				displayName: 'Auto Copy',
				name: 'autoCopy',
				type: 'boolean',
				default: true,
				description: 'Whether MeiGen writes the text on the images itself',
			},
			{
				displayName: 'Custom Modules',
				name: 'customModules',
				type: 'fixedCollection',
				typeOptions: {
					multipleValues: true,
				},
				default: {},
				placeholder: 'Add Custom Module',
				options: [
					{
						displayName: 'Module',
						name: 'module',
						values: [
							{
								displayName: 'Name',
								name: 'name',
								type: 'string',
								default: '',
								description: 'At most 40 characters',
							},
							{
								displayName: 'Description',
								name: 'description',
								type: 'string',
								default: '',
								description: 'What the image shows, at most 500 characters',
							},
						],
					},
				],
				description: 'Images of your own design; each is one paid image',
			},
			{
				displayName: 'Extra Product Images',
				name: 'extraProductImages',
				type: 'string',
				default: '',
				placeholder: 'e.g. data2, https://example.com/b.png',
				description:
					'More photos of the product: the name of an input binary field, or a public URL (up to 2, comma-separated)',
			},
			{
				displayName: 'Extra Requirements',
				name: 'extraRequirements',
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
				displayName: 'Model Image',
				name: 'modelImage',
				type: 'string',
				default: '',
				placeholder: 'e.g. logo or https://example.com/logo.png',
				description:
					'A person to show with the product: the name of an input binary field, or a public URL',
			},
			{
				displayName: 'Platform Name or ID',
				name: 'platform',
				type: 'options',
				typeOptions: {
					loadOptionsMethod: 'getSkillPlatforms',
				},
				default: 'amazon',
				description:
					'The marketplace the images are laid out for, from MeiGen\'s live catalog where it lists them. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Product Name',
				name: 'productName',
				type: 'string',
				default: '',
				description: 'At most 200 characters',
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
				displayName: 'Selling Points',
				name: 'sellingPoints',
				type: 'string',
				typeOptions: {
					rows: 3,
				},
				default: '',
				description: 'At most 2000 characters',
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
	const node = context.getNode();
	const modules = readTextList(context, 'modules', itemIndex);
	const { customModules = [] } = readEntries(context, 'additionalFields', itemIndex, {
		customModules: 'groups',
	});
	const custom = customModules.map((module, index) => {
		const read = checkEntries(
			context,
			itemIndex,
			module,
			{ name: { maxLength: 40 }, description: { maxLength: 500 } },
			{ collection: 'customModules', group: `Custom Module ${index + 1}` },
		);
		return { name: read.name ?? '', description: read.description ?? '' };
	});
	if (custom.some((module) => !module.name || !module.description)) {
		throw inputError(
			node,
			itemIndex,
			'A custom module has no name or no description',
			'Fill in both, or remove the module.',
		);
	}
	const total = modules.length + custom.length;
	if (total === 0) {
		throw inputError(
			node,
			itemIndex,
			'No modules chosen',
			'Choose at least one of Modules, or add a custom module.',
		);
	}
	if (total > MAX_MODULES) {
		throw inputError(
			node,
			itemIndex,
			`${total} modules chosen; MeiGen makes at most ${MAX_MODULES} images per run`,
			'Choose fewer Modules or custom modules, or split them over two items.',
		);
	}

	const { fields, images } = await readAdditional(context, itemIndex, {
		texts: {
			productName: 200,
			sellingPoints: 2000,
			extraRequirements: 500,
			uiLocale: 35,
			platform: 100,
			aspectRatio: 20,
			language: 35,
		},
		images: { logo: 1, modelImage: 1, extraProductImages: 2 },
	});
	fields.modules = modules;
	if (custom.length) fields.customModules = custom;
	images.productImage = await readImageInput(context, itemIndex);

	return await runSkill(context, itemIndex, run, {
		skill: 'product-detail',
		fields,
		images,
		purpose: 'reference',
		outputs: total,
	});
};

export const operation = declareOperation({
	resource: 'skill',
	operation: 'productDetail',
	properties,
	execute,
	concurrent: true,
	agent: 'summary',
});
