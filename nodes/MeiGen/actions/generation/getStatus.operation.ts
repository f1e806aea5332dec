import type { INodeProperties } from 'n8n-workflow';

import type { JobRef } from '../../errors/jobRef';
import { fetchGenerationStatus, lookupGenerationRequest } from '../../generation/api';
import { generationKind } from '../../generation/kind';
import { checkJobStatus } from '../../jobs/jobSession';
import { readChoice, readRequiredText } from '../../params/read';
import { waitOptions } from '../common.descriptions';
import { forOperation, type OperationExecute } from '../operation';

const properties: INodeProperties[] = [
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
					"The Request ID (requestId) in Image → Generate's output, which is the Idempotency Key the node sent with the submission; finds the job even when the submit's answer was lost",
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
			"The Request ID (requestId) from Image → Generate's output or error: the same value as its Idempotency Key option, when that was set",
		displayOptions: { show: { lookUpBy: ['requestId'] } },
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description: 'Whether to wait until the job completes or fails, and output its media',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: waitOptions,
	},
];

export const description = forOperation('generation', 'getStatus', properties);

export const execute: OperationExecute = async function (itemIndex, run) {
	const lookUpBy = readChoice(
		this,
		'lookUpBy',
		itemIndex,
		['generationId', 'requestId'] as const,
		'generationId',
	);
	const byRequest = lookUpBy === 'requestId';
	const id = readRequiredText(this, lookUpBy, itemIndex, {
		label: byRequest ? 'Request ID' : 'Generation ID',
		hint: 'Map the ID from the node that submitted the job, e.g. {{ $json.generationId }}.',
	});
	const job: JobRef = byRequest ? { requestId: id } : { generationId: id };
	return await checkJobStatus(this, itemIndex, run, generationKind, {
		job,
		notFound: byRequest
			? `No MeiGen job was submitted with request ID ${id}`
			: `No MeiGen generation with ID ${id}`,
		read: async (call) => {
			if (!byRequest) return await fetchGenerationStatus(this, id, itemIndex, call);
			// The request ID's job: from here on it is followed by its generation ID.
			const found = await lookupGenerationRequest(this, id, itemIndex, call);
			job.generationId = found.generationId;
			return found;
		},
	});
};
