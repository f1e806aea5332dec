import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { inputError } from '../errors/nodeErrors';
import { runItems } from '../execution/itemLoop';
import type { Operation } from './operation';

/**
 * The node as an AI Agent's tool: what an agent may not do, and the short answer it gets.
 * n8n hands the agent `JSON.stringify` of every output item's `json` and drops binary data, so a
 * full job record (prompt echo, balance, API extras) would only cost the model tokens.
 */

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
 * Runs an operation of the MeiGen Tool as the agent should have it: one an agent may not use (the
 * API keys' Token operations) fails before anything is sent, a paid job's items are summarized.
 * Binary data stays only where the user turned Download on (n8n keeps it in the run data, it
 * never reaches the model).
 */
export async function runAsTool(
	context: IExecuteFunctions,
	operation: Operation,
): Promise<INodeExecutionData[][]> {
	if (operation.agent === 'never') {
		throw inputError(
			context.getNode(),
			0,
			'Token operations are not available to an AI agent',
			'An agent may not create, list or revoke API keys. Manage keys with a MeiGen node in a workflow (not the MeiGen Tool), or in your MeiGen account settings.',
		);
	}
	const output = await runItems(context, operation);
	if (operation.agent !== 'summary') return output;
	return output.map((items) => items.map((item) => ({ ...item, json: summarizeJson(item.json) })));
}
