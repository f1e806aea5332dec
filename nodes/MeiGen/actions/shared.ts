import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { MeiGenModel } from '../helpers/interfaces';
import { fetchModels } from '../helpers/models';
import { SubmitPacer } from '../helpers/retry';

/** State shared by all items of one node execution. */
export class RunState {
	readonly pacer = new SubmitPacer();

	private models?: Promise<MeiGenModel[] | undefined>;

	constructor(readonly context: IExecuteFunctions) {}

	/** The model list, asked for once per execution; undefined when it could not be had (checks are then left to the API). */
	async modelList(): Promise<MeiGenModel[] | undefined> {
		this.models ??= fetchModels(this.context, { includeInactive: false }).catch(() => undefined);
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
