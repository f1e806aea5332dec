import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { SkillId, SkillItem, SkillRunResponse, SkillStatusResponse } from '../types';
import { SKILL_NAMES } from '../catalog/skills';
import type { JobOutcome } from '../jobs/job';
import type { JobRef } from '../jobs/jobRef';
import { type MediaFile } from '../media/binary';
import { dropEmpty } from '../util/records';

/** What a Skill run's receipt means: its images (all, or those of a partial batch), or its failure. */

function itemUrls(item: SkillItem): string[] {
	if (Array.isArray(item.imageUrls) && item.imageUrls.length) {
		return item.imageUrls.filter((url) => typeof url === 'string' && url);
	}
	return typeof item.imageUrl === 'string' && item.imageUrl ? [item.imageUrl] : [];
}

/** The receipt's items; a cut-out may come as a bare `imageUrl` (or the submission's) instead. */
function skillItems(status: SkillStatusResponse): SkillItem[] {
	const items = Array.isArray(status.items) ? status.items : [];
	if (items.some((item) => itemUrls(item).length) || status.status !== 'completed') return items;
	const url = status.imageUrl ?? status.submission?.imageUrl;
	return typeof url === 'string' && url
		? [{ ...items[0], status: 'completed', imageUrl: url }]
		: items;
}

function isFailed(item: SkillItem): boolean {
	return item.status === 'failed' || (!itemUrls(item).length && Boolean(item.error));
}

/** A synchronous answer of the run (remove-bg's cut-out) as the receipt it stands for. */
export function receiptOfRun(run: SkillRunResponse): SkillStatusResponse | undefined {
	if (typeof run.imageUrl === 'string' && run.imageUrl) {
		return {
			status: 'completed',
			items: [
				{
					generationId: run.generationId,
					status: 'completed',
					imageUrl: run.imageUrl,
					creditsUsed: typeof run.charged === 'number' ? run.charged : undefined,
				},
			],
		};
	}
	return undefined;
}

function failureText(item: SkillItem): string {
	const name = item.module ? `${item.module}: ` : '';
	return `${name}${item.error || 'failed'} (credits ${item.creditsStatus ?? 'refund status unknown'})`;
}

function failedError(
	node: INode,
	itemIndex: number,
	status: SkillStatusResponse,
	failed: SkillItem[],
	job: JobRef,
): NodeOperationError {
	const reasons = failed.length
		? failed.map(failureText)
		: [status.error || status.submission?.error || status.submission?.code || 'no reason given'];
	return new NodeOperationError(
		node,
		`MeiGen's ${job.skill ? (SKILL_NAMES[job.skill as SkillId] ?? job.skill) : ''} Skill failed: ${reasons.join('; ')}`,
		{
			description: `Request ID: ${job.requestId}. ${reasons.length > 1 ? `Modules: ${reasons.join('; ')}. ` : ''}Failed images are refunded where the credits say "refunded". Change the input and run again (a changed input gets a new request ID).`,
			itemIndex,
		},
	);
}

/** Credits the run's images were charged, refunded ones left out; undefined when MeiGen didn't say. */
function charged(items: SkillItem[]): number | undefined {
	const paid = items.filter(
		(item) => typeof item.creditsUsed === 'number' && item.creditsStatus !== 'refunded',
	);
	return paid.length
		? paid.reduce((sum, item) => sum + (item.creditsUsed as number), 0)
		: undefined;
}

/** A Skill run's receipt → its outcome: images of completed items, or the error it ends in. */
export function skillOutcome(
	node: INode,
	itemIndex: number,
	status: SkillStatusResponse,
	job: JobRef,
	extra: IDataObject = {},
): JobOutcome {
	const items = skillItems(status);
	const generationIds = items.map((item) => item.generationId).filter(Boolean);
	const base: IDataObject = {
		skill: job.skill,
		requestId: job.requestId,
		status: status.status,
		...extra,
	};
	if (status.status === 'processing') {
		return {
			state: 'processing',
			json: { ...base, generationId: job.generationId, generationIds },
		};
	}
	const failed = items.filter(isFailed);
	const done = items.filter((item) => !isFailed(item) && itemUrls(item).length);
	if (status.status === 'failed' || !done.length) {
		return {
			state: 'failed',
			error: failedError(node, itemIndex, status, failed, job),
			job: { status: 'failed', creditsStatus: failed[0]?.creditsStatus },
		};
	}
	const failedModules = failed.map((item) =>
		dropEmpty({ module: item.module, error: item.error, creditsStatus: item.creditsStatus }),
	);
	const files: MediaFile[] = [];
	for (const item of done) {
		const fileBase = item.module ? `${job.requestId}-${item.module}` : String(job.requestId);
		for (const [fileIndex, url] of itemUrls(item).entries()) {
			files.push({
				url,
				fileBase,
				fileIndex,
				json: dropEmpty({
					module: item.module,
					generationId: item.generationId,
					creditsUsed: item.creditsUsed,
					creditsStatus: item.creditsStatus,
				}),
			});
		}
	}
	return {
		state: 'completed',
		status: status.status,
		json: failedModules.length ? { ...base, failedModules } : base,
		files,
		mediaType: 'image',
		charged: charged(done),
	};
}
