import type { IDataObject } from 'n8n-workflow';

/** A plain object (not null, not an array): how the node reads JSON whose shape is not documented. */
export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object without its undefined and null fields: n8n 1.x retries a node whose first item has an `error` field, even a null one. */
export function dropEmpty(json: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(json).filter(([, value]) => value !== undefined && value !== null),
	);
}
