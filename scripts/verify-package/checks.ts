/**
 * Each check of `npm run verify` is a jest test, declared where the check is made: its name, and
 * the problems that fail it (none when it passes). Also the JSON helpers the checks share.
 */
import { readFileSync } from 'node:fs';

export interface Checks {
	/** A check that passes, or fails with `detail`. */
	add(name: string, ok: boolean, detail?: string): undefined;
	/** A check that fails with these problems, or passes when there are none. */
	addProblems(name: string, problems: string[]): void;
}

export const checks: Checks = {
	add: (name, ok, detail) => {
		checks.addProblems(name, ok ? [] : [detail ?? 'failed']);
		return undefined;
	},
	addProblems: (name, problems) => test(name, () => expect(problems).toEqual([])),
};

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isStringArray(value: unknown): value is string[] {
	return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

export function readJsonObject(file: string): JsonObject {
	const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
	if (!isObject(parsed)) throw new Error(`${file} does not hold a JSON object`);
	return parsed;
}

export function isHttpUrl(value: unknown): value is string {
	try {
		return typeof value === 'string' && ['https:', 'http:'].includes(new URL(value).protocol);
	} catch {
		return false;
	}
}
