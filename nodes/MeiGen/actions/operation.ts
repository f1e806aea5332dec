import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemOperation } from '../execution/itemLoop';

/** What every `<operation>.operation.ts` runs: one item's work, run by the item loop. */
export type OperationExecute = ItemOperation;

/** How an AI Agent may use an operation of the MeiGen Tool. */
export type AgentUse =
	/** Not offered: the tool's panel hides it, and a workflow that sets it fails */
	| 'never'
	/** Its output as it is */
	| 'asIs'
	/** A paid job's output, summarized for the model (its IDs, URLs, credits and state) */
	| 'summary';

/** One operation, declared once: everything the node needs to show it and to run it. */
export interface Operation<R extends string = string, O extends string = string> {
	resource: R;
	operation: O;
	/** Its fields, shown only for its resource and operation */
	description: INodeProperties[];
	execute: OperationExecute;
	/** Whether items may run at the same time (Options → Concurrency) */
	concurrent: boolean;
	agent: AgentUse;
}

/** An operation's declaration: its fields are shown only for it (n8n's updateDisplayOptions). */
export function declareOperation<const R extends string, const O extends string>(
	declaration: Omit<Operation<R, O>, 'description'> & { properties: INodeProperties[] },
): Operation<R, O> {
	const { properties, ...operation } = declaration;
	const show = { resource: [operation.resource], operation: [operation.operation] };
	return { ...operation, description: updateDisplayOptions({ show }, properties) };
}

/**
 * A resource's Operation field, written out in its index.ts (so n8n's lint can read it): its
 * options are the resource's declared operations.
 */
export type OperationField<Ops extends readonly Operation[]> = INodeProperties & {
	options: Array<INodePropertyOptions & { value: Ops[number]['operation']; action: string }>;
	default: Ops[number]['operation'];
};
