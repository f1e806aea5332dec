import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../errors/nodeErrors';
import { fileRefs, isBinaryObject, type FileRef } from '../util/files';
import { splitList } from '../util/lists';
import { isRecord } from '../util/records';

/**
 * Typed readers of the node's parameters. A value typed in the panel has the parameter's type,
 * but one from an expression can be anything: each reader checks what it gets and turns a wrong
 * type into an input error that names the field (and says nothing was charged), instead of a
 * cast that lets a wrong value travel on into a paid request.
 */

type Context = Pick<IExecuteFunctions, 'getNode' | 'getNodeParameter'>;

/** A parameter's name as the panel shows it, near enough: `waitForCompletion` → "Wait For Completion". */
function label(name: string): string {
	const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

function shown(value: unknown): string {
	const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
	return (text ?? String(value)).slice(0, 100);
}

function invalid(
	context: Context,
	itemIndex: number,
	name: string,
	expected: string,
	value: unknown,
) {
	return inputError(
		context.getNode(),
		itemIndex,
		`${label(name)} must be ${expected}`,
		`It is ${shown(value)}. If it comes from an expression, make the expression give ${expected}.`,
	);
}

function raw(context: Context, name: string, itemIndex: number, fallback: unknown): unknown {
	return context.getNodeParameter(name, itemIndex, fallback) as unknown;
}

/** A yes/no parameter; an expression may also give the text "true" or "false". */
export function readBoolean(
	context: Context,
	name: string,
	itemIndex: number,
	fallback: boolean,
): boolean {
	const value = raw(context, name, itemIndex, fallback);
	if (value === undefined || value === null || value === '') return fallback;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw invalid(context, itemIndex, name, 'true or false', value);
}

/** A text parameter, trimmed; a number from an expression is taken as its digits. */
export function readText(context: Context, name: string, itemIndex: number, fallback = ''): string {
	const value = raw(context, name, itemIndex, fallback);
	return textOf(context, name, itemIndex, value, 'text') ?? fallback;
}

/** A value as text, trimmed; a number as its digits; any other type fails naming the field. */
function textOf(
	context: Context,
	name: string,
	itemIndex: number,
	value: unknown,
	expected: string,
): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw invalid(context, itemIndex, name, expected, value);
}

/**
 * A field that names a file: a binary field's name or path, or (from an expression) the binary
 * object itself, in either of n8n's binary modes.
 */
export function readFile(
	context: Context,
	name: string,
	itemIndex: number,
	fallback = '',
): FileRef {
	const value = raw(context, name, itemIndex, fallback);
	if (isBinaryObject(value)) return value;
	return textOf(context, name, itemIndex, value, 'a binary field name or a file') ?? fallback;
}

type Required = { label: string; hint: string };

/** A required value: an empty one fails before anything is sent. */
function nonEmpty(context: Context, itemIndex: number, value: string, what: Required): string {
	if (!value) throw inputError(context.getNode(), itemIndex, `${what.label} is empty`, what.hint);
	return value;
}

/** A text parameter that must not be empty: an ID, a name. `hint` says where to get one. */
export function readRequiredText(
	context: Context,
	name: string,
	itemIndex: number,
	what: Required,
): string {
	return nonEmpty(context, itemIndex, readText(context, name, itemIndex), what);
}

/** A number parameter; a numeric text from an expression is taken as its number. */
function readNumber(context: Context, name: string, itemIndex: number, fallback: number): number {
	const value = raw(context, name, itemIndex, fallback);
	if (value === undefined || value === null || value === '') return fallback;
	const number = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof number === 'number' && Number.isFinite(number)) return number;
	throw invalid(context, itemIndex, name, 'a number', value);
}

/**
 * Return All and Limit of a Get Many: how many results to keep, or undefined for all of them.
 * A limit below 1 is taken as 1, as the field's minimum says.
 */
export function readLimit(context: Context, itemIndex: number): number | undefined {
	if (readBoolean(context, 'returnAll', itemIndex, false)) return undefined;
	return Math.max(1, Math.floor(readNumber(context, 'limit', itemIndex, 50)));
}

/** A dropdown: one of `choices`, whatever an expression tried to put there. */
export function readChoice<T extends string>(
	context: Context,
	name: string,
	itemIndex: number,
	choices: readonly T[],
	fallback: T,
): T {
	const value = raw(context, name, itemIndex, fallback);
	if (value === undefined || value === null || value === '') return fallback;
	const match = choices.find((choice) => choice === value);
	if (match !== undefined) return match;
	throw invalid(context, itemIndex, name, `one of ${choices.join(', ')}`, value);
}

/** A collection (Options, Additional Fields): its entries, each still to be read by its user. */
export function readCollection(context: Context, name: string, itemIndex: number): IDataObject {
	const value = raw(context, name, itemIndex, {});
	if (value === undefined || value === null || value === '') return {};
	if (isRecord(value)) return value as IDataObject;
	throw invalid(context, itemIndex, name, 'a set of options', value);
}

/** A multi-select or list: names from the panel, or one text of commas and new lines. */
export function readTextList(context: Context, name: string, itemIndex: number): string[] {
	const value = raw(context, name, itemIndex, []);
	if (value === undefined || value === null) return [];
	if (Array.isArray(value)) {
		if (value.every((entry) => typeof entry === 'string')) {
			return value.map((entry: string) => entry.trim()).filter(Boolean);
		}
		throw invalid(context, itemIndex, name, 'a list of names', value);
	}
	if (typeof value === 'string') return splitList(value);
	throw invalid(context, itemIndex, name, 'a list of names', value);
}

/** What one entry of a collection holds. */
export type EntryKind = 'text' | 'number' | 'boolean' | 'list' | 'json' | 'file' | 'files';

type EntryValue<K extends EntryKind> = K extends 'text'
	? string
	: K extends 'number'
		? number
		: K extends 'boolean'
			? boolean
			: K extends 'list'
				? string[] | string
				: K extends 'file'
					? FileRef
					: K extends 'files'
						? FileRef[]
						: string | IDataObject;

/** A collection's entries, each checked against the kind it must be; the rest are left out. */
export type Entries<S extends Record<string, EntryKind>> = { [K in keyof S]?: EntryValue<S[K]> };

function entryOf(kind: EntryKind, value: unknown): unknown {
	switch (kind) {
		case 'text':
			if (typeof value === 'string') return value;
			return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
		case 'number': {
			const number = typeof value === 'string' && value.trim() ? Number(value) : value;
			return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
		}
		case 'boolean':
			if (value === 'true' || value === 'false') return value === 'true';
			return typeof value === 'boolean' ? value : undefined;
		case 'list':
			if (typeof value === 'string') return value;
			return Array.isArray(value) && value.every((entry) => typeof entry === 'string')
				? value
				: undefined;
		case 'json':
			return typeof value === 'string' || isRecord(value) ? value : undefined;
		case 'file':
			if (isBinaryObject(value)) return value;
			return typeof value === 'string' ? value.trim() : undefined;
		case 'files':
			return fileRefs(value);
	}
}

const EXPECTED: Record<EntryKind, string> = {
	text: 'text',
	number: 'a number',
	boolean: 'true or false',
	list: 'a list of names or URLs',
	json: 'a JSON object',
	file: 'a binary field name, a URL or a file',
	files: 'binary field names, URLs or files',
};

/**
 * A collection (Additional Fields, Options) read entry by entry: each entry that is set must be
 * of its kind, and an entry of the wrong type fails naming it (nothing is charged).
 */
export function readEntries<S extends Record<string, EntryKind>>(
	context: Context,
	name: string,
	itemIndex: number,
	kinds: S,
): Entries<S> {
	const collection = readCollection(context, name, itemIndex);
	const entries: Record<string, unknown> = {};
	for (const [key, kind] of Object.entries(kinds)) {
		const value = collection[key];
		if (value === undefined || value === null || value === '') continue;
		const read = entryOf(kind, value);
		if (read === undefined) throw invalid(context, itemIndex, key, EXPECTED[kind], value);
		entries[key] = read;
	}
	return entries as Entries<S>;
}

/** A resource locator's ID, whichever way it was picked (from the list, by ID, an old plain text). */
function readLocatorId(context: Context, name: string, itemIndex: number): string {
	const value = context.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	return textOf(context, name, itemIndex, value, 'an ID') ?? '';
}

/** A resource locator that must name something: an empty one fails before anything is sent. */
export function readRequiredLocator(
	context: Context,
	name: string,
	itemIndex: number,
	what: Required,
): string {
	return nonEmpty(context, itemIndex, readLocatorId(context, name, itemIndex), what);
}

/** The Model field (a resource locator): the model's ID, whichever way it was picked. */
export function readModelId(context: Context, itemIndex: number): string {
	const value = context.getNodeParameter('modelId', itemIndex, '', {
		extractValue: true,
	}) as unknown;
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	throw invalid(context, itemIndex, 'model', 'a model ID', value);
}
