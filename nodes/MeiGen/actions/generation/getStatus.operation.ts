import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { waitDeadline } from '../../jobs/deadlines';
import {
	fetchGenerationStatus,
	generationWatch,
	lookupGenerationRequest,
} from '../../generation/api';
import { generationOutcome } from '../../generation/result';
import type { StatusResponse } from '../../types';
import type { JobRef } from '../../errors/jobRef';
import { readWaitOptions } from '../../jobs/waitOptions';
import { followJob, withJobErrors } from '../../jobs/paidJob';
import type { RunState } from '../../execution/runState';
import { waitOptions } from '../common.descriptions';

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
					"The idempotency key the node sent with the submission; finds the job even when the submit's answer was lost",
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
		description: "The request ID (idempotency key) from Image → Generate's output or error",
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

export const description = updateDisplayOptions(
	{ show: { resource: ['generation'], operation: ['getStatus'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
): Promise<INodeExecutionData[]> {
	const startedAt = Date.now();
	const byRequest = this.getNodeParameter('lookUpBy', itemIndex, 'generationId') === 'requestId';
	const id = String(
		this.getNodeParameter(byRequest ? 'requestId' : 'generationId', itemIndex, '') ?? '',
	).trim();
	const wait = this.getNodeParameter('waitForCompletion', itemIndex, false) as boolean;
	const options = readWaitOptions(this, itemIndex);
	if (!id) {
		throw new NodeOperationError(
			this.getNode(),
			byRequest ? 'Request ID is empty' : 'Generation ID is empty',
			{
				description:
					'Map the ID from the node that submitted the job, e.g. {{ $json.generationId }}',
				itemIndex,
			},
		);
	}

	const job: JobRef = byRequest ? { requestId: id } : { generationId: id };
	const { signal } = run;
	const times = { startedAt, nodeStartedAt: run.startedAt };
	const notFound = byRequest
		? `No MeiGen job was submitted with request ID ${id}`
		: `No MeiGen generation with ID ${id}`;

	return await withJobErrors(
		this,
		itemIndex,
		job,
		async () => {
			const deadline = waitDeadline(this, times, options.waitTimeout);
			const call = { deadline: deadline.at, signal };
			let status: StatusResponse;
			if (byRequest) {
				const found = await lookupGenerationRequest(this, id, itemIndex, call);
				job.generationId = found.generationId;
				status = found;
			} else {
				status = await fetchGenerationStatus(this, id, itemIndex, call);
			}
			return await followJob(
				this,
				itemIndex,
				generationWatch(this, job.generationId ?? id, itemIndex),
				(last) => generationOutcome(this.getNode(), itemIndex, last, job),
				{ wait, initial: status, options, deadline, signal, startedAt },
			);
		},
		{ signal, notFound },
	);
}
