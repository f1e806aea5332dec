import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { CancelledError, type JobRef, toNodeError } from '../../helpers/errors';
import { fetchStatus, lookupRequest, waitForGeneration } from '../../helpers/generation';
import type { StatusResponse } from '../../helpers/interfaces';
import { readWaitOptions, waitDeadline } from '../../helpers/options';
import { finishJob } from '../../helpers/output';
import { cancelSignal } from '../../transport';
import { waitOptions } from '../common.descriptions';
import type { RunState } from '../shared';

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
					'The idempotency key the node sent with the submission; finds the job even when the submit\'s answer was lost',
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
		description: 'The request ID (idempotency key) from Image → Generate\'s output or error',
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

export const description = updateDisplayOptions({ show: { resource: ['generation'], operation: ['getStatus'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<INodeExecutionData[]> {
	const startedAt = Date.now();
	const node = this.getNode();
	const byRequest = this.getNodeParameter('lookUpBy', itemIndex, 'generationId') === 'requestId';
	const id = String(this.getNodeParameter(byRequest ? 'requestId' : 'generationId', itemIndex, '') ?? '').trim();
	const wait = this.getNodeParameter('waitForCompletion', itemIndex, false) as boolean;
	const options = readWaitOptions(this, itemIndex);
	if (!id) {
		throw new NodeOperationError(node, byRequest ? 'Request ID is empty' : 'Generation ID is empty', {
			description: 'Map the ID from the node that submitted the job, e.g. {{ $json.generationId }}',
			itemIndex,
		});
	}

	const job: JobRef = byRequest ? { requestId: id } : { generationId: id };
	const signal = cancelSignal(this);
	const notFound = byRequest
		? `No MeiGen job was submitted with request ID ${id}`
		: `No MeiGen generation with ID ${id}`;

	try {
		let deadline = waitDeadline(this, startedAt, state.startedAt, options, undefined);
		let status: StatusResponse;
		if (byRequest) {
			const found = await lookupRequest.call(this, id, itemIndex, { deadline: deadline.at, signal });
			job.generationId = found.generationId;
			status = found;
		} else {
			status = await fetchStatus.call(this, id, itemIndex, { deadline: deadline.at, signal });
		}
		// Without a Timeout option the job's media type picks the default wait.
		if (status.mediaType) deadline = waitDeadline(this, startedAt, state.startedAt, options, status.mediaType);

		let timedOut = false;
		if (wait && status.status === 'processing' && job.generationId) {
			({ status, timedOut } = await waitForGeneration.call(this, status, job.generationId, itemIndex, {
				intervalMs: options.pollIntervalMs,
				deadline,
				signal,
				submittedAt: startedAt,
			}));
		}
		if (!wait && status.status === 'processing') {
			return await finishJob(this, itemIndex, status, job, { options: { ...options, onTimeout: 'returnPending' }, deadline, signal, timedOut: false });
		}
		return await finishJob(this, itemIndex, status, job, { options, deadline, signal, timedOut });
	} catch (error) {
		if (error instanceof CancelledError && job.generationId) {
			// n8n may drop a cancelled node's error: the log keeps the paid job findable.
			this.logger.warn('MeiGen: the execution stopped while a job was running', { ...job });
		}
		throw toNodeError(node, error, { itemIndex, job, notFound });
	}
}
