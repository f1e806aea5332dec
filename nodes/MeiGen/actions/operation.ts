import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemOperation } from '../execution/itemLoop';
import type { MeiGenMap, MeiGenResource } from './node.type';

/** What every `<operation>.operation.ts` exports as `execute`: one item's work, run by the item loop. */
export type OperationExecute = ItemOperation;

/** An operation's fields, shown only for its resource and operation (n8n's updateDisplayOptions). */
export function forOperation<R extends MeiGenResource>(
	resource: R,
	operation: MeiGenMap[R],
	properties: INodeProperties[],
): INodeProperties[] {
	return updateDisplayOptions(
		{ show: { resource: [resource], operation: [operation] } },
		properties,
	);
}

/** A resource's Operation field: its operations (sorted by name, as n8n's lint asks) and the default. */
export function operationField<R extends MeiGenResource>(
	resource: R,
	options: Array<INodePropertyOptions & { value: MeiGenMap[R]; action: string }>,
	defaultOperation: MeiGenMap[R],
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultOperation,
	};
}
