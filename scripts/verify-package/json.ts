import { readFileSync } from 'node:fs';

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
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value);
		return url.protocol === 'https:' || url.protocol === 'http:';
	} catch {
		return false;
	}
}
