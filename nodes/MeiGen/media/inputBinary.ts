import { createHash } from 'crypto';
import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { inputError } from '../errors/nodeErrors';
import { isBinaryObject, refName, type FileRef } from '../util/files';
import { isRecord } from '../util/records';
import { originUrl } from './origin';

/**
 * The files of the input item, in either of n8n's binary modes. A field names a file by:
 * - its binary field's name (separate mode, the default: `item.binary.data`);
 * - its path in the item's JSON (combined mode, where n8n keeps files in `json._files`: `_files.data`;
 *   the bare name `data` is taken as `_files.data` too);
 * - the file itself, a binary object an expression gave (`{{ $json._files.data }}`).
 * n8n's own helpers resolve the name or path with the workflow's mode and read the bytes.
 */

/** Where n8n keeps a combined-mode item's files. */
const FILES = '_files';

/** The files an item has, as a field would name them: binary fields, and `_files` paths. */
function filesOf(item: INodeExecutionData | undefined): string[] {
	const files = isRecord(item?.json?.[FILES]) ? (item?.json[FILES] as IDataObject) : {};
	const paths = Object.entries(files)
		.filter(([, value]) => isBinaryObject(value))
		.map(([key]) => `${FILES}.${key}`);
	return [...Object.keys(item?.binary ?? {}), ...paths];
}

/** n8n's own reading of a name or path in the workflow's binary mode; undefined when none. */
function resolve(context: IExecuteFunctions, itemIndex: number, name: string) {
	try {
		return context.helpers.assertBinaryData(itemIndex, name);
	} catch {
		return undefined;
	}
}

export interface InputFileHow {
	/** The node field that named it, when the message should say so */
	label?: string;
	/** What to change when the item has other files */
	fix: string;
	/** Another way to give the file, e.g. "give a URL" */
	instead?: string;
}

/**
 * The input item's file a field names (by name, path, or as the binary object itself), or the
 * error that lists the files the item does have and how to fix the node (nothing is sent for an
 * item without its file).
 */
export function inputBinary(
	context: IExecuteFunctions,
	itemIndex: number,
	ref: FileRef,
	how: InputFileHow,
): IBinaryData {
	if (typeof ref !== 'string') return ref;
	const name = ref.trim();
	const found =
		(name && resolve(context, itemIndex, name)) ||
		// Combined mode: a bare name is the file of that name in `_files`.
		(name && !name.includes('.') && resolve(context, itemIndex, `${FILES}.${name}`)) ||
		// Combined mode where n8n keeps binary data in memory: n8n leaves the files in `binary`.
		(name && context.getInputData()[itemIndex]?.binary?.[name]) ||
		undefined;
	if (found) return found;
	const available = filesOf(context.getInputData()[itemIndex]);
	const field = how.label ? ` (${how.label})` : '';
	throw inputError(
		context.getNode(),
		itemIndex,
		name
			? `The input item has no binary field "${name}"${field}`
			: `${how.label ?? 'The binary field'} is empty`,
		available.length
			? `Its binary fields are: ${available.join(', ')}. ${how.fix}`
			: `The input item has no binary data at all: connect a node that outputs the file (e.g. HTTP Request or Read/Write Files from Disk)${how.instead ? `, or ${how.instead}` : ''}.`,
	);
}

/** A file's bytes, read by n8n's helper (in memory, on disk or in S3, whichever n8n keeps). */
export async function fileBytes(
	context: IExecuteFunctions,
	itemIndex: number,
	binary: IBinaryData,
): Promise<Buffer> {
	return await context.helpers.getBinaryDataBuffer(itemIndex, binary);
}

/** The SHA-256 of a file's bytes, in hex. */
export function sha256(bytes: Buffer): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A binary image as MeiGen takes it wherever it takes an image URL: inline data, or MeiGen's own
 * URL when the file is one of its results, unchanged.
 */
export async function inlineImage(
	context: IExecuteFunctions,
	itemIndex: number,
	ref: FileRef,
	how: InputFileHow & { notImage: string },
): Promise<string> {
	const binary = inputBinary(context, itemIndex, ref, how);
	if (binary.mimeType && !binary.mimeType.startsWith('image/')) {
		throw inputError(
			context.getNode(),
			itemIndex,
			`Binary field "${refName(ref)}" is not an image (${binary.mimeType})`,
			how.notImage,
		);
	}
	const buffer = await fileBytes(context, itemIndex, binary);
	const hosted = originUrl(binary, sha256(buffer));
	if (hosted) return hosted;
	return `data:${binary.mimeType || 'image/png'};base64,${buffer.toString('base64')}`;
}
