import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as generation from './actions/generation';
import * as image from './actions/image';
import * as model from './actions/model';
import { router } from './actions/router';
import * as skill from './actions/skill';
import * as token from './actions/token';
import { searchApiKeys } from './methods/apiKeys';
import { searchModels } from './methods/listSearch';
import { getPosterStyles } from './methods/loadOptions';
import { getSkillLanguages, getSkillPlatforms, getSkillUiLocales } from './methods/skillLocales';
import {
	getBackgroundModes,
	getBackgroundQualities,
	getProductModules,
	getSkillQualities,
	getUpscaleModes,
} from './methods/skillPrices';
import {
	getAspectRatios,
	getDurations,
	getModelVariants,
	getQualities,
	getResolutions,
	getTiers,
} from './methods/modelOptions';

const RESOURCES: INodePropertyOptions[] = [
	{ name: 'Generation', value: 'generation' },
	{ name: 'Image', value: 'image' },
	{ name: 'Model', value: 'model' },
	{ name: 'Skill', value: 'skill' },
	{ name: 'Token', value: 'token' },
];

const resource: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: RESOURCES,
	default: 'image',
};

export class MeiGen implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MeiGen',
		name: 'meiGen',
		icon: { light: 'file:meigen.svg', dark: 'file:meigen.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Generate images and videos with MeiGen, run its product-image Skills, wait for them and get the files',
		defaults: {
			name: 'MeiGen',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'meiGenApi',
				required: true,
			},
		],
		properties: [
			// As an AI Agent's tool (n8n's `@tool` display option: the meiGenTool variant) the node
			// offers no Token resource: an agent must not create or revoke API keys.
			{ ...resource, options: RESOURCES, displayOptions: { show: { '@tool': [false] } } },
			{
				...resource,
				options: RESOURCES.filter((option) => option.value !== 'token'),
				displayOptions: { show: { '@tool': [true] } },
			},
			...image.description,
			...generation.description,
			...model.description,
			...skill.description,
			...token.description,
		],
	};

	methods = {
		listSearch: { searchApiKeys, searchModels },
		loadOptions: {
			getAspectRatios,
			getBackgroundModes,
			getBackgroundQualities,
			getDurations,
			getModelVariants,
			getPosterStyles,
			getProductModules,
			getQualities,
			getResolutions,
			getSkillLanguages,
			getSkillPlatforms,
			getSkillQualities,
			getSkillUiLocales,
			getTiers,
			getUpscaleModes,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
