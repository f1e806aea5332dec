/** Durations as the suites print them. */
export function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}
