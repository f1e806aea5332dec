// AST helpers the local rules share. Plain CommonJS, so eslint.config.mjs imports it and jest's
// unit tests require it without a transform.

/** The value of a string literal (or a template without expressions), else null. */
function stringValue(node) {
	if (!node) return null;
	if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
	if (node.type === 'TemplateLiteral' && node.expressions.length === 0) {
		return node.quasis[0].value.cooked;
	}
	return null;
}

/** The name of a non-computed property key: `name`, `'name'`. */
function keyName(property) {
	if (property.type !== 'Property' || property.computed) return null;
	if (property.key.type === 'Identifier') return property.key.name;
	return stringValue(property.key);
}

/** The property called `name` of an object literal, else null. */
function findProperty(objectExpression, name) {
	for (const property of objectExpression.properties) {
		if (keyName(property) === name) return property;
	}
	return null;
}

/** Whether a class is an n8n node type: `implements INodeType`, or `extends Node`. */
function isNodeTypeClass(classNode) {
	const implemented = (classNode.implements ?? []).some(
		(clause) => clause.expression.type === 'Identifier' && clause.expression.name === 'INodeType',
	);
	const extendsNode =
		classNode.superClass?.type === 'Identifier' && classNode.superClass.name === 'Node';
	return implemented || extendsNode;
}

/** The class's `execute` method (a method definition, as n8n's rules look for it). */
function executeMethod(classNode) {
	return (
		classNode.body.body.find(
			(member) =>
				member.type === 'MethodDefinition' &&
				!member.computed &&
				member.key.type === 'Identifier' &&
				member.key.name === 'execute',
		) ?? null
	);
}

/** Whether `node` is `this.<method>(...)`. */
function isThisCall(node, method) {
	return (
		node.type === 'CallExpression' &&
		node.callee.type === 'MemberExpression' &&
		!node.callee.computed &&
		node.callee.object.type === 'ThisExpression' &&
		node.callee.property.type === 'Identifier' &&
		node.callee.property.name === method
	);
}

/** Whether any node under `root` (itself included) satisfies `test`, walked by visitor keys. */
function someDescendant(root, visitorKeys, test) {
	const stack = [root];
	while (stack.length) {
		const node = stack.pop();
		if (test(node)) return true;
		for (const key of visitorKeys[node.type] ?? []) {
			const child = node[key];
			if (Array.isArray(child)) {
				for (const entry of child) if (entry && typeof entry.type === 'string') stack.push(entry);
			} else if (child && typeof child.type === 'string') {
				stack.push(child);
			}
		}
	}
	return false;
}

module.exports = {
	executeMethod,
	findProperty,
	isNodeTypeClass,
	isThisCall,
	keyName,
	someDescendant,
	stringValue,
};
