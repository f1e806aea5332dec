import { SKILL_NAMES } from '../../catalog/skills';
import { checkJobStatus } from '../../jobs/job';
import { readChoice, readRequiredText } from '../../params/read';
import { fetchSkillStatus } from '../../skills/api';
import { skillKind, type SkillJob } from '../../skills/kind';
import type { SkillId } from '../../types';
import type { HintedProperty } from '../builderHint';
import { declareOperation, type OperationExecute } from '../operation';

/** The Skill field's values, as the reader accepts them. */
const SKILLS = [
	'white-bg',
	'brand-poster',
	'product-detail',
	'remove-bg',
	'upscale',
] as const satisfies readonly SkillId[];

const properties: HintedProperty[] = [
	{
		displayName: 'Skill',
		name: 'skill',
		type: 'options',
		default: 'remove-bg',
		options: [
			{ name: 'Create AI Background', value: 'white-bg' },
			{ name: 'Create Marketing Poster', value: 'brand-poster' },
			{ name: 'Create Product Detail Images', value: 'product-detail' },
			{ name: 'Remove Background', value: 'remove-bg' },
			{ name: 'Upscale', value: 'upscale' },
		],
		description: 'The Skill the request was run with',
	},
	{
		displayName: 'Request ID',
		name: 'requestId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 3f0b9a52-1c4e-5d8e-9a51-2f7f5c0e6b1d',
		description:
			"The requestId from a Skill operation's output or error (its Options → Request ID, when set)",
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description: 'Whether to wait until the run completes or fails, and output its images',
		builderHint: {
			propertyHint:
				'Leave off in a polling loop: one status read whose output has done and, while done is false, checkAgainInSeconds for a Wait node before the next check. Turn on to wait here until the run ends and output its images as binary data.',
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
				typeOptions: {
					minValue: 1,
					maxValue: 50,
					numberPrecision: 0,
				},
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
				typeOptions: {
					minValue: 1,
				},
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
				typeOptions: {
					minValue: 1,
				},
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
				displayName: 'Timeout',
				name: 'waitTimeout',
				type: 'number',
				typeOptions: {
					minValue: 1,
				},
				default: 300,
				description:
					"How many seconds to wait for the job. Not set: as long as MeiGen says the job is progressing (at most 45 minutes). The wait always ends before the workflow's own execution timeout.",
			},
		],
	},
];

const execute: OperationExecute = async function (context, itemIndex, run) {
	const skill = readChoice(context, 'skill', itemIndex, SKILLS, 'remove-bg');
	const requestId = readRequiredText(
		context,
		'requestId',
		itemIndex,
		'Map the request ID from the node that ran the Skill, e.g. {{ $json.requestId }}.',
	);
	const job: SkillJob = { skill, requestId };
	return await checkJobStatus(context, itemIndex, run, skillKind, {
		job,
		notFound: `No ${SKILL_NAMES[skill]} run with Request ID ${requestId}`,
		read: async (call) => {
			const status = await fetchSkillStatus(context, skill, requestId, call);
			job.generationId = status.items?.find((item) => item.generationId)?.generationId;
			return status;
		},
	});
};

export const operation = declareOperation({
	resource: 'skill',
	operation: 'getStatus',
	properties,
	execute,
	concurrent: true,
	agent: 'summary',
});
