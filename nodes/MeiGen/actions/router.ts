import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runItems, type OperationModule } from '../execution/itemLoop';
import { forAiTool, refuseForAiTool } from './aiTool';
import * as generation from './generation';
import * as image from './image';
import * as model from './model';
import type { MeiGenMap, MeiGenResource } from './node.type';
import * as skill from './skill';
import * as token from './token';
import { readText } from '../params/read';

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
	skill: {
		removeBackground: { execute: skill.removeBackground.execute, concurrent: true },
		upscale: { execute: skill.upscale.execute, concurrent: true },
		productDetail: { execute: skill.productDetail.execute, concurrent: true },
		marketingPoster: { execute: skill.marketingPoster.execute, concurrent: true },
		aiBackground: { execute: skill.aiBackground.execute, concurrent: true },
		getStatus: { execute: skill.getStatus.execute, concurrent: true },
		getAll: { execute: skill.getAll.execute },
	},
	token: {
		create: { execute: token.create.execute },
		delete: { execute: token.delete.execute },
		getAll: { execute: token.getAll.execute },
		getUsage: { execute: token.getUsage.execute },
	},
};

/** Runs the node's Resource and Operation over the input items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = readText(this, 'resource', 0);
	const operation = readText(this, 'operation', 0);
	const found = (operations as Record<string, Record<string, OperationModule> | undefined>)[
		resource
	]?.[operation];
	if (!found) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	refuseForAiTool(this, resource);
	return forAiTool(this, resource, operation, await runItems(this, found));
}
