// n8n's `require-continue-on-fail` (packages/@n8n/eslint-plugin-community-nodes in n8n-io/n8n;
// published in 0.17–0.23, not in 0.32): a node type's execute() must call this.continueOnFail()
// itself, so a reader of execute() sees what the node does with a failure under Continue On Fail.
const { executeMethod, isNodeTypeClass, isThisCall, someDescendant } = require('./ast');

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
	meta: {
		type: 'problem',
		docs: { description: 'execute() of a node type handles this.continueOnFail()' },
		messages: {
			missingContinueOnFail:
				'execute() must handle this.continueOnFail(): catch the failure and, when it is true, return it as an error item instead of throwing.',
		},
		schema: [],
	},
	create(context) {
		const { visitorKeys } = context.sourceCode;
		return {
			ClassDeclaration(node) {
				if (!isNodeTypeClass(node)) return;
				const execute = executeMethod(node);
				const body = execute?.value.body;
				if (!body) return;
				if (someDescendant(body, visitorKeys, (child) => isThisCall(child, 'continueOnFail'))) {
					return;
				}
				context.report({ node: execute.key, messageId: 'missingContinueOnFail' });
			},
		};
	},
};
