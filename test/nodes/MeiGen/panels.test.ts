import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { MeiGen } from '../../../nodes/MeiGen/MeiGen.node';
import { TEST_SESSION_TOKEN } from '../../fake-server';
import { loadOptionsContext, meiGenNode } from '../../harness';
import { runMeiGen, skill, useFakeMeiGen } from './setup';

/**
 * n8n's conventions in the node's panels, checked on its description and through n8n-core: Get
 * Many's Return All and Limit, one name per concept, Token ID in plain sight, every dropdown
 * reloaded by the fields its prices depend on.
 */

const node = new MeiGen();
type Entry = INodeProperties | INodePropertyOptions | INodePropertyCollection;

/** Every field of the description, collections' and fixed collections' fields included. */
function allFields(properties: Entry[] = node.description.properties): INodeProperties[] {
	return properties.flatMap((entry) => {
		if (!('displayName' in entry) || !('type' in entry)) {
			return 'values' in entry ? allFields(entry.values) : [];
		}
		const children = entry.options?.filter((child) => typeof child === 'object') ?? [];
		return [entry, ...allFields(children as Entry[])];
	});
}

/** The top-level fields shown for `resource` and `operation`. */
function fieldsOf(resource: string, operation: string): INodeProperties[] {
	return node.description.properties.filter((property) => {
		const show = property.displayOptions?.show;
		return show?.resource?.includes(resource) && show.operation?.includes(operation);
	});
}

const withoutDisplay = ({ displayOptions, ...rest }: INodeProperties) => {
	const show = { ...displayOptions?.show };
	delete show.resource;
	delete show.operation;
	return { ...rest, show };
};

describe('Get Many: Return All and Limit', () => {
	const fake = useFakeMeiGen();
	const session = { apiKey: TEST_SESSION_TOKEN };

	it.each(['skill', 'token'])(
		'%s → Get Many has the same fields as Model → Get Many',
		(resource) => {
			const model = fieldsOf('model', 'getAll').filter((f) =>
				['returnAll', 'limit'].includes(f.name),
			);
			const own = fieldsOf(resource, 'getAll').filter((f) =>
				['returnAll', 'limit'].includes(f.name),
			);
			expect(own.map(withoutDisplay)).toEqual(model.map(withoutDisplay));
			expect(own.map((f) => f.default)).toEqual([false, 50]);
		},
	);

	it('Skill → Get Many returns up to Limit, or every Skill with Return All', async () => {
		const limited = await runMeiGen(fake(), skill('getAll', { returnAll: false, limit: 2 }));
		expect(limited.items.map((item) => item.json.id)).toEqual(['remove-bg', 'upscale']);
		const all = await runMeiGen(fake(), skill('getAll', { returnAll: true, limit: 2 }));
		expect(all.items).toHaveLength(5);
	});

	it('Token → Get Many returns up to Limit, or every key with Return All', async () => {
		for (const name of ['a', 'b', 'c']) {
			await runMeiGen(fake(), { resource: 'token', operation: 'create', name }, session);
		}
		const limited = await runMeiGen(
			fake(),
			{ resource: 'token', operation: 'getAll', limit: 2 },
			session,
		);
		expect(limited.items).toHaveLength(2);
		const all = await runMeiGen(
			fake(),
			{ resource: 'token', operation: 'getAll', returnAll: true },
			session,
		);
		expect(all.items.length).toBeGreaterThanOrEqual(3);
	});

	it('the Token field is not masked, lists the keys by name and still takes an ID typed as text', async () => {
		const field = allFields().find((f) => f.name === 'tokenId');
		expect(field?.typeOptions?.password).toBeUndefined();
		expect(field?.type).toBe('resourceLocator');

		const created = await runMeiGen(
			fake(),
			{ resource: 'token', operation: 'create', name: 'listed key' },
			session,
		);
		const id = String(created.items[0]?.json.id);
		const parameters = { resource: 'token', operation: 'delete' };
		const context = await loadOptionsContext(meiGenNode(parameters), {
			'cred-1': { apiKey: TEST_SESSION_TOKEN, baseUrl: fake().apiUrl },
		});
		const { results } = await node.methods.listSearch.searchApiKeys.call(context, 'listed');
		expect(results).toEqual([expect.objectContaining({ value: id })]);
		expect(results[0]?.name).toContain('listed key');

		const byList = await runMeiGen(
			fake(),
			{ ...parameters, tokenId: { __rl: true, mode: 'list', value: id } },
			session,
		);
		expect(byList.items[0]?.json).toEqual({ deleted: true, id });
	});
});

describe('one name per concept', () => {
	it('every aspect ratio field is called Aspect Ratio', () => {
		const ratios = allFields().filter((f) => ['aspectRatio', 'ratio'].includes(f.name));
		expect(ratios.length).toBeGreaterThanOrEqual(4);
		for (const field of ratios) expect(field.displayName).toMatch(/^Aspect Ratio/);
	});

	it('the ID that makes resubmitting safe has one name, Request ID, wherever the panel shows it', () => {
		const fields = allFields();
		const ids = fields.filter((f) => ['idempotencyKey', 'requestId'].includes(f.name));
		expect(ids.length).toBeGreaterThanOrEqual(4);
		for (const field of ids) expect(field.displayName).toBe('Request ID');
		const lookUpBy = fields.find((f) => f.name === 'lookUpBy');
		const options = (lookUpBy?.options ?? []) as Array<{ name: string; value: string }>;
		expect(options.find((option) => option.value === 'requestId')?.name).toBe('Request ID');
		for (const field of fields) {
			expect({ field: field.name, label: field.displayName }).not.toMatchObject({
				label: expect.stringMatching(/idempotency/i),
			});
		}
	});

	it('Skill → Get Status names each Skill as its operation does', () => {
		const fields = allFields();
		const operations = fields.find(
			(f) => f.name === 'operation' && f.displayOptions?.show?.resource?.includes('skill'),
		);
		const names = ((operations?.options ?? []) as Array<{ name: string }>).map((o) => o.name);
		const skill = fields.find((f) => f.name === 'skill' && f.type === 'options');
		for (const option of (skill?.options ?? []) as Array<{ name: string }>) {
			expect(names).toContain(option.name);
		}
	});
});

describe('Language, Platform and UI Locale', () => {
	it('are dropdowns that still take an expression', () => {
		for (const name of ['language', 'platform', 'uiLocale']) {
			const fields = allFields().filter((f) => f.name === name);
			expect(fields.length).toBeGreaterThan(0);
			for (const field of fields) {
				expect(field.type).toBe('options');
				expect(field.noDataExpression).toBeUndefined();
				expect(field.description).toContain('expression');
			}
		}
	});
});

describe('dropdowns reload with every field their values and prices depend on', () => {
	const expected: Record<string, string[]> = {
		getDurations: [
			'modelId.value',
			'additionalFields.resolution',
			'additionalFields.tier',
			'additionalFields.quality',
		],
		getQualities: [
			'modelId.value',
			'additionalFields.resolution',
			'additionalFields.tier',
			'additionalFields.duration',
		],
		getResolutions: [
			'modelId.value',
			'additionalFields.tier',
			'additionalFields.quality',
			'additionalFields.duration',
		],
		getTiers: [
			'modelId.value',
			'additionalFields.resolution',
			'additionalFields.quality',
			'additionalFields.duration',
		],
		getAspectRatios: ['modelId.value'],
		getModelVariants: ['modelId.value'],
		getBackgroundModes: ['additionalFields.quality'],
		getBackgroundQualities: ['mode'],
	};

	it.each(Object.entries(expected))('%s', (method, dependsOn) => {
		const field = allFields().find((f) => f.typeOptions?.loadOptionsMethod === method);
		expect(field?.typeOptions?.loadOptionsDependsOn).toEqual(dependsOn);
	});
});
