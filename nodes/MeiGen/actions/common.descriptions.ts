import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../execution/concurrency';
import { LONGEST_WAIT_SECONDS } from '../jobs/deadlines';
import { DEFAULT_MAX_DOWNLOAD_MB, DEFAULT_POLL_SECONDS } from '../jobs/waitOptions';

export const modelLocator: INodeProperties = {
	displayName: 'Model',
	name: 'modelId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The MeiGen model that generates the image or video',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a model...',
			typeOptions: {
				searchListMethod: 'searchModels',
				searchable: true,
			},
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. nanobanana-2',
		},
	],
};

/** Return All and Limit, as every Get Many has them (n8n's standard fields and wording). */
export const returnAllFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

const binaryPropertyOutput: INodeProperties = {
	displayName: 'Put Output in Field',
	name: 'binaryPropertyOutput',
	type: 'string',
	default: 'data',
	hint: 'The name of the output field to put the binary file data in',
};

const download: INodeProperties = {
	displayName: 'Download',
	name: 'download',
	type: 'boolean',
	default: true,
	description:
		"Whether to download the finished media as binary data. Off: the output holds only the media URLs. As an AI agent's tool it is off unless set here, since a model can't read binary data.",
};

const maxDownloadSize: INodeProperties = {
	displayName: 'Max Download Size (MB)',
	name: 'maxDownloadSize',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: DEFAULT_MAX_DOWNLOAD_MB,
	description:
		"A media file larger than this fails the item instead of filling memory or disk. n8n's database binary storage (queue mode's default) refuses files over 512 MB; with filesystem or S3 storage, raise this for long videos.",
};

/** Options for waiting on a job: shared by Image → Generate and Generation → Get Status. */
export const waitOptions: INodeProperties[] = [
	binaryPropertyOutput,
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
		default: DEFAULT_CONCURRENCY,
		description:
			"How many items are submitted and waited for at the same time. Ten stays within MeiGen's limit of about 12 submissions a minute; when MeiGen rate limits, the whole batch slows down by itself.",
	},
	download,
	maxDownloadSize,
	{
		displayName: 'On Timeout',
		name: 'onTimeout',
		type: 'options',
		default: 'error',
		options: [
			{
				name: 'Error',
				value: 'error',
				description: 'Fail the item; the error names the generation ID to resume with',
			},
			{
				name: 'Return Pending',
				value: 'returnPending',
				description:
					'Output the job with status "processing", to fetch later with Generation → Get Status',
			},
		],
		description: 'What to do when the job is still running at the timeout',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_POLL_SECONDS,
		description: 'How often to ask MeiGen whether the job is done',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'waitTimeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 300,
		description: `How long to wait for the job. Not set: as long as MeiGen says the job is progressing (at most ${LONGEST_WAIT_SECONDS / 60} minutes). The wait always ends before the workflow's own execution timeout.`,
	},
];

export const downloadOptions: INodeProperties[] = [binaryPropertyOutput, download, maxDownloadSize];

/** Cost control, on Image → Generate and every Skill run. */
export const costOptions: INodeProperties[] = [
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
		displayName: 'Pay Once per Input',
		name: 'payOncePerInput',
		type: 'boolean',
		default: false,
		description:
			'Whether the same input, sent again in a later execution, gets the job already paid for back instead of a new one (a webhook delivered twice, a rerun after a crashed worker). Leave off when the same prompt should give a new picture each time.',
	},
];

export const estimateOnly: INodeProperties = {
	displayName: 'Estimate Only',
	name: 'estimateOnly',
	type: 'boolean',
	default: false,
	description:
		"Whether to only work out what this would cost, from MeiGen's live prices, without submitting or uploading anything",
};
