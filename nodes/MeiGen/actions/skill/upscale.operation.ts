import type { INodeProperties } from 'n8n-workflow';

import { UPSCALE_TYPES } from '../../skills/images';
import { runSkill } from '../../skills/run';
import { readImageInput } from '../../skills/inputs';
import { imageInput, runFields } from './descriptions';
import { readBoolean, readText } from '../../params/read';
import { declareOperation, type OperationExecute } from '../operation';

const properties: INodeProperties[] = [
	...imageInput,
	{
		displayName: 'Mode Name or ID',
		name: 'mode',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getUpscaleModes' },
		default: 'crisp',
		description:
			'Crisp (sharper, faithful to the original) or Creative (adds plausible detail), each with its price. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Allow Downscale',
		name: 'allowDownscale',
		type: 'boolean',
		default: false,
		description:
			'Whether MeiGen may shrink an image over 4096 px per edge or 16 megapixels before upscaling it. Off: such an image fails, with nothing charged.',
	},
	...runFields,
];

const execute: OperationExecute = async function (context, itemIndex, run) {
	const imageUrl = await readImageInput(context, itemIndex, UPSCALE_TYPES);
	const mode = readText(context, 'mode', itemIndex, 'crisp');
	const allowDownscale = readBoolean(context, 'allowDownscale', itemIndex, false);
	return await runSkill(context, itemIndex, run, {
		skill: 'upscale',
		fields: { mode, allowDownscale },
		images: { imageUrl },
		purpose: 'upscale',
		outputs: 1,
		// Priced as the Mode dropdown shows it: by mode where the catalog prices modes apart.
		priceVariant: { mode },
	});
};

export const operation = declareOperation({
	resource: 'skill',
	operation: 'upscale',
	properties,
	execute,
	concurrent: true,
	agent: 'summary',
});
