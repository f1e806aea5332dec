import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { inputError } from '../errors/nodeErrors';
import { isAiTool } from '../util/aiTool';

/**
 * The node as an AI Agent's tool: what an agent may not do, and the short answer it gets.
 * n8n hands the agent `JSON.stringify` of every output item's `json` and drops binary data, so a
 * full job record (prompt echo, balance, API extras) would only cost the model tokens.
 */

/** Operations whose output is a paid job's: summarized for the model. */
const SUMMARIZED: Record<string, readonly string[]> = {
	image: ['generate'],
	generation: ['getStatus'],
	skill: [
		'aiBackground',
		'getStatus',
		'marketingPoster',
		'productDetail',
		'removeBackground',
		'upscale',
	],
};

/** What a model needs to answer about a job: its IDs, media URLs, credits and state. */
export const SUMMARY_FIELDS = [
	'status',
	'done',
	'error',
	'errorDescription',
	'skill',
	'modelId',
	'mediaType',
	'generationId',
	'requestId',
	'module',
	'url',
	'videoUrl',
	'imageUrls',
	'generationIds',
	'mediaCount',
	'estimate',
	'priceKnown',
	'creditsQuoted',
	'creditsUsed',
	'creditsStatus',
	'failedModules',
	'checkAgainInSeconds',
];

/**
 * An agent must not create, list or revoke the account's API keys. The tool's panel hides the
 * Token resource; a workflow imported with it set still fails here, before anything is sent.
 */
export function refuseForAiTool(context: IExecuteFunctions, resource: string): void {
	if (resource !== 'token' || !isAiTool(context.getNode())) return;
	throw inputError(
		context.getNode(),
		0,
		'Token operations are not available to an AI agent',
		'An agent may not create, list or revoke API keys. Manage keys with a MeiGen node in a workflow (not the MeiGen Tool), or in your MeiGen account settings.',
	);
}

function summarizeJson(json: IDataObject): IDataObject {
	const summary: IDataObject = {};
	for (const field of SUMMARY_FIELDS) {
		const value = json[field];
		if (value === undefined || value === null) continue;
		summary[field] = value;
	}
	// One media file per item: its URL is enough, the job's list of them repeats it.
	if (summary.url !== undefined) {
		delete summary.imageUrls;
		delete summary.videoUrl;
	}
	if (summary.mediaCount === 1) delete summary.mediaCount;
	return summary;
}

/**
 * Output items as the agent should get them: a paid job's items summarized when running as a
 * tool; binary data stays only where the user turned Download on (n8n keeps it in the run data,
 * it never reaches the model).
 */
export function forAiTool(
	context: IExecuteFunctions,
	resource: string,
	operation: string,
	output: INodeExecutionData[][],
): INodeExecutionData[][] {
	if (!isAiTool(context.getNode()) || !SUMMARIZED[resource]?.includes(operation)) return output;
	return output.map((items) => items.map((item) => ({ ...item, json: summarizeJson(item.json) })));
}
