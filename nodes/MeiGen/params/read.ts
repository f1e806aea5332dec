import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../errors/nodeErrors';
import { fieldName, fieldOf, type Field, type Scope } from './fields';
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

/** Where a value comes from: a field, or an entry of a collection (Options, Additional Fields). */
interface Place {
	name: string;
	collection?: string;
	/** Set for an entry of a fixed collection's group, e.g. "Custom Modules 2" */
	group?: string;
}

/** The operation whose panel the item's values come from: its fields' labels and bounds. */
function scopeOf(context: Context, itemIndex: number): Scope {
	const text = (name: string) => {
		const value = context.getNodeParameter(name, itemIndex, '') as unknown;
		return typeof value === 'string' && value ? value : undefined;
	};
	return { resource: text('resource'), operation: text('operation') };
}

/** A field as the item's panel names it, e.g. "Options → Max Credits". */
export function panelName(
	context: Context,
	itemIndex: number,
	name: string,
	collection?: string,
): string {
	return fieldName(name, collection, scopeOf(context, itemIndex));
}

/** A field's own label on the item's panel, e.g. "Aspect Ratio Name or ID". */
export function panelLabel(
	context: Context,
	itemIndex: number,
	name: string,
	collection?: string,
): string {
	return fieldOf(name, collection, scopeOf(context, itemIndex)).label;
}

function named(context: Context, itemIndex: number, place: Place): string {
	const scope = scopeOf(context, itemIndex);
	if (!place.group) return fieldName(place.name, place.collection, scope);
	return `${place.group} → ${fieldOf(place.name, place.collection, scope).label}`;
}

function shown(value: unknown): string {
	const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
	return (text ?? String(value)).slice(0, 100);
}

function invalid(
	context: Context,
	itemIndex: number,
	place: Place | string,
	expected: string,
	value: unknown,
) {
	return inputError(
		context.getNode(),
		itemIndex,
		`${named(context, itemIndex, typeof place === 'string' ? { name: place } : place)} must be ${expected}`,
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

/** A text parameter within MeiGen's length limit, trimmed: a longer one fails naming the field. */
export function readShortText(
	context: Context,
	name: string,
	itemIndex: number,
	maxLength: number,
): string {
	const text = readText(context, name, itemIndex);
	const values = { [name]: text };
	return checkEntries(context, itemIndex, values, { [name]: { maxLength } }, {})[name] ?? '';
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

/** A required value: an empty one fails, naming the field, before anything is sent. */
function nonEmpty(
	context: Context,
	itemIndex: number,
	value: string,
	name: string,
	hint: string,
): string {
	if (!value) {
		const label = panelName(context, itemIndex, name);
		throw inputError(context.getNode(), itemIndex, `${label} is empty`, hint);
	}
	return value;
}

/** A text parameter that must not be empty: an ID, a name. `hint` says where to get one. */
export function readRequiredText(
	context: Context,
	name: string,
	itemIndex: number,
	hint: string,
): string {
	return nonEmpty(context, itemIndex, readText(context, name, itemIndex), name, hint);
}

/**
 * A number within the bounds the field's description gives the panel (minValue, maxValue, and
 * numberPrecision 0 for whole numbers); a numeric text from an expression is taken as its number.
 * Undefined: the value is not a number there.
 */
function numberIn(field: Field, value: unknown): number | undefined {
	const number = typeof value === 'string' && value.trim() ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) return undefined;
	const { minValue, maxValue, numberPrecision } = field.typeOptions ?? {};
	if (minValue !== undefined && number < minValue) return undefined;
	if (maxValue !== undefined && number > maxValue) return undefined;
	if (numberPrecision === 0 && !Number.isInteger(number)) return undefined;
	return number;
}

/** "a whole number from 1 to 50": what a number field takes, in words. */
function numberWords(field: Field): string {
	const { minValue, maxValue, numberPrecision } = field.typeOptions ?? {};
	const kind = numberPrecision === 0 ? 'a whole number' : 'a number';
	if (minValue !== undefined && maxValue !== undefined) {
		return `${kind} from ${minValue} to ${maxValue}`;
	}
	if (minValue !== undefined) return `${kind} of ${minValue} or more`;
	if (maxValue !== undefined) return `${kind} of ${maxValue} or less`;
	return kind;
}

/** A number parameter, within the field's bounds. */
function readNumber(context: Context, name: string, itemIndex: number, fallback: number): number {
	const value = raw(context, name, itemIndex, fallback);
	if (value === undefined || value === null || value === '') return fallback;
	const field = fieldOf(name, undefined, scopeOf(context, itemIndex));
	const number = numberIn(field, value);
	if (number !== undefined) return number;
	throw invalid(context, itemIndex, name, numberWords(field), value);
}

/** Return All and Limit of a Get Many: how many results to keep, or undefined for all of them. */
export function readLimit(context: Context, itemIndex: number): number | undefined {
	if (readBoolean(context, 'returnAll', itemIndex, false)) return undefined;
	return Math.floor(readNumber(context, 'limit', itemIndex, 50));
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

/** A collection (Options, Additional Fields) as a whole: its entries are read by readEntries. */
function readCollection(context: Context, name: string, itemIndex: number): IDataObject {
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

/** What one entry of a collection holds; numbers within the field's bounds. */
export type EntryKind =
	'text' | 'number' | 'boolean' | 'choice' | 'list' | 'json' | 'file' | 'files' | 'groups';

/** An entry's kind, or text with MeiGen's length limit. */
export type EntrySpec = EntryKind | { maxLength: number };

type EntryValue<K extends EntrySpec> = K extends 'text' | 'choice' | { maxLength: number }
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
						: K extends 'groups'
							? IDataObject[]
							: string | IDataObject;

/** A collection's entries, each checked against the kind it must be; the rest are left out. */
export type Entries<S extends Record<string, EntrySpec>> = { [K in keyof S]?: EntryValue<S[K]> };

function entryOf(kind: EntryKind, value: unknown, field: Field): unknown {
	switch (kind) {
		case 'text':
			if (typeof value === 'string') return value.trim();
			return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
		case 'number':
			return numberIn(field, value);
		case 'boolean':
			if (value === 'true' || value === 'false') return value === 'true';
			return typeof value === 'boolean' ? value : undefined;
		case 'choice': {
			const text = typeof value === 'string' ? value.trim() : undefined;
			return text !== undefined && (!field.values || field.values.includes(text))
				? text
				: undefined;
		}
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
		case 'groups': {
			// A fixed collection with multiple values: { group: [entries, …] }, one group only.
			const groups = isRecord(value) ? Object.values(value)[0] : undefined;
			if (groups === undefined) return [];
			return Array.isArray(groups) && groups.every(isRecord) ? groups : undefined;
		}
	}
}

function expected(kind: EntryKind, field: Field): string {
	switch (kind) {
		case 'number':
			return numberWords(field);
		case 'choice':
			return field.values ? `one of ${field.values.join(', ')}` : 'text';
		default:
			return {
				text: 'text',
				boolean: 'true or false',
				list: 'a list of names or URLs',
				json: 'a JSON object',
				file: 'a binary field name, a URL or a file',
				files: 'binary field names, URLs or files',
				groups: 'a list of entries',
			}[kind];
	}
}

/**
 * Values of a collection read entry by entry: each entry that is set must be of its kind (and a
 * text within its length), and one that is not fails naming it (nothing is charged).
 */
export function checkEntries<S extends Record<string, EntrySpec>>(
	context: Context,
	itemIndex: number,
	values: IDataObject,
	specs: S,
	where: Omit<Place, 'name'>,
): Entries<S> {
	const entries: Record<string, unknown> = {};
	for (const [name, spec] of Object.entries(specs)) {
		const value = values[name];
		if (value === undefined || value === null || value === '') continue;
		const place = { ...where, name };
		const field = fieldOf(name, where.collection, scopeOf(context, itemIndex));
		const kind = typeof spec === 'string' ? spec : 'text';
		const read = entryOf(kind, value, field);
		if (read === undefined) throw invalid(context, itemIndex, place, expected(kind, field), value);
		if (typeof spec === 'object' && typeof read === 'string' && read.length > spec.maxLength) {
			throw inputError(
				context.getNode(),
				itemIndex,
				`${named(context, itemIndex, place)} is ${read.length} characters long; MeiGen takes at most ${spec.maxLength}`,
				`Shorten ${named(context, itemIndex, place)}.`,
			);
		}
		if (read !== '') entries[name] = read;
	}
	return entries as Entries<S>;
}

/**
 * A collection (Additional Fields, Options) read entry by entry: each entry that is set must be
 * of its kind, and an entry of the wrong type or out of the field's bounds fails naming it.
 */
export function readEntries<S extends Record<string, EntrySpec>>(
	context: Context,
	name: string,
	itemIndex: number,
	specs: S,
): Entries<S> {
	const values = readCollection(context, name, itemIndex);
	return checkEntries(context, itemIndex, values, specs, { collection: name });
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
	hint: string,
): string {
	return nonEmpty(context, itemIndex, readLocatorId(context, name, itemIndex), name, hint);
}

/** The Model field (a resource locator): the model's ID, whichever way it was picked. */
export function readModelId(context: Context, itemIndex: number): string {
	const value = context.getNodeParameter('modelId', itemIndex, '', {
		extractValue: true,
	}) as unknown;
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	throw invalid(context, itemIndex, 'modelId', 'a model ID', value);
}
