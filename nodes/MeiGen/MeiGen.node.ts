import type {
	IExecuteFunctions,
	INodeExecutionData,
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
import { searchModels } from './methods/listSearch';
import { getPosterStyles } from './methods/loadOptions';
import {
	getAspectRatios,
	getDurations,
	getModelVariants,
	getQualities,
	getResolutions,
	getTiers,
} from './methods/modelOptions';

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
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Generation', value: 'generation' },
					{ name: 'Image', value: 'image' },
					{ name: 'Model', value: 'model' },
					{ name: 'Skill', value: 'skill' },
					{ name: 'Token', value: 'token' },
				],
				default: 'image',
			},
			...image.description,
			...generation.description,
			...model.description,
			...skill.description,
			...token.description,
		],
	};

	methods = {
		listSearch: { searchModels },
		loadOptions: {
			getAspectRatios,
			getDurations,
			getModelVariants,
			getPosterStyles,
			getQualities,
			getResolutions,
			getTiers,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
