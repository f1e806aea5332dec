import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { SkillId } from '../../types';
import type { JobRef } from '../../errors/jobRef';
import { waitDeadline } from '../../jobs/deadlines';
import { inputError } from '../../errors/nodeErrors';
import { readWaitOptions } from '../../jobs/waitOptions';
import { followJob, withJobErrors } from '../../jobs/paidJob';
import type { RunState } from '../../execution/runState';
import { skillApiError } from '../../skills/errors';
import { skillOutcome } from '../../skills/result';
import { fetchSkillStatus, skillWatch } from '../../skills/api';
import { optionsCollection, skillOptions } from './descriptions';

export const SKILL_IDS: Array<{ name: string; value: SkillId }> = [
	{ name: 'AI Background (White-Bg)', value: 'white-bg' },
	{ name: 'Marketing Poster (Brand-Poster)', value: 'brand-poster' },
	{ name: 'Product Detail (Product-Detail)', value: 'product-detail' },
	{ name: 'Remove Background (Remove-Bg)', value: 'remove-bg' },
	{ name: 'Upscale', value: 'upscale' },
];

const properties: INodeProperties[] = [
	{
		displayName: 'Skill',
		name: 'skill',
		type: 'options',
		default: 'remove-bg',
		options: SKILL_IDS,
		description: 'The Skill the request was run with',
	},
	{
		displayName: 'Request ID',
		name: 'requestId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 3f0b9a52-1c4e-5d8e-9a51-2f7f5c0e6b1d',
		description: "The request ID from a Skill operation's output or error",
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description: 'Whether to wait until the run completes or fails, and output its images',
	},
	optionsCollection(
		skillOptions.filter(
			(option) => !['requestId', 'maxCredits', 'payOncePerInput'].includes(option.name),
		),
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['skill'], operation: ['getStatus'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
): Promise<INodeExecutionData[]> {
	const startedAt = Date.now();
	const skill = this.getNodeParameter('skill', itemIndex, 'remove-bg') as SkillId;
	const requestId = String(this.getNodeParameter('requestId', itemIndex, '') ?? '').trim();
	const wait = this.getNodeParameter('waitForCompletion', itemIndex, false) as boolean;
	const options = readWaitOptions(this, itemIndex, { pollIntervalSeconds: 10 });
	if (!requestId) {
		throw inputError(
			this.getNode(),
			itemIndex,
			'Request ID is empty',
			'Map the request ID from the node that ran the Skill, e.g. {{ $json.requestId }}.',
		);
	}
	const job: JobRef & { skill: SkillId; requestId: string } = { skill, requestId };
	const { signal } = run;
	const deadline = waitDeadline(
		this,
		{ startedAt, nodeStartedAt: run.startedAt },
		options.waitTimeout,
	);
	const work = async () => {
		const status = await fetchSkillStatus(this, skill, requestId, itemIndex, {
			deadline: deadline.at,
			signal,
		});
		job.generationId = status.items?.find((item) => item.generationId)?.generationId;
		return await followJob(
			this,
			itemIndex,
			skillWatch(this, job, itemIndex),
			(last) => skillOutcome(this.getNode(), itemIndex, last, job),
			{ wait, initial: status, options, deadline, signal, startedAt },
		);
	};
	return await withJobErrors(this, itemIndex, job, work, {
		signal,
		notFound: `No ${skill} run with request ID ${requestId}`,
		describe: (error) => skillApiError(this.getNode(), error, itemIndex, job),
	});
}
