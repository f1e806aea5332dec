import type { INode } from 'n8n-workflow';

import { CreditBudget } from '../../../nodes/MeiGen/pricing/budget';

const node = { name: 'MeiGen' } as INode;

describe('CreditBudget', () => {
	it('reserves quotes until the next one would go over, then refuses it, naming price, committed and budget', () => {
		const budget = new CreditBudget(25);
		budget.reserve(node, 0, 10);
		budget.reserve(node, 1, 10);
		expect(() => budget.reserve(node, 2, 10)).toThrow(
			'Over the credit budget: this item costs 10 credits, 20 of the 25 allowed are already committed',
		);
		expect(budget.used).toBe(20);
	});

	it('an unknown price is refused when a budget is set, and passes without one', () => {
		expect(() => new CreditBudget(100).reserve(node, 0, undefined)).toThrow(
			'price of this item is unknown',
		);
		expect(() => new CreditBudget(undefined).reserve(node, 0, undefined)).not.toThrow();
	});

	it('settles a reservation to the real charge; a deduped submit counts 0', () => {
		const budget = new CreditBudget(100);
		budget.reserve(node, 0, 10).settle(12);
		budget.reserve(node, 1, 10).settle(0);
		expect(budget.used).toBe(12);
	});

	it('a refused submit gives its credits back, but not once the job exists', () => {
		const budget = new CreditBudget(100);
		budget.reserve(node, 0, 10).release();
		const taken = budget.reserve(node, 1, 10);
		taken.settle(10);
		taken.release();
		expect(budget.used).toBe(10);
	});

	it('a refunded job gives its credits back', () => {
		const budget = new CreditBudget(15);
		const failed = budget.reserve(node, 0, 10);
		failed.settle(10);
		failed.refund();
		expect(() => budget.reserve(node, 1, 10)).not.toThrow();
	});
});
