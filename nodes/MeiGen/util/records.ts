/** A plain object (not null, not an array): how the node reads JSON whose shape is not documented. */
export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
