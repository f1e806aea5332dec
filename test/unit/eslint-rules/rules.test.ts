import { TSESLint } from '@typescript-eslint/utils';
import tseslint from 'typescript-eslint';

import localRules from '../../../eslint-rules';

/** The local lint rules (eslint-rules/), on the cases n8n's originals take and on this node's layout. */

type RuleName = keyof typeof localRules.rules;
type Case = string | { code: string; options?: unknown[]; filename?: string };
type InvalidCase = Exclude<Case, string> & { errors: Array<{ messageId: string }> };

const linter = new TSESLint.Linter({ configType: 'flat' });

/** The message IDs the rule reports on `code`, linted as TypeScript the way eslint.config.mjs does. */
function messages(rule: RuleName, test: Case): Array<string | null> {
	const {
		code,
		options = [],
		filename = 'file.ts',
	} = typeof test === 'string' ? { code: test } : test;
	const config: TSESLint.FlatConfig.Config = {
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser },
		plugins: { local: localRules },
		rules: { [`local/${rule}`]: ['error', ...options] },
	};
	return linter
		.verify(code, [config], filename)
		.map((message) => message.messageId ?? message.message);
}

const tester = {
	run(rule: RuleName, cases: { valid: Case[]; invalid: InvalidCase[] }) {
		it.each(cases.valid.map((test) => [test]))('valid: %j', (test) => {
			expect(messages(rule, test)).toEqual([]);
		});
		it.each(cases.invalid.map((test) => [test]))('invalid: %j', (test) => {
			expect(messages(rule, test)).toEqual(test.errors.map((error) => error.messageId));
		});
	},
};

describe('options-sorted-alphabetically', () => {
	tester.run('options-sorted-alphabetically', {
		valid: [
			// Sorted by name, case-insensitively, in any file
			`const f = { displayName: 'Mode', name: 'mode', type: 'options', default: 'a',
				options: [{ name: 'alpha', value: 'a' }, { name: 'Beta', value: 'b' }] };`,
			// Options from a method: nothing to read
			`const f = { displayName: 'Tier', name: 'tier', type: 'options', default: '',
				typeOptions: { loadOptionsMethod: 'getTiers' } };`,
			// A list it cannot read passes unless literals are required (n8n's own behaviour)
			`const f = { displayName: 'Options', name: 'options', type: 'collection', default: {},
				options: [...shared] };`,
			{
				code: `const f = { displayName: 'Options', name: 'options', type: 'collection', default: {},
					options: [{ displayName: 'Download', name: 'download', type: 'boolean', default: true },
						{ displayName: 'Timeout', name: 'waitTimeout', type: 'number', default: 1 }] };`,
				options: [{ requireLiterals: true }],
			},
		],
		invalid: [
			{
				code: `const f = { displayName: 'Reference Mode', name: 'referenceMode', type: 'options',
					default: 'frame', options: [{ name: 'Frame', value: 'frame' }, { name: 'Content', value: 'content' }] };`,
				errors: [{ messageId: 'optionsNotSorted' }],
			},
			{
				// A collection's fields go by displayName
				code: `const f = { displayName: 'Options', name: 'options', type: 'collection', default: {},
					options: [{ displayName: 'Put Output in Field', name: 'binaryPropertyOutput', type: 'string', default: 'data' },
						{ displayName: 'Download', name: 'download', type: 'boolean', default: true }] };`,
				errors: [{ messageId: 'optionsNotSorted' }],
			},
			{
				code: `const f = { displayName: 'Options', name: 'options', type: 'collection', default: {},
					options: [download, { displayName: 'Timeout', name: 'waitTimeout', type: 'number', default: 1 }] };`,
				options: [{ requireLiterals: true }],
				errors: [{ messageId: 'optionsNotLiteral' }],
			},
			{
				code: `const f = { displayName: 'Operation', name: 'operation', type: 'options', default: 'get',
					options: operations };`,
				options: [{ requireLiterals: true }],
				errors: [{ messageId: 'optionsNotLiteral' }],
			},
		],
	});
});

describe('require-continue-on-fail', () => {
	tester.run('require-continue-on-fail', {
		valid: [
			`class Node1 implements INodeType {
				async execute(this: IExecuteFunctions) {
					try { return await router.call(this); }
					catch (error) { if (!this.continueOnFail()) throw error; return [[]]; }
				}
			}`,
			// Not a node type
			`class Helper { async execute() { return 1; } }`,
		],
		invalid: [
			{
				code: `class Node1 implements INodeType {
					async execute(this: IExecuteFunctions) { return await router.call(this); }
				}`,
				errors: [{ messageId: 'missingContinueOnFail' }],
			},
			{
				code: `class Node2 extends Node { async execute() { return await run(this); } }`,
				errors: [{ messageId: 'missingContinueOnFail' }],
			},
		],
	});
});

describe('node-operation-error-itemindex', () => {
	tester.run('node-operation-error-itemindex', {
		valid: [
			`function read(node, itemIndex) { throw new NodeOperationError(node, 'x', { itemIndex }); }`,
			`function read(node, itemIndex) { throw new NodeApiError(node, {}, { ...opts }); }`,
			`function read(node, itemIndex, opts) { throw new NodeOperationError(node, 'x', opts); }`,
			// No item in sight: an error of the whole node
			`function route(node) { throw new NodeOperationError(node, 'unknown operation'); }`,
			{
				// n8n's case outside a .node.ts file is left to the scope check
				code: `class N implements INodeType { async execute() {
					const items = this.getInputData();
					for (let i = 0; i < items.length; i++) { throw new NodeOperationError(this.getNode(), 'x'); }
				} }`,
				filename: 'helpers.ts',
			},
		],
		invalid: [
			{
				code: `function read(node, itemIndex) { throw new NodeOperationError(node, 'x'); }`,
				errors: [{ messageId: 'missingItemIndex' }],
			},
			{
				code: `const f = async (itemIndex) => { const e = new NodeApiError(node, body, { message: 'm' }); };`,
				errors: [{ messageId: 'missingItemIndex' }],
			},
			{
				// n8n's own case: an item loop over this.getInputData() in a node's execute()
				code: `class N implements INodeType { async execute() {
					const items = this.getInputData();
					for (let i = 0; i < items.length; i++) { throw new NodeOperationError(this.getNode(), 'x', {}); }
				} }`,
				filename: 'Example.node.ts',
				errors: [{ messageId: 'missingItemIndex' }],
			},
			{
				code: `class N implements INodeType { async execute() {
					for (const item of this.getInputData()) { throw new NodeApiError(this.getNode(), {}); }
				} }`,
				filename: 'Example.node.ts',
				errors: [{ messageId: 'missingItemIndex' }],
			},
		],
	});
});
