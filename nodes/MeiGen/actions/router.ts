import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runItems } from '../execution/itemLoop';
import { readText } from '../params/read';
import { forAiTool } from './aiTool';
import * as generation from './generation';
import * as image from './image';
import * as model from './model';
import type { Operation } from './operation';
import * as skill from './skill';
import * as token from './token';

/** Every operation of the node, as each declares itself. */
export const OPERATIONS: readonly Operation[] = [
	...image.operations,
	...generation.operations,
	...model.operations,
	...skill.operations,
	...token.operations,
];

/** Runs the node's Resource and Operation over the input items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = readText(this, 'resource', 0);
	const name = readText(this, 'operation', 0);
	const operation = OPERATIONS.find(
		(candidate) => candidate.resource === resource && candidate.operation === name,
	);
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${name}" of "${resource}" is not supported`,
		);
	}
	return forAiTool(this, operation, async () => await runItems(this, operation));
}
