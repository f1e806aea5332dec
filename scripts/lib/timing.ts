/** Durations as the suites print them, and a list of timed steps for a suite's summary. */
export function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

export class Timings {
	readonly entries: Array<[string, number]> = [];

	async time<T>(label: string, work: () => Promise<T> | T): Promise<T> {
		const started = Date.now();
		try {
			return await work();
		} finally {
			this.entries.push([label, Date.now() - started]);
			console.log(`[time] ${label}: ${seconds(Date.now() - started)}`);
		}
	}

	print(total: number): void {
		console.log('\nTimings:');
		for (const [label, ms] of this.entries) console.log(`  ${seconds(ms).padStart(8)}  ${label}`);
		console.log(`  ${seconds(total).padStart(8)}  total`);
	}
}
