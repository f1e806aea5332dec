import type { INodeProperties } from 'n8n-workflow';

import { runSkill } from '../../skills/run';
import { readImageInput } from '../../skills/inputs';
import { imageInput, runFields } from './descriptions';
import { declareOperation, type OperationExecute } from '../operation';

const properties: INodeProperties[] = [...imageInput, ...runFields];

const execute: OperationExecute = async function (context, itemIndex, run) {
	const productImage = await readImageInput(context, itemIndex);
	return await runSkill(context, itemIndex, run, {
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
	properties,
	execute,
	concurrent: true,
	agent: 'summary',
});
