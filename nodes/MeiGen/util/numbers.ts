/** `value` as a number above 0, else `fallback` (an option left empty or set to 0 means the default). */
export function positive(value: unknown, fallback: number): number {
	const number = Number(value);
	return Number.isFinite(number) && number > 0 ? number : fallback;
}
