import type { IExecuteFunctions } from 'n8n-workflow';

import { cancelSignal } from '../transport';
import { CreditBudget } from '../pricing/budget';
import type { MeiGenModel, SkillCatalogEntry } from '../types';
import { fetchModels } from '../catalog/models';
import { SubmitPacer } from '../transport/pacer';
import { fetchSkillCatalog } from '../catalog/skills';
import { readEntries } from '../params/read';

// Ten: a batch of ten finishes in about one generation's time; the submits among them go four at a
// time (transport/pacer.ts), as MeiGen's own client sends them.
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
