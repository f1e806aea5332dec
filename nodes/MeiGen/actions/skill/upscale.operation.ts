import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunState } from '../../execution/runState';
import { UPSCALE_TYPES } from '../../skills/images';
import { runSkill } from '../../skills/run';
import { readImageInput } from '../../skills/inputs';
import { imageInput, runFields } from './descriptions';
import { readBoolean, readText } from '../../params/read';

const properties: INodeProperties[] = [
	...imageInput,
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: 'crisp',
		options: [
			{ name: 'Crisp', value: 'crisp', description: 'Sharper, faithful to the original' },
			{ name: 'Creative', value: 'creative', description: 'Adds plausible detail' },
		],
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

export const description = updateDisplayOptions(
	{ show: { resource: ['skill'], operation: ['upscale'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
): Promise<INodeExecutionData[]> {
	const imageUrl = await readImageInput(this, itemIndex, UPSCALE_TYPES);
	const mode = readText(this, 'mode', itemIndex, 'crisp');
	const allowDownscale = readBoolean(this, 'allowDownscale', itemIndex, false);
	return await runSkill(this, itemIndex, run, {
		skill: 'upscale',
		fields: { mode, allowDownscale },
		images: { imageUrl },
		purpose: 'upscale',
		outputs: 1,
	});
}
