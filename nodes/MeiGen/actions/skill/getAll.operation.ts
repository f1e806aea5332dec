import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { toNodeError } from '../../errors/nodeErrors';
import { entryId, fetchSkillCatalog, pricePerImage } from '../../catalog/skills';
import { readLimit } from '../../params/read';
import { returnAllFields } from '../common.descriptions';
import { declareOperation, type OperationExecute } from '../operation';

const properties: INodeProperties[] = [...returnAllFields];

/** One item per Skill of MeiGen's live catalog, with its price per image where it can be read. */
const execute: OperationExecute = async function (context, itemIndex, run) {
	const limit = readLimit(context, itemIndex);
	try {
		const entries = await fetchSkillCatalog(context, { signal: run.signal });
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
		throw toNodeError(context.getNode(), error, { itemIndex });
	}
};

export const operation = declareOperation({
	resource: 'skill',
	operation: 'getAll',
	properties,
	execute,
	concurrent: false,
	agent: 'asIs',
});
