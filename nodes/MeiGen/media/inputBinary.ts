import { createHash } from 'crypto';
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../errors/nodeErrors';
import { originUrl } from './origin';

/**
 * The input item's binary field `name`, or the error that says which fields the item has and
 * how to fix the node (nothing is sent for an item without its file).
 */
export function inputBinary(
	context: IExecuteFunctions,
	itemIndex: number,
	name: string,
	how: {
		/** The node field that named it, when the message should say so */
		label?: string;
		/** What to change when the item has other binary fields */
		fix: string;
		/** Another way to give the file, e.g. "give a URL" */
		instead?: string;
	},
): IBinaryData {
	const item = context.getInputData()[itemIndex];
	const binary = name ? item.binary?.[name] : undefined;
	if (binary) return binary;
	const available = Object.keys(item.binary ?? {});
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
	name: string,
	how: { label?: string; fix: string; instead?: string; notImage: string },
): Promise<string> {
	const binary = inputBinary(context, itemIndex, name, how);
	if (binary.mimeType && !binary.mimeType.startsWith('image/')) {
		throw inputError(
			context.getNode(),
			itemIndex,
			`Binary field "${name}" is not an image (${binary.mimeType})`,
			how.notImage,
		);
	}
	const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, name);
	const hosted = originUrl(binary, sha256(buffer));
	if (hosted) return hosted;
	return `data:${binary.mimeType || 'image/png'};base64,${buffer.toString('base64')}`;
}
