import { MeiGen } from '../../../nodes/MeiGen/MeiGen.node';
import { loadOptionsContext, meiGenNode } from '../../harness';
import { generate, TEST_API_KEY, useFakeMeiGen } from './setup';

describe('Model field: list with search', () => {
	const fake = useFakeMeiGen();

	async function search(filter?: string) {
		const node = meiGenNode(generate('flux2-klein', 'x'));
		const context = await loadOptionsContext(node, { 'cred-1': { apiKey: TEST_API_KEY, baseUrl: fake().apiUrl } }, 'parameters.modelId');
		return await new MeiGen().methods.listSearch.searchModels.call(context, filter);
	}

	it('lists the offered models with media type and credits, leaving hidden ones out', async () => {
		const { results } = await search();
		const offered = fake().models.filter((m) => m.json.is_active !== false && !(m.json.extra_config as { hidden?: boolean } | undefined)?.hidden);
		expect(results.map((r) => r.value)).toEqual(offered.map((m) => m.json.id));
		const mj = results.find((r) => r.value === 'midjourney-v8.1');
		const spec = fake().models.find((m) => m.json.id === 'midjourney-v8.1');
		expect(mj?.name).toContain('image');
		expect(mj?.name).toContain(`${spec?.json.credits_per_generation} credits`);
		expect(results.find((r) => r.value === 'seedance-2-0')?.name).toContain('video');
	});

	it('filters by the search text', async () => {
		const { results } = await search('seed');
		expect(results.length).toBeGreaterThan(0);
		expect(results.every((r) => `${r.value} ${r.name}`.toLowerCase().includes('seed'))).toBe(true);
	});
});
