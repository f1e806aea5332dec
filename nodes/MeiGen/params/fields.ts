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

/** A field's key: its name, or `collection.name` for an entry of a collection. */
function keyOf(name: string, collection?: string): string {
	return collection ? `${collection}.${name}` : name;
}

function isProperty(entry: unknown): entry is INodeProperties {
	return typeof entry === 'object' && entry !== null && 'type' in entry && 'displayName' in entry;
}

function isGroup(entry: unknown): entry is INodePropertyCollection {
	return typeof entry === 'object' && entry !== null && 'values' in entry;
}

/** n8n's lint wants " Name or ID" after the label of a list loaded from the API: not the field's name. */
function labelOf(property: INodeProperties): string {
	return property.displayName.replace(/ Name or ID$/, '');
}

function staticValues(property: INodeProperties): string[] | undefined {
	if (property.type !== 'options' || property.typeOptions?.loadOptionsMethod) return undefined;
	const options = (property.options ?? []) as INodePropertyOptions[];
	return options.map((option) => String(option.value));
}

/**
 * Learns the fields of a description: top-level fields by name, a collection's entries (and a
 * fixed collection's groups' entries) by `collection.name`. Fields of one name under several
 * operations share their label and bounds (a unit test holds the description to that).
 */
export function learnFields(properties: INodeProperties[], collection?: string): void {
	for (const property of properties) {
		const key = keyOf(property.name, collection);
		if (!FIELDS.has(key)) {
			FIELDS.set(key, {
				label: labelOf(property),
				typeOptions: property.typeOptions,
				values: staticValues(property),
			});
		}
		if (property.type !== 'collection' && property.type !== 'fixedCollection') continue;
		for (const entry of property.options ?? []) {
			if (isProperty(entry)) learnFields([entry], property.name);
			else if (isGroup(entry)) learnFields(entry.values, property.name);
		}
	}
}

/**
 * A field as the description declares it. One the node never declared (a typo in the code, or
 * a unit test without the node) is named from its name, `waitTimeout` → "Wait Timeout".
 */
export function fieldOf(name: string, collection?: string): Field {
	const learned = FIELDS.get(keyOf(name, collection));
	if (learned) return learned;
	const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
	return { label: words.charAt(0).toUpperCase() + words.slice(1) };
}

/** How the panel names a field in text: "Prompt", or "Options → Max Credits" for an entry. */
export function fieldName(name: string, collection?: string): string {
	const { label } = fieldOf(name, collection);
	return collection ? `${fieldOf(collection).label} → ${label}` : label;
}
