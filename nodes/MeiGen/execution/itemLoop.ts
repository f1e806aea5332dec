import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { fetchModels } from '../catalog/models';
import { fetchSkillCatalog } from '../catalog/skills';
import type { NodeError } from '../errors/nodeErrors';
import { NOTHING_CHARGED, SAID } from '../errors/voice';
import { executionNearlyOver } from '../jobs/deadlines';
import type { ItemResult, PaidJob } from '../jobs/job';
import { jobFields, type JobRef } from '../jobs/jobRef';
import { readEntries } from '../params/read';
import { CreditBudget } from '../pricing/budget';
import { cancelSignal } from '../transport';
import { SubmitPacer } from '../transport/retry';
import type { MeiGenModel, SkillCatalogEntry } from '../types';

/**
 * One node execution's run over its items: the state they share (Max Credits, Concurrency, the
 * submit pacer, the model list), and the loop that runs them and turns failures into error items.
 */

// Ten: a batch of ten finishes in about one generation's time; the submits among them go four at a
// time (transport/retry.ts), as MeiGen's own client sends them.
export const DEFAULT_CONCURRENCY = 10;

/** State shared by all items of one node execution. */
export class RunState {
	readonly pacer = new SubmitPacer();

	/** When the node began: the workflow's execution timeout is counted from here. */
	readonly startedAt = Date.now();

	/** The execution's cancel signal (stop, timeout, shutdown), read once. */
	readonly signal: AbortSignal | undefined;

	private models?: Promise<MeiGenModel[] | undefined>;

	private skills?: Promise<SkillCatalogEntry[] | undefined>;

	/** Options → Max Credits, shared by every item of the execution */
	readonly budget: CreditBudget;

	/** Options → Concurrency: how many items run at once, where the operation allows it */
	readonly concurrency: number;

	/**
	 * Reads the options that hold for the whole execution (the first item's values: items are
	 * scheduled, and the budget shared, before any item is read). A wrong one fails the node
	 * before anything is sent.
	 */
	constructor(private readonly context: IExecuteFunctions) {
		this.signal = cancelSignal(context);
		const options = readEntries(context, 'options', 0, {
			concurrency: 'number',
			maxCredits: 'number',
		});
		this.budget = new CreditBudget(options.maxCredits);
		this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
	}

	/** The model list, asked for once per execution; undefined when it could not be had (checks are then left to the API). */
	async modelList(): Promise<MeiGenModel[] | undefined> {
		// An empty list is no list: it must not make every model "unknown".
		this.models ??= fetchModels(this.context, {
			includeInactive: false,
			signal: this.signal,
		}).then(
			(models) => (models.length ? models : undefined),
			() => undefined,
		);
		return await this.models;
	}

	/** The Skills catalog (prices), asked for once per execution; undefined when it could not be had. */
	async skillCatalog(): Promise<SkillCatalogEntry[] | undefined> {
		this.skills ??= fetchSkillCatalog(this.context, { signal: this.signal }).then(
			(entries) => (entries.length ? entries : undefined),
			() => undefined,
		);
		return await this.skills;
	}
}

/**
 * One operation's work on one item: its output items (pairedItem is added by the loop), or, for
 * a paid job, its result as a value: the items and the job paid for, or the failure and its job.
 */
export type ItemOperation = (
	context: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
) => Promise<INodeExecutionData[] | ItemResult>;

export interface OperationModule {
	execute: ItemOperation;
	/** Whether items may run at the same time (Options → Concurrency) */
	concurrent?: boolean;
}

type Failure = Extract<ItemResult, { failed: NodeError }>;

/**
 * Runs an operation over every input item: several at once where the operation allows it,
 * outputs in input order with pairedItem, and failures as error items (Continue On Fail) or as
 * the node's error.
 */
export async function runItems(
	context: IExecuteFunctions,
	operation: OperationModule,
	run = new RunState(context),
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const concurrent = operation.concurrent === true;
	const concurrency = concurrent && items.length > 1 ? run.concurrency : 1;
	let failed = false;
	let outOfTime = false;

	const outcomes = await mapWithConcurrency<ItemResult>(
		items.length,
		concurrency,
		async (itemIndex) => {
			const result = await operation.execute(context, itemIndex, run).then(
				(output): ItemResult => (Array.isArray(output) ? { items: output } : output),
				(error: unknown): ItemResult => ({ failed: asNodeError(context, error, itemIndex) }),
			);
			failed ||= 'failed' in result && !continueOnFail;
			return result;
		},
		// Without Continue On Fail the first error ends the run: nothing new is submitted, but
		// items already under way are finished, since their jobs are paid for. Close to the
		// workflow's execution timeout nothing new starts either: n8n would cut it off unpaid-for.
		() => {
			outOfTime ||= concurrent && executionNearlyOver(context, run.startedAt);
			return failed || outOfTime || run.signal?.aborted === true;
		},
	);

	const results: ItemResult[] = outcomes.map(
		(outcome, itemIndex) => outcome ?? { failed: notStarted(context, itemIndex) },
	);

	if (!continueOnFail) {
		const first = results.find((result): result is Failure => 'failed' in result);
		if (first) throw withPaidJobs(first, results);
	}

	const returnData: INodeExecutionData[] = [];
	for (const [itemIndex, result] of results.entries()) {
		if ('items' in result) {
			returnData.push(
				...result.items.map((item) => ({ ...item, pairedItem: { item: itemIndex } })),
			);
			continue;
		}
		const { failed: error, job, done } = result;
		returnData.push(
			errorItem(context, error, itemIndex, {
				// Get Status without waiting: a failed job is over too, so a park-and-check loop ends.
				...(done ? { done: true } : {}),
				...jobFields(job ?? {}),
			}),
		);
	}
	return [returnData];
}

/**
 * A failed item under Continue On Fail: `{ error, errorDescription, …the job's IDs }`. With On
 * Error → Continue (using error output), n8n sends an item to the error output only when its JSON
 * holds nothing but `error`, `message` (and, from n8n 2.x, `details`): there it is `{ error,
 * message: the description, details: the job's IDs }`, and n8n adds the input item's fields.
 */
export function errorItem(
	context: IExecuteFunctions,
	error: NodeError,
	itemIndex: number,
	fields: IDataObject = {},
): INodeExecutionData {
	const description = error.description ? { errorDescription: error.description } : {};
	const json =
		context.getNode().onError === 'continueErrorOutput'
			? {
					error: error.message,
					...(error.description ? { message: error.description } : {}),
					...(Object.keys(fields).length ? { details: fields } : {}),
				}
			: { error: error.message, ...description, ...fields };
	return { json, pairedItem: { item: itemIndex } };
}

function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	return error instanceof NodeApiError || error instanceof NodeOperationError
		? error
		: new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

function notStarted(context: IExecuteFunctions, itemIndex: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), SAID.notStarted, {
		description: `${NOTHING_CHARGED.notSubmitted} Raise the workflow's timeout (Workflow Settings), or send fewer items per execution.`,
		itemIndex,
	});
}

/** Whether two references name the same job. */
function sameJob(a: JobRef, b: JobRef | undefined): boolean {
	if (!b) return false;
	if (a.skill || b.skill) return a.skill === b.skill && a.requestId === b.requestId;
	return a.generationId !== undefined && a.generationId === b.generationId;
}

/**
 * The error that fails the node names the other items' jobs that were already submitted (and
 * charged), in each job kind's words: the node's output is lost with the error, and a rerun
 * would pay for them again.
 */
function withPaidJobs(first: Failure, results: ItemResult[]): NodeError {
	const { failed: error, job: own } = first;
	const byKind = new Map<PaidJob['kind'], JobRef[]>();
	const seen: JobRef[] = [];
	for (const result of results) {
		for (const { job, kind } of result.paid ?? []) {
			if (sameJob(job, own) || seen.some((other) => sameJob(job, other))) continue;
			seen.push(job);
			byKind.set(kind, [...(byKind.get(kind) ?? []), job]);
		}
	}
	const lines = [...byKind.entries()].map(([kind, jobs]) => kind.paidLine(jobs));
	if (lines.length) error.description = `${error.description ?? ''} ${lines.join(' ')}`.trim();
	return error;
}

/**
 * Runs `work` for every index with at most `limit` at a time and returns the results in input order.
 * Nothing new starts once `shouldStop` says so; indexes never started are left undefined.
 */
export async function mapWithConcurrency<T>(
	count: number,
	limit: number,
	work: (index: number) => Promise<T>,
	shouldStop: () => boolean = () => false,
): Promise<Array<T | undefined>> {
	const results: Array<T | undefined> = new Array<T | undefined>(count).fill(undefined);
	let next = 0;
	const worker = async () => {
		while (next < count && !shouldStop()) {
			const index = next++;
			results[index] = await work(index);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
	return results;
}
