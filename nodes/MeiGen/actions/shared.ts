import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { MeiGenModel } from '../helpers/interfaces';
import { fetchModels } from '../helpers/models';
import { SubmitPacer } from '../helpers/retry';

/** State shared by all items of one node execution. */
export class RunState {
	readonly pacer = new SubmitPacer();

	/** When the node began: the workflow's execution timeout is counted from here. */
	readonly startedAt = Date.now();

	private models?: Promise<MeiGenModel[] | undefined>;

	constructor(readonly context: IExecuteFunctions) {}

	/** The model list, asked for once per execution; undefined when it could not be had (checks are then left to the API). */
	async modelList(): Promise<MeiGenModel[] | undefined> {
		// An empty list is no list: it must not make every model "unknown".
		this.models ??= fetchModels(this.context, { includeInactive: false }).then(
			(models) => (models.length ? models : undefined),
			() => undefined,
		);
		return await this.models;
	}
}

/** One operation's work on one item: its output items (pairedItem is added by the caller). */
export type ItemOperation = (
	this: IExecuteFunctions,
	itemIndex: number,
	state: RunState,
) => Promise<INodeExecutionData[]>;

export interface OperationModule {
	execute: ItemOperation;
	/** Whether items may run at the same time (Options → Concurrency) */
	concurrent?: boolean;
}
