import type { INodeProperties } from 'n8n-workflow';

/**
 * The Options of every Skill run (Remove Background, Upscale, Product Detail, Marketing Poster,
 * AI Background), written out so that n8n's lint reads their order and defaults. MeiGen asks
 * Skill clients to poll every 10 seconds.
 */
export const runOptions: INodeProperties = {
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
			default: 10,
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
			name: 'requestId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 3f0b9a52-1c4e-4d8e-9a51-2f7f5c0e6b1d',
			description:
				"A UUID that makes resubmitting safe (MeiGen's idempotency key for Skill runs): the same ID with the same inputs continues the same job and charges nothing. Skill → Get Status finds the run by it. Empty: derived from the execution, node, run, item and inputs.",
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
