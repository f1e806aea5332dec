import type { INodeProperties } from 'n8n-workflow';

import { runSkill } from '../../skills/run';
import { readImageInput } from '../../skills/inputs';
import { imageInput, runFields } from './descriptions';
import { declareOperation, type OperationExecute } from '../operation';

const properties: INodeProperties[] = [...imageInput, ...runFields];

const execute: OperationExecute = async function (itemIndex, run) {
	const productImage = await readImageInput(this, itemIndex);
	return await runSkill(this, itemIndex, run, {
		skill: 'remove-bg',
		fields: {},
		images: { productImage },
		purpose: 'reference',
		outputs: 1,
	});
};

export const operation = declareOperation({
	resource: 'skill',
	operation: 'removeBackground',
	properties: properties,
	execute,
	concurrent: true,
	agent: 'summary',
});
