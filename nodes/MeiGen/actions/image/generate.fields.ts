import type { HintedProperty } from '../builderHint';

/**
 * Image → Generate's Additional Fields and Options, written out so that n8n's lint reads their
 * order and defaults. The model-aware dropdowns list the chosen model's own values from
 * GET /models, with their prices; loadOptionsDependsOn names every field a dropdown's values or
 * prices are worked out from, so the editor reloads them whenever one of those changes.
 */

export const additionalFields: HintedProperty = {
	displayName: 'Additional Fields',
	name: 'additionalFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: [
		{
			displayName: 'Aspect Ratio Name or ID',
			name: 'aspectRatio',
			type: 'options',
			typeOptions: {
				loadOptionsMethod: 'getAspectRatios',
				loadOptionsDependsOn: ['modelId.value'],
			},
			default: 'auto',
			description:
				'The chosen model\'s aspect ratios, or auto. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
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
			displayName: 'Duration Name or ID',
			name: 'duration',
			type: 'options',
			typeOptions: {
				loadOptionsMethod: 'getDurations',
				loadOptionsDependsOn: [
					'modelId.value',
					'additionalFields.resolution',
					'additionalFields.tier',
					'additionalFields.quality',
				],
			},
			default: '',
			description:
				'Video length in seconds, as the chosen video model offers, with its price. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
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
			displayName: 'Model Variant Name or ID',
			name: 'modelVariant',
			type: 'options',
			typeOptions: {
				loadOptionsMethod: 'getModelVariants',
				loadOptionsDependsOn: ['modelId.value'],
			},
			default: '',
			description:
				'A variant of the chosen model, where it has some. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Quality Name or ID',
			name: 'quality',
			type: 'options',
			typeOptions: {
				loadOptionsMethod: 'getQualities',
				loadOptionsDependsOn: [
					'modelId.value',
					'additionalFields.resolution',
					'additionalFields.tier',
					'additionalFields.duration',
				],
			},
			default: '',
			description:
				'The chosen model\'s quality levels, with their price. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
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
			builderHint: {
				propertyHint:
					'For image-to-image: the names of binary fields of the incoming item that hold the reference images, comma-separated (usually data). Put a node that outputs the image as binary data before this one, e.g. Read/Write Files from Disk or HTTP Request. For images on the web, use Reference Image URLs instead.',
			},
		},
		{
			displayName: 'Reference Image URLs',
			name: 'referenceImageUrls',
			type: 'string',
			typeOptions: { multipleValues: true, multipleValueButtonText: 'Add URL' },
			default: [],
			placeholder: 'e.g. https://example.com/photo.png',
			description: 'Public http(s) URLs of reference images',
			builderHint: {
				propertyHint:
					'For image-to-image: public http(s) URLs of images that guide the result, one URL per value. An image that an earlier node holds as binary data goes in Reference Image Binary Fields instead.',
			},
		},
		{
			displayName: 'Reference Mode',
			name: 'referenceMode',
			type: 'options',
			default: 'frame',
			options: [
				{ name: 'Content', value: 'content', description: 'Reference images guide the content' },
				{
					name: 'Frame',
					value: 'frame',
					description: 'Reference images are first and last frames',
				},
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
		{
			displayName: 'Resolution Name or ID',
			name: 'resolution',
			type: 'options',
			typeOptions: {
				loadOptionsMethod: 'getResolutions',
				loadOptionsDependsOn: [
					'modelId.value',
					'additionalFields.tier',
					'additionalFields.quality',
					'additionalFields.duration',
				],
			},
			default: '',
			description:
				'The chosen model\'s resolutions (per tier where it lists them), with their price. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Tier Name or ID',
			name: 'tier',
			type: 'options',
			typeOptions: {
				loadOptionsMethod: 'getTiers',
				loadOptionsDependsOn: [
					'modelId.value',
					'additionalFields.resolution',
					'additionalFields.quality',
					'additionalFields.duration',
				],
			},
			default: '',
			description:
				'The chosen video model\'s speed/quality tiers, with their price. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	],
};

export const options: HintedProperty = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50, numberPrecision: 0 },
			default: 10,
			description:
				"How many items are worked on at the same time. At most four are sent to MeiGen at once, as MeiGen's own client does; waits and downloads run side by side. When MeiGen rate limits, the whole batch slows down by itself.",
		},
		{
			displayName: 'Download',
			name: 'download',
			type: 'boolean',
			default: true,
			description:
				"Whether to download the finished media as binary data. Off: the output holds only the media URLs. As an AI agent's tool it is off unless set here, since a model can't read binary data.",
		},
		{
			displayName: 'Max Credits',
			name: 'maxCredits',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 100,
			description:
				"The most this node may spend in one execution, across all its items. An item whose price would go over it fails before anything is sent. The first item's value counts.",
		},
		{
			displayName: 'Max Download Size (MB)',
			name: 'maxDownloadSize',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 512,
			description:
				"A media file larger than this fails the item instead of filling memory or disk. n8n's database binary storage (queue mode's default) refuses files over 512 MB; with filesystem or S3 storage, raise this for long videos.",
		},
		{
			displayName: 'On Timeout',
			name: 'onTimeout',
			type: 'options',
			default: 'error',
			options: [
				{
					name: 'Error',
					value: 'error',
					description: "Fail the item; the error names the job's IDs to resume it with",
				},
				{
					name: 'Return Pending',
					value: 'returnPending',
					description: 'Output the job with status "processing", to fetch later with Get Status',
				},
			],
			description: 'What to do when the job is still running at the timeout',
		},
		{
			displayName: 'Pay Once per Input',
			name: 'payOncePerInput',
			type: 'boolean',
			default: false,
			description:
				'Whether the same input, sent again in a later execution, gets the job already paid for back instead of a new one (a webhook delivered twice, a rerun after a crashed worker). Leave off when the same prompt should give a new picture each time.',
		},
		{
			displayName: 'Poll Interval',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 3,
			description:
				"How many seconds between asking MeiGen whether the job is done, so a finished job is seen within one interval. Once a job runs past MeiGen's estimate of it, the pause grows, up to 30 s.",
		},
		{
			displayName: 'Put Output in Field',
			name: 'binaryPropertyOutput',
			type: 'string',
			default: 'data',
			hint: 'The name of the output field to put the binary file data in',
		},
		{
			displayName: 'Request ID',
			name: 'idempotencyKey',
			type: 'string',
			default: '',
			placeholder: 'e.g. 3f0b9a52-1c4e-4d8e-9a51-2f7f5c0e6b1d',
			description:
				"A UUID that makes resubmitting safe (MeiGen's idempotency key): the same ID with the same inputs returns the same job and charges nothing. The output's requestId is this ID, and Generation → Get Status finds the job by it. Empty: derived from the execution, node, run and item.",
		},
		{
			displayName: 'Timeout',
			name: 'waitTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 300,
			description:
				"How many seconds to wait for the job. Not set: as long as MeiGen says the job is progressing (at most 45 minutes). The wait always ends before the workflow's own execution timeout.",
		},
	],
};
