/** Checks of bytes and files the suites share, on jest's expect. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** The same bytes; a failure shows sizes and hashes, not a diff of megabytes. */
export function expectBytes(actual: Buffer | undefined, expected: Buffer): void {
	const digest = (bytes?: Buffer) => ({
		bytes: bytes?.length,
		sha256: bytes && createHash('sha256').update(bytes).digest('hex'),
	});
	expect(digest(actual)).toEqual(digest(expected));
}

/** `file` exists and holds exactly `expected`. */
export async function expectFile(file: string, expected: Buffer): Promise<void> {
	expect({ file, exists: existsSync(file) }).toEqual({ file, exists: true });
	expectBytes(await readFile(file), expected);
}

/** `value`, or the check fails naming `what` (for what a `find` may not find). */
export function present<T>(value: T | undefined, what: string): T {
	if (value === undefined) throw new Error(`${what}: missing`);
	return value;
}
