// n8n's `node-operation-error-itemindex` (packages/@n8n/eslint-plugin-community-nodes in
// n8n-io/n8n; published in 0.17–0.23, not in 0.32): a NodeOperationError or NodeApiError made
// while one item is processed names that item (`{ itemIndex }` in its options), so n8n shows the
// failing item and Continue On Fail pairs the error item with it.
//
// n8n's rule looks only inside item loops over this.getInputData() in a `.node.ts` execute().
// This node processes each item in functions of its own modules, so this version also applies
// wherever an item index is in scope (a parameter or variable named as in `indexNames`, by default
// `itemIndex`). Options given as a variable, or spread into the literal, are taken on trust.
const { executeMethod, isNodeTypeClass, isThisCall, keyName, someDescendant } = require('./ast');

const ERROR_CLASSES = new Set(['NodeOperationError', 'NodeApiError']);

function namesItem(newExpression) {
	const options = newExpression.arguments[2];
	if (!options) return false;
	if (options.type !== 'ObjectExpression') return true;
	return options.properties.some(
		(property) => property.type === 'SpreadElement' || keyName(property) === 'itemIndex',
	);
}

function isGetInputData(node) {
	return node?.type === 'CallExpression' && isThisCall(node, 'getInputData');
}

/** Names of execute()'s variables that hold this.getInputData(). */
function inputVariables(execute, visitorKeys) {
	const names = new Set();
	someDescendant(execute, visitorKeys, (node) => {
		if (
			node.type === 'VariableDeclarator' &&
			node.id.type === 'Identifier' &&
			isGetInputData(node.init)
		) {
			names.add(node.id.name);
		}
		return false;
	});
	return names;
}

function isLengthOf(node, names) {
	return (
		node?.type === 'MemberExpression' &&
		!node.computed &&
		node.property.type === 'Identifier' &&
		node.property.name === 'length' &&
		node.object.type === 'Identifier' &&
		names.has(node.object.name)
	);
}

/** `for (…; i < items.length; …)` or `for (const item of items)` over the input items. */
function isItemLoop(node, names) {
	if (node.type === 'ForStatement') {
		const test = node.test;
		return (
			test?.type === 'BinaryExpression' &&
			(isLengthOf(test.left, names) || isLengthOf(test.right, names))
		);
	}
	if (node.type === 'ForOfStatement') {
		return (
			(node.right.type === 'Identifier' && names.has(node.right.name)) || isGetInputData(node.right)
		);
	}
	return false;
}

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
	meta: {
		type: 'problem',
		docs: {
			description:
				'NodeOperationError and NodeApiError name the item being processed ({ itemIndex })',
		},
		messages: {
			missingItemIndex:
				'`new {{ errorClass }}(...)` is made while item {{ where }} is processed: pass `{ itemIndex }` as its third argument so n8n can tell which item failed.',
		},
		schema: [
			{
				type: 'object',
				properties: { indexNames: { type: 'array', items: { type: 'string' } } },
				additionalProperties: false,
			},
		],
	},
	create(context) {
		const indexNames = context.options[0]?.indexNames ?? ['itemIndex'];
		const { sourceCode } = context;
		const nodeFile = context.filename.endsWith('.node.ts');

		/** The item index visible where `node` is, if any. */
		function indexInScope(node) {
			for (let scope = sourceCode.getScope(node); scope; scope = scope.upper) {
				const found = indexNames.find((name) => scope.set.has(name));
				if (found) return found;
			}
			return null;
		}

		/** Whether `node` sits in an item loop of a node type's execute() (n8n's own check). */
		function inItemLoop(node) {
			if (!nodeFile) return false;
			const ancestors = sourceCode.getAncestors(node);
			const classNode = ancestors.findLast((ancestor) => ancestor.type === 'ClassDeclaration');
			if (!classNode || !isNodeTypeClass(classNode)) return false;
			const execute = executeMethod(classNode);
			if (!execute || !ancestors.includes(execute)) return false;
			const names = inputVariables(execute, sourceCode.visitorKeys);
			return ancestors.some((ancestor) => isItemLoop(ancestor, names));
		}

		return {
			NewExpression(node) {
				if (node.callee.type !== 'Identifier' || !ERROR_CLASSES.has(node.callee.name)) return;
				if (namesItem(node)) return;
				const index = indexInScope(node);
				if (!index && !inItemLoop(node)) return;
				context.report({
					node,
					messageId: 'missingItemIndex',
					data: { errorClass: node.callee.name, where: index ?? 'of the loop' },
				});
			},
		};
	},
};
