import type { INode } from 'n8n-workflow';

import { inputError } from '../errors/nodeErrors';

/**
 * Options → Max Credits: the most one execution of the node may commit, across all its items.
 * Quotes are reserved before anything is submitted (JavaScript runs them one at a time, so the
 * budget holds exactly at any concurrency), then settled to what MeiGen charged.
 */
export class CreditBudget {
	private committed = 0;

	constructor(readonly max: number | undefined) {}

	get isSet(): boolean {
		return this.max !== undefined;
	}

	/** Credits committed so far: reserved for jobs under way, or charged. */
	get used(): number {
		return this.committed;
	}

	/**
	 * Reserves an item's quote, or fails the item (nothing sent) when it would take the run over
	 * the budget, or when its price is unknown and a budget is set.
	 */
	reserve(node: INode, itemIndex: number, quote: number | undefined): Reservation {
		if (this.max === undefined) return new Reservation(this, quote ?? 0);
		if (quote === undefined) {
			throw inputError(
				node,
				itemIndex,
				'The price of this item is unknown, and Max Credits is set',
				"MeiGen's price tables give no price for this model and these options, so the node cannot keep the budget. Choose options the model prices (Model → Get Many shows its price tables), or remove Options → Max Credits.",
			);
		}
		if (this.committed + quote > this.max) {
			throw inputError(
				node,
				itemIndex,
				`Over the credit budget: this item costs ${quote} credits, ${this.committed} of the ${this.max} allowed are already committed`,
				'Raise Options → Max Credits, or send fewer or cheaper items.',
			);
		}
		this.committed += quote;
		return new Reservation(this, quote);
	}

	/** @internal used by Reservation */
	adjust(delta: number): void {
		this.committed = Math.max(0, this.committed + delta);
	}
}

/** One item's share of the budget: settled to the real charge, or given back. */
export class Reservation {
	private submitted = false;

	constructor(
		private readonly budget: CreditBudget,
		private amount: number,
	) {}

	/** MeiGen took the job and charged this (0 for a deduped submit: paid for already). */
	settle(charged: number | undefined): void {
		this.submitted = true;
		if (charged === undefined) return;
		this.budget.adjust(charged - this.amount);
		this.amount = charged;
	}

	/** The submit was never taken in: nothing was charged. No effect once the job exists. */
	release(): void {
		if (this.submitted) return;
		this.refund();
	}

	/** MeiGen refunded the job: its credits go back to the budget. */
	refund(): void {
		this.budget.adjust(-this.amount);
		this.amount = 0;
	}
}
