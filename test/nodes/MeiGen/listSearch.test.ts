import { MeiGen } from '../../../nodes/MeiGen/MeiGen.node';
import { loadOptionsContext, meiGenNode } from '../../harness';
import { generate, TEST_API_KEY, useFakeMeiGen } from './setup';

describe('Model field: list with search', () => {
	const fake = useFakeMeiGen();

	async function search(filter?: string) {
		const node = meiGenNode(generate('flux2-klein', 'x'));
		const context = await loadOptionsContext(
			node,
			{ 'cred-1': { apiKey: TEST_API_KEY, baseUrl: fake().apiUrl } },
			'parameters.modelId',
		);
		return await new MeiGen().methods.listSearch.searchModels.call(context, filter);
	}

	it('lists the offered models with media type and credits, leaving hidden ones out', async () => {
		const { results } = await search();
		const offered = fake().models.filter(
			(m) =>
				m.json.is_active !== false &&
				!(m.json.extra_config as { hidden?: boolean } | undefined)?.hidden,
		);
		expect(results.map((r) => r.value)).toEqual(offered.map((m) => m.json.id));
		const mj = results.find((r) => r.value === 'midjourney-v8.1');
		const spec = fake().models.find((m) => m.json.id === 'midjourney-v8.1');
		expect(mj?.name).toContain('image');
		expect(mj?.name).toContain(`${spec?.json.credits_per_generation} credits`);
		expect(results.find((r) => r.value === 'seedance-2-0')?.name).toContain('video');
	});

	it('says which models MeiGen tags as busy, in maintenance or new, keeping the price', async () => {
		const tagged = { 'seedance-2-0': ['Busy'], 'veo-3.1': ['Maintenance', 'New'] };
		const saved = fake().models.map((m) => m.json.extra_config.tags);
		for (const m of fake().models) {
			if (m.json.id in tagged) m.json.extra_config.tags = tagged[m.json.id as keyof typeof tagged];
		}
		try {
			const { results } = await search();
			const entry = (id: string) => results.find((r) => r.value === id);
			expect(entry('seedance-2-0')?.name).toBe('Seedance 2.0 (video · 100 credits) — busy');
			expect(entry('seedance-2-0')?.description).toContain('busy: jobs may wait longer');
			expect(entry('veo-3.1')?.name).toBe('Veo 3.1 (video · 165 credits) — in maintenance, new');
			expect(entry('veo-3.1')?.description).toContain(
				'in maintenance: jobs may be refused or fail',
			);
			// The catalogue's own tag, as MeiGen sends it.
			expect(entry('grok-image')?.name).toBe('Grok Image (image · 4 credits) — new');
			expect(entry('flux2-klein')?.name).toBe('FLUX.2 Klein (image · 1 credit)');
			expect((await search('maintenance')).results.map((r) => r.value)).toEqual(['veo-3.1']);
		} finally {
			fake().models.forEach((m, index) => {
				m.json.extra_config.tags = saved[index];
			});
		}
	});

	it('filters by the search text', async () => {
		const { results } = await search('seed');
		expect(results.length).toBeGreaterThan(0);
		expect(results.every((r) => `${r.value} ${r.name}`.toLowerCase().includes('seed'))).toBe(true);
	});
});
