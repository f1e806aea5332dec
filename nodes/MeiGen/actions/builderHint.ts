import type {
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';

/**
 * Hints for n8n's AI workflow builder, in n8n-workflow 2.x's shapes (IParameterBuilderHint,
 * IBuilderHint, IRelatedNode). They are declared here because n8n-workflow 1.x has none of them and
 * the node compiles against both lines; n8n 1.x ignores the hints at run time.
 * test/nodes/MeiGen/builderHints.test.ts checks that they stay assignable to 2.x's own types.
 */
export interface ParameterBuilderHint {
	propertyHint: string;
	placeholderSupported?: boolean;
}

export interface RelatedNode {
	/** A node type ID, e.g. n8n-nodes-base.wait */
	nodeType: string;
	relationHint: string;
}

export interface NodeBuilderHint {
	searchHint?: string;
	relatedNodes?: RelatedNode[];
}

/**
 * A parameter that may carry a hint, as may the fields of its collection. Never put one on a
 * resource, operation or mode field: n8n 2.x's loader then refuses the whole package.
 */
export type HintedProperty = Omit<INodeProperties, 'options'> & {
	builderHint?: ParameterBuilderHint;
	options?: Array<INodePropertyOptions | HintedProperty | INodePropertyCollection>;
};

export type HintedNodeDescription = INodeTypeDescription & { builderHint?: NodeBuilderHint };
