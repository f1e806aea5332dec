import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunState } from '../../execution/runState';
import { runSkill } from '../../skills/run';
import { readImageInput } from '../../skills/inputs';
import { imageInput, runFields } from './descriptions';

const properties: INodeProperties[] = [...imageInput, ...runFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['skill'], operation: ['removeBackground'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
): Promise<INodeExecutionData[]> {
	const productImage = await readImageInput(this, itemIndex);
	return await runSkill(this, itemIndex, run, {
		skill: 'remove-bg',
		fields: {},
		images: { productImage },
		purpose: 'reference',
		outputs: 1,
	});
}
