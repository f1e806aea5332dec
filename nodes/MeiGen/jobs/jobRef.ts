import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../errors/nodeErrors';

/**
 * A paid job's identity: what is known of it, how errors and logs name it, and its request ID,
 * the idempotency key that keeps a retry from paying twice.
 */

/** What is known of a paid job; every error about a job that exists names it. */
export interface JobRef {
	generationId?: string;
	requestId?: string;
	/** Set for a Skill run: its ID (e.g. remove-bg) */
	skill?: string;
	modelId?: string;
	/** The job's last known status */
	status?: string;
	failureCode?: string;
	creditsStatus?: string;
}

const JOB_FIELDS: Array<keyof JobRef> = [
	'generationId',
	'requestId',
	'skill',
	'status',
	'failureCode',
	'creditsStatus',
	'modelId',
];

/** The job's fields as output JSON, for an item that reports it (a Continue On Fail item). */
export function jobFields(job: JobRef): IDataObject {
	const json: IDataObject = {};
	for (const field of JOB_FIELDS) if (job[field] !== undefined) json[field] = job[field];
	return json;
}

/** "Generation ID: …, Request ID: …": the IDs that find the job again. */
export function jobIds(job: JobRef): string {
	return [
		job.generationId ? `Generation ID: ${job.generationId}` : '',
		job.requestId ? `Request ID: ${job.requestId}` : '',
	]
		.filter(Boolean)
		.join(', ');
}

/** "generation <id>, request <id>": the IDs in words, for log lines that must stand on their own. */
function describeJob(job: JobRef): string {
	return [
		job.skill ? `skill ${job.skill}` : '',
		job.generationId ? `generation ${job.generationId}` : '',
		job.requestId ? `request ${job.requestId}` : '',
	]
		.filter(Boolean)
		.join(', ');
}

/**
 * Logs a job with its IDs in the message text itself: n8n's default text log drops metadata, and
 * after a crashed worker the log is the only place the paid job can be found again.
 */
export function logJob(
	context: IExecuteFunctions,
	level: 'info' | 'warn',
	what: string,
	job: JobRef,
): void {
	context.logger[level](`MeiGen: ${what} (${describeJob(job)})`, { ...jobFields(job) });
}

/**
 * A description line that says where the job is and how to pick it up again; `fetch` is how,
 * in the words of the job's kind (which operation, with which IDs).
 */
export function resumeLine(job: JobRef, fetch: string): string {
	const ids = jobIds(job);
	if (!ids) return '';
	if (job.status === 'completed') {
		return `${ids}. The job completed and is paid for: to fetch its media again without paying, ${fetch}, or turn Options → Download off and use the URLs.`;
	}
	return `${ids}. The job exists and may still finish: to fetch its result without paying again, ${fetch}.`;
}

// Request IDs.

// A fixed namespace for name-based (version 5) UUIDs derived by this node.
const NAMESPACE = Buffer.from('5f1b7c2e9a4d4e0b8c3f6a1d2e7b9c40', 'hex');

/** RFC 4122 version 5 UUID of `name`: the same inputs always give the same key. */
export function uuidV5(name: string): string {
	const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
	const bytes = hash.subarray(0, 16);
	bytes[6] = (bytes[6] & 0x0f) | 0x50;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** JSON with sorted keys, so the same inputs hash the same whatever order they were built in. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

export interface SubmissionIdentity {
	executionId: string;
	nodeId: string;
	runIndex: number;
	itemIndex: number;
	inputs: Record<string, unknown>;
}

/**
 * The idempotency key of one submission. A retry of the same item in the same run (Retry On Fail,
 * a lost answer) gets the same key, so MeiGen hands back the same job instead of charging again;
 * a new execution, the next loop iteration or another item gets a new one.
 */
export function deriveIdempotencyKey(identity: SubmissionIdentity): string {
	return uuidV5(
		canonical([
			identity.executionId,
			identity.nodeId,
			identity.runIndex,
			identity.itemIndex,
			identity.inputs,
		]),
	);
}

/** The derived request ID of an item's paid job in this execution, from what it will send. */
function itemRequestId(
	context: IExecuteFunctions,
	itemIndex: number,
	inputs: Record<string, unknown>,
): string {
	return deriveIdempotencyKey({
		executionId: String(context.getExecutionId() ?? ''),
		nodeId: context.getNode().id,
		runIndex: Number(context.getWorkflowDataProxy(itemIndex).$runIndex ?? 0),
		itemIndex,
		inputs,
	});
}

/**
 * The request ID when Pay Once per Input is on: from the workflow, the node and the item's
 * inputs only, so the same input sent again in any later execution (a webhook delivered twice,
 * a rerun after a crashed worker) gets the job already paid for back.
 */
function inputRequestId(context: IExecuteFunctions, inputs: Record<string, unknown>): string {
	return uuidV5(
		canonical(['once per input', context.getWorkflow().id ?? '', context.getNode().id, inputs]),
	);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The request ID of an item's paid job: the one the user gave (a UUID, lowercased as MeiGen keeps
 * it; anything else fails before it is sent), else per execution, or per input when the user
 * asked for that.
 */
export function requestIdFor(
	context: IExecuteFunctions,
	itemIndex: number,
	inputs: Record<string, unknown>,
	options: { given?: string; label: string; oncePerInput?: boolean },
): string {
	if (options.given) {
		if (UUID.test(options.given)) return options.given.toLowerCase();
		throw inputError(
			context.getNode(),
			itemIndex,
			`${options.label} is not a UUID: ${options.given.slice(0, 100)}`,
			`MeiGen takes a UUID, e.g. 3f0b9a52-1c4e-4d8e-9a51-2f7f5c0e6b1d. Clear Options → ${options.label} to let the node derive one.`,
		);
	}
	return options.oncePerInput
		? inputRequestId(context, inputs)
		: itemRequestId(context, itemIndex, inputs);
}
