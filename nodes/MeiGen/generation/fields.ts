import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';

import { inputError } from '../errors/nodeErrors';
import { readEntries, type Entries } from '../params/read';

/** Image → Generate's Additional Fields as the item gives them, each checked to be of its type. */

const GENERATE_FIELDS = {
	aspectRatio: 'text',
	contentReferenceImages: 'files',
	duration: 'number',
	extraBody: 'json',
	firstFrame: 'file',
	lastFrame: 'file',
	modelVariant: 'text',
	quality: 'text',
	referenceAudios: 'files',
	referenceImageBinaryProperties: 'files',
	referenceImageUrls: 'list',
	referenceMode: 'text',
	referenceType: 'text',
	referenceVideos: 'files',
	resolution: 'text',
	tier: 'text',
} as const;

/** Additional Fields, each checked to be of its type (an expression can give anything). */
export type GenerateFields = Entries<typeof GENERATE_FIELDS>;

export function readGenerateFields(context: IExecuteFunctions, itemIndex: number): GenerateFields {
	return readEntries(context, 'additionalFields', itemIndex, GENERATE_FIELDS);
}

const EXTRA_BODY_EXAMPLE = 'Enter a JSON object, e.g. {"niji7Options": {"stylize": 200}}.';

export function parseExtraBody(
	context: IExecuteFunctions,
	itemIndex: number,
	value: GenerateFields['extraBody'],
): IDataObject {
	if (value === undefined || value === '') return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = jsonParse(value);
		} catch {
			throw inputError(
				context.getNode(),
				itemIndex,
				'Extra Body is not valid JSON',
				EXTRA_BODY_EXAMPLE,
			);
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw inputError(
			context.getNode(),
			itemIndex,
			'Extra Body must be a JSON object',
			EXTRA_BODY_EXAMPLE,
		);
	}
	return parsed as IDataObject;
}
