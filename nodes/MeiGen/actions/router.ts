import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as generation from './generation';
import * as image from './image';
import * as model from './model';
import type { MeiGenMap, MeiGenResource } from './node.type';
import type { OperationModule } from './shared';
import * as token from './token';

const operations: { [R in MeiGenResource]: Record<MeiGenMap[R], OperationModule> } = {
	image: {
		generate: { execute: image.generate.execute, concurrent: true },
		get: { execute: image.get.execute },
	},
	generation: {
		getStatus: { execute: generation.getStatus.execute, concurrent: true },
	},
	model: {
		getAll: { execute: model.getAll.execute },
	},
	token: {
		create: { execute: token.create.execute },
		delete: { execute: token.delete.execute },
		getAll: { execute: token.getAll.execute },
		getUsage: { execute: token.getUsage.execute },
	},
};

/** The operation module for the node's Resource and Operation. */
export function route(context: IExecuteFunctions): OperationModule {
	const resource = context.getNodeParameter('resource', 0) as string;
	const operation = context.getNodeParameter('operation', 0) as string;
	const found = (operations as Record<string, Record<string, OperationModule> | undefined>)[resource]?.[operation];
	if (!found) {
		throw new NodeOperationError(context.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return found;
}
