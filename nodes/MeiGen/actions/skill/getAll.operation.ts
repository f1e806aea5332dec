import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { toNodeError } from '../../errors/nodeErrors';
import type { RunState } from '../../execution/runState';
import { entryId, fetchSkillCatalog, pricePerImage } from '../../catalog/skills';
import { readLimit } from '../../params/read';
import { returnAllFields } from '../common.descriptions';

const properties: INodeProperties[] = [...returnAllFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['skill'], operation: ['getAll'] } },
	properties,
);

/** One item per Skill of MeiGen's live catalog, with its price per image where it can be read. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
): Promise<INodeExecutionData[]> {
	const limit = readLimit(this, itemIndex);
	try {
		const entries = await fetchSkillCatalog(this, { signal: run.signal });
		return entries.slice(0, limit).map((entry) => {
			const json: IDataObject = {
				id: entryId(entry),
				title: entry.title ?? entry.name,
				pricePerImage: pricePerImage(entry),
				maxOutputImages: entry.maxOutputImages,
				materials: entry.materials as IDataObject,
				inputSchema: entry.inputSchema as IDataObject,
				...(entry as IDataObject),
			};
			// A price that can't be read is unknown, never free: leave it out rather than say 0.
			if (json.pricePerImage === undefined) delete json.pricePerImage;
			return { json };
		});
	} catch (error) {
		throw toNodeError(this.getNode(), error, { itemIndex });
	}
}
