import type { INodeProperties } from 'n8n-workflow';

import { runSkill } from '../../skills/run';
import { readImageInput } from '../../skills/inputs';
import { imageInput, runFields } from './descriptions';
import { forOperation, type OperationExecute } from '../operation';

const properties: INodeProperties[] = [...imageInput, ...runFields];

export const description = forOperation('skill', 'removeBackground', properties);

export const execute: OperationExecute = async function (itemIndex, run) {
	const productImage = await readImageInput(this, itemIndex);
	return await runSkill(this, itemIndex, run, {
		skill: 'remove-bg',
		fields: {},
		images: { productImage },
		purpose: 'reference',
		outputs: 1,
	});
};
