/** Reads a promise's outcome after the fake clock moved, without awaiting it. */
export function track<T>(promise: Promise<T>) {
	const probe: { settled: boolean; value?: T; error?: unknown } = { settled: false };
	promise.then(
		(value) => Object.assign(probe, { settled: true, value }),
		(error: unknown) => Object.assign(probe, { settled: true, error }),
	);
	return probe;
}

/** Fake timers (and Date) for every test of the file. */
export function useFakeClock(): void {
	beforeEach(() => jest.useFakeTimers());
	afterEach(() => jest.useRealTimers());
}

/** Runs the fake clock until `promise` has settled (every timer it sets fires at once). */
export async function runToEnd<T>(promise: Promise<T>): Promise<T> {
	track(promise);
	await jest.runAllTimersAsync();
	return await promise;
}
