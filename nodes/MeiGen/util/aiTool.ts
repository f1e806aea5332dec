import type { INode } from 'n8n-workflow';

/**
 * Whether the node runs as an AI Agent's tool. n8n builds the tool variant of a `usableAsTool`
 * node by appending "Tool" to its type name (`n8n-nodes-meigen.meiGenTool`), and its own
 * `@tool` display option is worked out the same way, so this is the check n8n itself makes.
 */
export function isAiTool(node: Pick<INode, 'type'>): boolean {
	return node.type.endsWith('Tool');
}
