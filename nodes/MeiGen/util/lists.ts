/**
 * A field that takes several names or URLs: entries are separated by commas or new lines (an
 * expression that joins with '\n' and a hand-typed 'a, b' both work), blanks are dropped.
 */
export function splitList(value: unknown): string[] {
	return String(value ?? '')
		.split(/[,\n]/)
		.map((entry) => entry.trim())
		.filter(Boolean);
}
