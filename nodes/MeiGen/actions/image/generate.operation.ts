import type { INodeProperties } from 'n8n-workflow';

import { runGeneration } from '../../generation/run';
import { costOptions, estimateOnly, modelLocator, waitOptions } from '../common.descriptions';
import { modelAwareFields } from './modelFields';
import { forOperation, type OperationExecute } from '../operation';

const idempotencyKeyOption: INodeProperties = {
	displayName: 'Idempotency Key',
	name: 'idempotencyKey',
	type: 'string',
	default: '',
	placeholder: 'e.g. 3f0b9a52-1c4e-4d8e-9a51-2f7f5c0e6b1d',
	description:
		"A UUID that makes resubmitting safe: the same key with the same inputs returns the same job and charges nothing. The output's Request ID (requestId) is this key, and Generation → Get Status can look the job up by it. Empty: derived from the execution, node, run and item.",
};

/** The panel lists a collection's fields alphabetically, whichever file defines them. */
function byName(fields: INodeProperties[]): INodeProperties[] {
	return [...fields].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

const properties: INodeProperties[] = [
	modelLocator,
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: 'e.g. A lighthouse at dusk, oil painting, warm light',
		description: 'What to generate',
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait for the image or video and output it. Off: output the generation ID at once, to fetch later with Generation → Get Status.',
		displayOptions: { show: { estimateOnly: [false] } },
	},
	estimateOnly,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: byName([
			...modelAwareFields,
			{
				displayName: 'Content Reference Images',
				name: 'contentReferenceImages',
				type: 'string',
				default: '',
				placeholder: 'e.g. data, https://example.com/style.png',
				description:
					'Seedance only: images whose content the video uses, as input binary field names or public URLs (comma-separated)',
			},
			{
				displayName: 'Extra Body (JSON)',
				name: 'extraBody',
				type: 'json',
				default: '{}',
				description:
					'A JSON object merged into the request body, for API fields this node does not have yet (e.g. niji7Options)',
			},
			{
				displayName: 'First Frame',
				name: 'firstFrame',
				type: 'string',
				default: '',
				placeholder: 'e.g. data or https://example.com/start.png',
				description:
					'Video models: the image the video starts from, as an input binary field name or a public URL',
			},
			{
				displayName: 'Last Frame',
				name: 'lastFrame',
				type: 'string',
				default: '',
				placeholder: 'e.g. end or https://example.com/end.png',
				description: 'Video models: the image the video ends on (needs a First Frame)',
			},
			{
				displayName: 'Reference Audio',
				name: 'referenceAudios',
				type: 'string',
				default: '',
				placeholder: 'e.g. voice or https://images.meigen.ai/….mp3',
				description:
					'Seedance: WAV or MP3 files the video uses, as input binary field names or URLs (comma-separated). Files and URLs not on MeiGen are uploaded first.',
			},
			{
				displayName: 'Reference Image Binary Fields',
				name: 'referenceImageBinaryProperties',
				type: 'string',
				default: '',
				placeholder: 'e.g. data, data2',
				description:
					"Names of the input item's binary fields to send as reference images (comma-separated), so an image from an earlier node guides the generation",
			},
			{
				displayName: 'Reference Image URLs',
				name: 'referenceImageUrls',
				type: 'string',
				typeOptions: { multipleValues: true, multipleValueButtonText: 'Add URL' },
				default: [],
				placeholder: 'e.g. https://example.com/photo.png',
				description: 'Public http(s) URLs of reference images',
			},
			{
				displayName: 'Reference Mode',
				name: 'referenceMode',
				type: 'options',
				default: 'frame',
				options: [
					{
						name: 'Frame',
						value: 'frame',
						description: 'Reference images are first and last frames',
					},
					{ name: 'Content', value: 'content', description: 'Reference images guide the content' },
				],
				description: 'Seedance only: how the reference images are used',
			},
			{
				displayName: 'Reference Type',
				name: 'referenceType',
				type: 'options',
				default: 'content',
				options: [
					{ name: 'Content', value: 'content' },
					{ name: 'Style', value: 'style' },
				],
				description: 'How Midjourney uses the reference images',
			},
			{
				displayName: 'Reference Videos',
				name: 'referenceVideos',
				type: 'string',
				default: '',
				placeholder: 'e.g. data or {{ $json.videoUrl }}',
				description:
					"Seedance: MP4 or MOV clips the video follows, as input binary field names or URLs (comma-separated), e.g. an earlier job's videoUrl. Files and URLs not on MeiGen are uploaded first.",
			},
		]),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...waitOptions, ...costOptions, idempotencyKeyOption].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	},
];

export const description = forOperation('image', 'generate', properties);

export const execute: OperationExecute = async function (itemIndex, run) {
	return await runGeneration(this, itemIndex, run);
};
