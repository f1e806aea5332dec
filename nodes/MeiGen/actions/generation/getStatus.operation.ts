import type { JobRef } from '../../jobs/jobRef';
import { fetchGenerationStatus, lookupGenerationRequest } from '../../generation/api';
import { generationKind } from '../../generation/kind';
import { checkJobStatus } from '../../jobs/job';
import { readChoice, readRequiredText } from '../../params/read';
import type { HintedProperty } from '../builderHint';
import { declareOperation, type OperationExecute } from '../operation';

const properties: HintedProperty[] = [
	{
		displayName: 'Look Up By',
		name: 'lookUpBy',
		type: 'options',
		default: 'generationId',
		options: [
			{
				name: 'Generation ID',
				value: 'generationId',
				description: 'The ID MeiGen gave the job when it was submitted',
			},
			{
				name: 'Request ID',
				value: 'requestId',
				description:
					"The requestId in Image → Generate's output or error (its Options → Request ID, when set); finds the job even when the submit's answer was lost",
			},
		],
	},
	{
		displayName: 'Generation ID',
		name: 'generationId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7d3f2a9c-5b1e-4c8a-9f0d-2e6b1a4c8d3f',
		description: 'The generation ID from Image → Generate, or from an error message',
		displayOptions: { show: { lookUpBy: ['generationId'] } },
	},
	{
		displayName: 'Request ID',
		name: 'requestId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3f0b9a52-1c4e-5d8e-9a51-2f7f5c0e6b1d',
		description:
			"The requestId from Image → Generate's output or error: the same value as its Options → Request ID, when that was set",
		displayOptions: { show: { lookUpBy: ['requestId'] } },
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description: 'Whether to wait until the job completes or fails, and output its media',
		builderHint: {
			propertyHint:
				'Leave off in a polling loop: one status read whose output has done and, while done is false, checkAgainInSeconds for a Wait node before the next check; once done, the media comes out as binary data. Turn on to wait here until the job ends.',
		},
	},
	{
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
				displayName: 'Timeout',
				name: 'waitTimeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description:
					"How many seconds to wait for the job. Not set: as long as MeiGen says the job is progressing (at most 45 minutes). The wait always ends before the workflow's own execution timeout.",
			},
		],
	},
];

const execute: OperationExecute = async function (context, itemIndex, run) {
	const lookUpBy = readChoice(
		context,
		'lookUpBy',
		itemIndex,
		['generationId', 'requestId'] as const,
		'generationId',
	);
	const byRequest = lookUpBy === 'requestId';
	const id = readRequiredText(
		context,
		lookUpBy,
		itemIndex,
		`Map the ID from the node that submitted the job, e.g. {{ $json.${byRequest ? 'requestId' : 'generationId'} }}.`,
	);
	const job: JobRef = byRequest ? { requestId: id } : { generationId: id };
	return await checkJobStatus(context, itemIndex, run, generationKind, {
		job,
		notFound: byRequest
			? `No MeiGen job was submitted with request ID ${id}`
			: `No MeiGen generation with ID ${id}`,
		read: async (call) => {
			if (!byRequest) return await fetchGenerationStatus(context, job, call);
			// The request ID's job: from here on it is followed by its generation ID.
			const found = await lookupGenerationRequest(context, id, call);
			job.generationId = found.generationId;
			return found;
		},
	});
};

export const operation = declareOperation({
	resource: 'generation',
	operation: 'getStatus',
	properties,
	execute,
	concurrent: true,
	agent: 'summary',
});
