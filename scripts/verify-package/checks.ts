/**
 * Each check of `npm run verify` is a jest test, declared where the check is made: its name, and
 * the problems that fail it (none when it passes). Also the JSON helpers the checks share.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Checks {
	/** A check that passes, or fails with `detail`. */
	add(name: string, ok: boolean, detail?: string): undefined;
	/** A check that fails with these problems, or passes when there are none. */
	addProblems(name: string, problems: string[]): void;
}

export const checks: Checks = {
	add: (name, ok, detail) => checks.addProblems(name, unless(ok, detail ?? 'failed')) as undefined,
	addProblems: (name, problems) => test(name, () => expect(problems).toEqual([])),
};

/** `[problem]` unless `ok`. */
export const unless = (ok: boolean, problem: string): string[] => (ok ? [] : [problem]);

export type JsonObject = { [key: string]: unknown };

export const isObject = (value: unknown): value is JsonObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

export const isStringArray = (value: unknown): value is string[] =>
	Array.isArray(value) && value.every((v) => typeof v === 'string');

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

/** Every file under `dir` that `accept` takes. */
export function walk(dir: string, accept: (file: string) => boolean): string[] {
	return readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.map((entry) => join(dir, entry))
		.filter((file) => accept(file) && statSync(file).isFile());
}
