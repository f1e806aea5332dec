import type { IBinaryData } from 'n8n-workflow';

import { splitList } from './lists';
import { isRecord } from './records';

/**
 * How a field names a file: a binary field's name (n8n's separate binary mode), a path in the
 * item's JSON (combined mode: `_files.data`), a URL, or the binary object itself, which an
 * expression such as `{{ $json._files.data }}` gives.
 */
export type FileRef = string | IBinaryData;

/** A binary object as n8n keeps one: its type, and its bytes inline or stored by ID. */
export function isBinaryObject(value: unknown): value is IBinaryData {
	return (
		isRecord(value) &&
		typeof value.mimeType === 'string' &&
		(typeof value.data === 'string' || typeof value.id === 'string')
	);
}

/**
 * A field's file references: names, paths or URLs separated by commas or new lines, or binary
 * objects (one, or a list). Undefined when the value is neither.
 */
export function fileRefs(value: unknown): FileRef[] | undefined {
	if (value === undefined || value === null || value === '') return [];
	if (typeof value === 'string') return splitList(value);
	if (isBinaryObject(value)) return [value];
	if (!Array.isArray(value)) return undefined;
	const refs: FileRef[] = [];
	for (const entry of value) {
		if (isBinaryObject(entry)) refs.push(entry);
		else if (typeof entry === 'string') refs.push(...splitList(entry));
		else return undefined;
	}
	return refs;
}

/** How a file was named, for messages: its name or path, or the binary object's file name. */
export function refName(ref: FileRef): string {
	return typeof ref === 'string' ? ref : (ref.fileName ?? 'a binary object');
}
