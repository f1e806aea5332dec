/**
 * Values as the editor or MeiGen's catalogue give them: a plain value, or (in the editor) an
 * expression it could not resolve yet, which is no value to offer or price.
 */

function isExpression(text: string): boolean {
	return text.startsWith('=') || text.includes('{{');
}

/** A value the user chose, not an expression the editor could not resolve. */
export function plainText(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	return text && !isExpression(text) ? text : undefined;
}

export function textList(value: unknown): string[] {
	return Array.isArray(value)
		? [...new Set(value.map(plainText).filter((entry) => entry !== undefined))]
		: [];
}

/** Sentences in a row; MeiGen's own text may lack its full stop. */
export function sentences(...parts: Array<string | undefined>): string {
	return parts
		.map((part) => part?.trim())
		.filter((part) => part)
		.map((part) => (/[.!?:)]$/.test(part as string) ? part : `${part}.`))
		.join(' ');
}
