import type {
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodePropertyTypeOptions,
} from 'n8n-workflow';

/**
 * The node's fields as its description declares them: the label the panel shows and the bounds
 * the panel keeps, so an error about a value names the field as the user sees it and checks it
 * against the same bounds. The node learns them from its own description when it loads.
 */

/** What the readers need of a field. */
export interface Field {
	/** The label the panel shows, e.g. "Max Credits" */
	label: string;
	typeOptions?: INodePropertyTypeOptions;
	/** A dropdown's values, when the description lists them (not loaded from MeiGen) */
	values?: string[];
}

const FIELDS = new Map<string, Field>();

/** The resource and operation whose panel a value comes from. */
export interface Scope {
	resource?: string;
	operation?: string;
}

/**
 * A field's key: its name, or `collection.name` for an entry of a collection, after its scope:
 * `image/generate:additionalFields.aspectRatio`, or `:…` where no operation is known.
 */
function keyOf(name: string, collection?: string, scope: Scope = {}): string {
	const path = collection ? `${collection}.${name}` : name;
	return `${scope.resource ?? ''}/${scope.operation ?? ''}:${path}`;
}

function isProperty(entry: unknown): entry is INodeProperties {
	return typeof entry === 'object' && entry !== null && 'type' in entry && 'displayName' in entry;
}

function isGroup(entry: unknown): entry is INodePropertyCollection {
	return typeof entry === 'object' && entry !== null && 'values' in entry;
}

function staticValues(property: INodeProperties): string[] | undefined {
	if (property.type !== 'options' || property.typeOptions?.loadOptionsMethod) return undefined;
	const options = (property.options ?? []) as INodePropertyOptions[];
	return options.map((option) => String(option.value));
}

/** The operations a top-level field is shown for (none: any). */
function scopesOf(property: INodeProperties): Scope[] {
	const show = property.displayOptions?.show ?? {};
	const resources = (show.resource ?? [undefined]) as Array<string | undefined>;
	const operations = (show.operation ?? [undefined]) as Array<string | undefined>;
	return resources.flatMap((resource) => operations.map((operation) => ({ resource, operation })));
}

function learn(property: INodeProperties, collection: string | undefined, scopes: Scope[]): void {
	const field: Field = {
		label: property.displayName,
		typeOptions: property.typeOptions,
		values: staticValues(property),
	};
	// Scoped to its operations, and unscoped for a reader that knows none (the first one wins).
	for (const scope of [...scopes, {}]) {
		const key = keyOf(property.name, collection, scope);
		if (!FIELDS.has(key)) FIELDS.set(key, field);
	}
	if (property.type !== 'collection' && property.type !== 'fixedCollection') return;
	for (const entry of property.options ?? []) {
		if (isProperty(entry)) learn(entry, property.name, scopes);
		else if (isGroup(entry)) for (const value of entry.values) learn(value, property.name, scopes);
	}
}

/**
 * Learns the fields of a description: each field under the operations it is shown for, by name
 * (a collection's entries, and a fixed collection's groups' entries, by `collection.name`).
 */
export function learnFields(properties: INodeProperties[]): void {
	for (const property of properties) learn(property, undefined, scopesOf(property));
}

/**
 * A field as the panel of `scope`'s operation shows it. One the node never declared (a typo in
 * the code, or a unit test without the node) is named from its name, `waitTimeout` → "Wait
 * Timeout".
 */
export function fieldOf(name: string, collection?: string, scope: Scope = {}): Field {
	const learned = FIELDS.get(keyOf(name, collection, scope)) ?? FIELDS.get(keyOf(name, collection));
	if (learned) return learned;
	const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
	return { label: words.charAt(0).toUpperCase() + words.slice(1) };
}

/**
 * How the panel names a field in text: "Prompt", or "Additional Fields → Aspect Ratio Name or ID"
 * for an entry.
 */
export function fieldName(name: string, collection?: string, scope: Scope = {}): string {
	const { label } = fieldOf(name, collection, scope);
	return collection ? `${fieldOf(collection, undefined, scope).label} → ${label}` : label;
}
