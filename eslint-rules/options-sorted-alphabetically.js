// n8n's `options-sorted-alphabetically` (packages/@n8n/eslint-plugin-community-nodes in
// n8n-io/n8n; published in 0.17–0.23, not in 0.32) reads only `type: 'options'` fields written
// directly in a `.node.ts` class's `description.properties`. This node keeps its fields in
// actions/, so this version checks every parameter literal in the files it lints:
//   - `options` and `multiOptions` lists by `name`, collections and fixed collections by
//     `displayName`, in n8n's order (localeCompare, case- and accent-insensitive);
//   - with `requireLiterals`, a list it cannot read (a spread, an identifier, a computed name)
//     is an error too, so that no list passes unchecked.
const { findProperty, stringValue } = require('./ast');

const SORT_KEY = {
	options: 'name',
	multiOptions: 'name',
	collection: 'displayName',
	fixedCollection: 'displayName',
};

const compare = (a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' });

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
	meta: {
		type: 'suggestion',
		docs: {
			description:
				"Options, collections' fields and fixed collections' groups in alphabetical order, written as literals",
		},
		messages: {
			optionsNotSorted:
				'Options in "{{ displayName }}" are not sorted alphabetically by {{ key }}. Expected order: {{ expectedOrder }}.',
			optionsNotLiteral:
				'Options in "{{ displayName }}" are not all literal objects with a literal {{ key }}, so lint cannot check them. Write the list out.',
		},
		schema: [
			{
				type: 'object',
				properties: { requireLiterals: { type: 'boolean' } },
				additionalProperties: false,
			},
		],
	},
	create(context) {
		const requireLiterals = context.options[0]?.requireLiterals === true;
		return {
			ObjectExpression(node) {
				const typeProperty = findProperty(node, 'type');
				const key = SORT_KEY[stringValue(typeProperty?.value)];
				if (!key) return;
				const optionsProperty = findProperty(node, 'options');
				if (!optionsProperty) return;
				const displayName = stringValue(findProperty(node, 'displayName')?.value) ?? 'unknown';

				const list = optionsProperty.value;
				const names = [];
				const readable =
					list.type === 'ArrayExpression' &&
					list.elements.every((element) => {
						if (element?.type !== 'ObjectExpression') return false;
						const name = stringValue(findProperty(element, key)?.value);
						if (name === null) return false;
						names.push(name);
						return true;
					});
				if (!readable) {
					if (requireLiterals) {
						context.report({
							node: list,
							messageId: 'optionsNotLiteral',
							data: { displayName, key },
						});
					}
					return;
				}
				const sorted = [...names].sort(compare);
				if (names.every((name, index) => name === sorted[index])) return;
				context.report({
					node: list,
					messageId: 'optionsNotSorted',
					data: { displayName, key, expectedOrder: sorted.join(', ') },
				});
			},
		};
	},
};
