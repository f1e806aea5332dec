import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { OPERATIONS } from '../../../nodes/MeiGen/actions/router';
import { MeiGen } from '../../../nodes/MeiGen/MeiGen.node';

const { properties } = new MeiGen().description;

/** The values of a field's options, as the panel lists them. */
function values(field: INodeProperties | undefined): string[] {
	return ((field?.options ?? []) as INodePropertyOptions[]).map((option) => String(option.value));
}

/** The Operation field the panel shows for a resource. */
function operationField(resource: string): INodeProperties | undefined {
	return properties.find(
		(property) =>
			property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource),
	);
}

const resources = [...new Set(OPERATIONS.map((operation) => operation.resource))];

describe('one declaration per operation', () => {
	it.each(resources)(
		"%s: the panel's Operation field lists exactly the declared operations",
		(resource) => {
			const declared = OPERATIONS.filter((operation) => operation.resource === resource).map(
				(operation) => operation.operation,
			);
			expect(values(operationField(resource)).sort()).toEqual([...declared].sort());
		},
	);

	it("the Resource field lists exactly the declared resources, and the tool's only those an agent may use", () => {
		const [node, tool] = properties.filter((property) => property.name === 'resource');
		expect(values(node).sort()).toEqual([...resources].sort());
		const forAgents = resources.filter((resource) =>
			OPERATIONS.some(
				(operation) => operation.resource === resource && operation.agent !== 'never',
			),
		);
		expect(values(tool).sort()).toEqual(forAgents.sort());
	});

	it('every field of an operation is shown for that operation only', () => {
		for (const { resource, operation, description } of OPERATIONS) {
			for (const field of description) {
				expect({ field: field.name, show: field.displayOptions?.show }).toMatchObject({
					field: field.name,
					show: { resource: [resource], operation: [operation] },
				});
			}
		}
	});

	it('no operation is declared twice', () => {
		const keys = OPERATIONS.map(({ resource, operation }) => `${resource}.${operation}`);
		expect(new Set(keys).size).toBe(keys.length);
	});
});
