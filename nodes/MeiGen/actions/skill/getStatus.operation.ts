import type { INodeProperties } from 'n8n-workflow';

import { checkJobStatus } from '../../jobs/jobSession';
import { readChoice, readRequiredText } from '../../params/read';
import { fetchSkillStatus } from '../../skills/api';
import { skillKind, type SkillJob } from '../../skills/kind';
import type { SkillId } from '../../types';
import { optionsCollection, skillOptions } from './descriptions';
import { forOperation, type OperationExecute } from '../operation';

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
		description:
			"The Request ID (requestId) from a Skill operation's output or error: the run's idempotency key",
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

export const description = forOperation('skill', 'getStatus', properties);

export const execute: OperationExecute = async function (itemIndex, run) {
	const skills = SKILL_IDS.map((entry) => entry.value);
	const skill = readChoice(this, 'skill', itemIndex, skills, 'remove-bg');
	const requestId = readRequiredText(this, 'requestId', itemIndex, {
		label: 'Request ID',
		hint: 'Map the request ID from the node that ran the Skill, e.g. {{ $json.requestId }}.',
	});
	const job: SkillJob = { skill, requestId };
	return await checkJobStatus(this, itemIndex, run, skillKind, {
		job,
		notFound: `No ${skill} run with request ID ${requestId}`,
		read: async (call) => {
			const status = await fetchSkillStatus(this, skill, requestId, itemIndex, call);
			job.generationId = status.items?.find((item) => item.generationId)?.generationId;
			return status;
		},
	});
};
