import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunState } from '../../helpers/runState';
import { runSkill } from '../../helpers/skillRun';
import {
	imageInput,
	optionsCollection,
	readImageInput,
	skillOptions,
	waitForCompletion,
} from './descriptions';
import { estimateOnly } from '../common.descriptions';

const properties: INodeProperties[] = [
	...imageInput,
	estimateOnly,
	waitForCompletion,
	optionsCollection(skillOptions),
];

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
