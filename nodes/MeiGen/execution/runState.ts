import type { IExecuteFunctions } from 'n8n-workflow';

import { cancelSignal } from '../transport';
import { CreditBudget } from '../pricing/budget';
import type { MeiGenModel, SkillCatalogEntry } from '../types';
import { fetchModels } from '../catalog/models';
import { SubmitPacer } from '../transport/pacer';
import { fetchSkillCatalog } from '../catalog/skills';
import { readCollection } from '../params/read';

/** State shared by all items of one node execution. */
export class RunState {
	readonly pacer = new SubmitPacer();

	/** When the node began: the workflow's execution timeout is counted from here. */
	readonly startedAt = Date.now();

	/** The execution's cancel signal (stop, timeout, shutdown), read once. */
	readonly signal: AbortSignal | undefined;

	private models?: Promise<MeiGenModel[] | undefined>;

	private skills?: Promise<SkillCatalogEntry[] | undefined>;

	private credits?: CreditBudget;

	constructor(private readonly context: IExecuteFunctions) {
		this.signal = cancelSignal(context);
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

	/** Options → Max Credits, shared by every item (the first item's value, like Concurrency). */
	budget(): CreditBudget {
		if (!this.credits) {
			const options = readCollection(this.context, 'options', 0);
			const max = Number(options.maxCredits);
			const set = options.maxCredits !== undefined && options.maxCredits !== '' && max >= 0;
			this.credits = new CreditBudget(set ? max : undefined);
		}
		return this.credits;
	}
}
