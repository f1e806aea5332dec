// Ten: a batch of ten finishes in about one generation's time; the submits among them go four at a
// time (transport/pacer.ts), as MeiGen's own client sends them.
export const DEFAULT_CONCURRENCY = 10;

/**
 * Runs `work` for every index with at most `limit` at a time and returns the results in input order.
 * Nothing new starts once `shouldStop` says so; indexes never started are left undefined.
 */
export async function mapWithConcurrency<T>(
	count: number,
	limit: number,
	work: (index: number) => Promise<T>,
	shouldStop: () => boolean = () => false,
): Promise<Array<T | undefined>> {
	const results: Array<T | undefined> = new Array<T | undefined>(count).fill(undefined);
	let next = 0;
	const worker = async () => {
		while (next < count && !shouldStop()) {
			const index = next++;
			results[index] = await work(index);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
	return results;
}
