import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../errors/nodeErrors';
import { runSkill } from '../../skills/run';
import { readImageInput } from '../../skills/inputs';
import { imageInput, runFields } from './descriptions';
import { readEntries, readShortText, readText } from '../../params/read';
import { declareOperation, type OperationExecute } from '../operation';

const properties: INodeProperties[] = [
	...imageInput,
	{
		displayName: 'Mode Name or ID',
		name: 'mode',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getBackgroundModes',
			// A mode's price depends on the quality chosen.
			loadOptionsDependsOn: ['additionalFields.quality'],
		},
		default: 'smart',
		description:
			'Custom (a background you describe), Smart (MeiGen picks one) or White, each with its price. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Custom Prompt',
		name: 'customPrompt',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		placeholder: 'e.g. On a marble counter, soft morning light',
		description: 'The background to create (at most 300 characters)',
		displayOptions: { show: { mode: ['custom'] } },
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
				default: 'auto',
				placeholder: 'e.g. 1:1',
				description: 'Aspect ratio of the result, or auto. Smart and Custom modes only.',
			},
			{
				displayName: 'Quality Name or ID',
				name: 'quality',
				type: 'options',
				typeOptions: {
					loadOptionsMethod: 'getBackgroundQualities',
					loadOptionsDependsOn: ['mode'],
				},
				default: 'fast',
				description:
					'Smart and Custom modes only, with its price in the chosen mode. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
	...runFields,
];

const execute: OperationExecute = async function (context, itemIndex, run) {
	const mode = readText(context, 'mode', itemIndex, 'smart');
	const additional = readEntries(context, 'additionalFields', itemIndex, {
		quality: 'text',
		ratio: { maxLength: 20 },
	});
	const fields: IDataObject = { mode };
	if (mode === 'custom') {
		const prompt = readShortText(context, 'customPrompt', itemIndex, 300);
		if (!prompt) {
			throw inputError(
				context.getNode(),
				itemIndex,
				'Custom Prompt is empty',
				'Describe the background in Custom Prompt, or choose the Smart or White mode.',
			);
		}
		fields.customPrompt = prompt;
	}
	// Ratio and quality apply to the smart and custom modes only; MeiGen rejects unknown fields.
	if (mode !== 'white') {
		if (additional.ratio) fields.ratio = additional.ratio;
		if (additional.quality) fields.quality = additional.quality;
	}
	const productImage = await readImageInput(context, itemIndex);
	return await runSkill(context, itemIndex, run, {
		skill: 'white-bg',
		fields,
		images: { productImage },
		purpose: 'reference',
		outputs: 1,
		priceVariant: { mode, quality: String(fields.quality ?? 'fast') },
	});
};

export const operation = declareOperation({
	resource: 'skill',
	operation: 'aiBackground',
	properties,
	execute,
	concurrent: true,
	agent: 'summary',
});
