import type { Rule } from 'eslint';

/** The local rules (./index.js), typed for the tests that import them. */
declare const plugin: {
	meta: { name: string };
	rules: Record<
		'node-operation-error-itemindex' | 'options-sorted-alphabetically' | 'require-continue-on-fail',
		Rule.RuleModule
	>;
};
export = plugin;
