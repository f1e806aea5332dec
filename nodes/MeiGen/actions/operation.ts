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

/** A resource's Operation field, written out in its index.ts: its options are its operations. */
export type OperationField<R extends MeiGenResource> = INodeProperties & {
	options: Array<INodePropertyOptions & { value: MeiGenMap[R]; action: string }>;
	default: MeiGenMap[R];
};
