import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { SKILL_NAMES } from '../../../nodes/MeiGen/catalog/skills';
import { MeiGen, OPERATIONS } from '../../../nodes/MeiGen/MeiGen.node';

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

	it("each Skill has one name: its operation's, in Get Status's Skill list and in the node's messages", () => {
		const names = (field: INodeProperties | undefined) =>
			((field?.options ?? []) as INodePropertyOptions[]).map((option) => [
				String(option.value),
				option.name,
			]);
		const skillField = properties.find(
			(property) =>
				property.name === 'skill' &&
				property.displayOptions?.show?.operation?.includes('getStatus'),
		);
		const listed = Object.fromEntries(names(skillField));
		expect(listed).toEqual(SKILL_NAMES);
		const operations = names(operationField('skill')).map(([, name]) => name);
		expect(operations).toEqual(expect.arrayContaining(Object.values(SKILL_NAMES)));
	});
});
