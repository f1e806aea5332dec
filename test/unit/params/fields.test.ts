import type { INodeProperties, INodePropertyCollection } from 'n8n-workflow';

import { MeiGen } from '../../../nodes/MeiGen/MeiGen.node';
import { fieldName, fieldOf } from '../../../nodes/MeiGen/params/fields';

const { properties } = new MeiGen().description;

/** Every field of the description with the key the readers look it up by. */
function fields(
	list: Array<INodeProperties | INodePropertyCollection>,
	collection?: string,
): Array<{ key: string; field: INodeProperties }> {
	const found: Array<{ key: string; field: INodeProperties }> = [];
	for (const entry of list) {
		if ('values' in entry) {
			found.push(...fields(entry.values, collection));
			continue;
		}
		if (!('type' in entry)) continue;
		found.push({ key: collection ? `${collection}.${entry.name}` : entry.name, field: entry });
		if (entry.type === 'collection' || entry.type === 'fixedCollection') {
			found.push(...fields((entry.options ?? []) as INodeProperties[], entry.name));
		}
	}
	return found;
}

describe("the node's fields as the readers know them", () => {
	it('fields of one name under several operations keep the same bounds', () => {
		const seen = new Map<string, INodeProperties>();
		const bounds = (field: INodeProperties) => {
			const { minValue, maxValue, numberPrecision } = field.typeOptions ?? {};
			return { minValue, maxValue, numberPrecision };
		};
		for (const { key, field } of fields(properties)) {
			const first = seen.get(key);
			if (!first) seen.set(key, field);
			else expect({ key, bounds: bounds(field) }).toEqual({ key, bounds: bounds(first) });
		}
	});

	it("a field is named as its own operation's panel shows it", () => {
		expect(
			fieldName('aspectRatio', 'additionalFields', { resource: 'image', operation: 'generate' }),
		).toBe('Additional Fields → Aspect Ratio Name or ID');
		expect(
			fieldName('aspectRatio', 'additionalFields', {
				resource: 'skill',
				operation: 'productDetail',
			}),
		).toBe('Additional Fields → Aspect Ratio');
	});

	it.each([
		['waitForCompletion', undefined, 'Wait for Completion'],
		['maxCredits', 'options', 'Options → Max Credits'],
		['waitTimeout', 'options', 'Options → Timeout'],
		[
			'referenceImageBinaryProperties',
			'additionalFields',
			'Additional Fields → Reference Image Binary Fields',
		],
		['modelId', undefined, 'Model'],
		['tokenId', undefined, 'Token'],
	])('%s is named as the panel shows it', (name, collection, shown) => {
		expect(fieldName(name, collection)).toBe(shown);
	});

	it("a number field's bounds are the panel's", () => {
		expect(fieldOf('concurrency', 'options').typeOptions).toMatchObject({
			minValue: 1,
			maxValue: 50,
			numberPrecision: 0,
		});
		expect(fieldOf('maxCredits', 'options').typeOptions).toMatchObject({ minValue: 0 });
	});

	it('a dropdown listed in the description knows its values; one loaded from MeiGen does not', () => {
		expect(fieldOf('onTimeout', 'options').values).toEqual(['error', 'returnPending']);
		expect(fieldOf('resolution', 'additionalFields').values).toBeUndefined();
	});
});
