import type { INodeParameters, INodePropertyOptions } from 'n8n-workflow';

import { MeiGen } from '../../../nodes/MeiGen/MeiGen.node';
import type { ModelSpec } from '../../fake-server/catalogue';
import { loadOptionsContext, meiGenNode } from '../../harness';
import { generate, runMeiGen, TEST_API_KEY, useFakeMeiGen } from './setup';

/**
 * Image → Generate's model-aware fields, loaded as n8n's editor loads them: a real
 * LoadOptionsContext with the node's credential, against the fake MeiGen's catalogue.
 */

type Method =
	| 'getAspectRatios'
	| 'getResolutions'
	| 'getQualities'
	| 'getModelVariants'
	| 'getTiers'
	| 'getDurations';

const FIELD: Record<Method, string> = {
	getAspectRatios: 'aspectRatio',
	getResolutions: 'resolution',
	getQualities: 'quality',
	getModelVariants: 'modelVariant',
	getTiers: 'tier',
	getDurations: 'duration',
};

describe('Image → Generate: options from the chosen model', () => {
	const fake = useFakeMeiGen();

	/** The Model field as the editor holds it: a resource locator, or any value n8n may send instead. */
	async function load(
		method: Method,
		model: unknown,
		additionalFields: INodeParameters = {},
		apiKey = TEST_API_KEY,
	): Promise<INodePropertyOptions[]> {
		const parameters = {
			...generate('x', 'a prompt'),
			modelId: model,
			additionalFields,
		} as INodeParameters;
		const node = meiGenNode(parameters);
		const context = await loadOptionsContext(
			node,
			{ 'cred-1': { apiKey, baseUrl: fake().apiUrl } },
			`parameters.additionalFields.${FIELD[method]}`,
		);
		// n8n's server puts the parameters the editor sent here (additionalData.currentNodeParameters).
		context.additionalData.currentNodeParameters = parameters;
		return await new MeiGen().methods.loadOptions[method].call(context);
	}

	const rl = (value: string, mode = 'list') => ({ __rl: true, mode, value });
	const names = (options: INodePropertyOptions[]) => options.map((o) => o.name);
	const values = (options: INodePropertyOptions[]) => options.map((o) => o.value);
	const byValue = (options: INodePropertyOptions[], value: string | number) =>
		options.find((o) => o.value === value);

	function spec(id: string): ModelSpec {
		const found = fake().models.find((m) => m.json.id === id);
		if (!found) throw new Error(`no ${id} in the fake catalogue`);
		return found;
	}

	/** Changes a catalogue model for one test; the returned function puts it back. */
	function tweak(id: string, change: (json: ModelSpec['json']) => void): () => void {
		const model = spec(id);
		const saved = structuredClone(model.json);
		change(model.json);
		return () => {
			model.json = saved;
		};
	}

	describe('a video model priced per second and tier (seedance-2-0)', () => {
		it('offers its tiers, each at its per-second rate for the default resolution', async () => {
			const tiers = await load('getTiers', rl('seedance-2-0'));
			expect(names(tiers)).toEqual([
				'mini — 12 credits/s at 720p',
				'fast — 20 credits/s at 720p',
				'pro — 30 credits/s at 720p',
			]);
			// Each tier's own resolutions (tierResolutions), which win over the lagging `resolutions`.
			expect(byValue(tiers, 'fast')?.description).toBe(
				"The model's default. 100 credits for 5 s at 720p (fast tier). Resolutions: 480p, 720p, 1080p",
			);
		});

		it('prices tiers at the resolution and duration already chosen', async () => {
			const tiers = await load('getTiers', rl('seedance-2-0'), {
				resolution: '1080p',
				duration: 15,
			});
			expect(names(tiers)).toEqual([
				'mini — 24 credits/s at 1080p',
				'fast — 40 credits/s at 1080p',
				'pro — 60 credits/s at 1080p',
			]);
			expect(byValue(tiers, 'pro')?.description).toBe(
				'900 credits for 15 s at 1080p (pro tier). Resolutions: 480p, 720p, 1080p',
			);
		});

		it('offers resolutions at the chosen tier, and a range over tiers while none is chosen', async () => {
			const fast = await load('getResolutions', rl('seedance-2-0'), { tier: 'fast' });
			expect(names(fast)).toEqual([
				'480p — 10 credits/s',
				'720p — 20 credits/s',
				'1080p — 40 credits/s',
			]);
			expect(byValue(fast, '720p')?.description).toBe(
				"The model's default. 100 credits for 5 s at 720p (fast tier)",
			);

			// A model without a default tier: the price depends on the tier still to be chosen.
			const restore = tweak('seedance-2-0', (json) => {
				delete json.extra_config.defaultTier;
			});
			try {
				const any = await load('getResolutions', rl('seedance-2-0'));
				expect(names(any)).toEqual([
					'480p — 6–15 credits/s by tier',
					'720p — 12–30 credits/s by tier',
					'1080p — 24–60 credits/s by tier',
				]);
				expect(byValue(any, '720p')?.description).toContain('choose a Tier for the exact price');
			} finally {
				restore();
			}
		});

		it('offers its durations (extra_config.durations) priced at the chosen tier and resolution', async () => {
			const durations = await load('getDurations', rl('seedance-2-0'), {
				tier: 'fast',
				resolution: '720p',
			});
			expect(values(durations)).toEqual([5, 10, 15]);
			expect(names(durations)).toEqual([
				'5 s — 100 credits',
				'10 s — 200 credits',
				'15 s — 300 credits',
			]);
			expect(byValue(durations, 5)?.description).toMatch(/^The model's default\./);
		});

		it('offers its aspect ratios after auto, adaptive included', async () => {
			const ratios = await load('getAspectRatios', rl('seedance-2-0'));
			expect(values(ratios)).toEqual(['auto', ...spec('seedance-2-0').json.supported_ratios]);
			expect(values(ratios)).toContain('adaptive');
			expect(byValue(ratios, 'adaptive')?.description).toContain('first frame');
		});

		it('has no quality levels or variants to offer', async () => {
			expect(await load('getQualities', rl('seedance-2-0'))).toEqual([]);
			expect(await load('getModelVariants', rl('seedance-2-0'))).toEqual([]);
		});
	});

	describe('a video model priced per second without tiers (seedance-2-5)', () => {
		it('offers a range of durations (capabilities say min..max) with the price at the default resolution', async () => {
			const restore = tweak('seedance-2-5', (json) => {
				// Only capabilities.video.outputDuration left: 4..30 by 2.
				delete json.extra_config.durations;
				json.capabilities.video.outputDuration = {
					kind: 'range',
					min: 4,
					max: 30,
					step: 2,
					default: 4,
				};
			});
			try {
				const durations = await load('getDurations', rl('seedance-2-5'));
				expect(values(durations)).toEqual([4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]);
				expect(byValue(durations, 4)?.name).toBe('4 s — 156 credits');
				expect(byValue(durations, 30)?.name).toBe('30 s — 1170 credits');
				expect(byValue(durations, 10)?.description).toBe('390 credits for 10 s at 720p');
			} finally {
				restore();
			}
		});

		it('prices resolutions per second, and durations at the chosen resolution', async () => {
			const resolutions = await load('getResolutions', rl('seedance-2-5'));
			expect(names(resolutions)).toEqual([
				'480p — 20 credits/s',
				'720p — 39 credits/s',
				'1080p — 78 credits/s',
			]);
			expect(byValue(resolutions, '720p')?.description).toBe(
				"The model's default. 156 credits for 4 s at 720p",
			);

			const durations = await load('getDurations', rl('seedance-2-5'), { resolution: '720p' });
			expect(byValue(durations, 5)?.name).toBe('5 s — 195 credits');
			expect(await load('getTiers', rl('seedance-2-5'))).toEqual([]);
		});
	});

	describe('a video model priced per call (veo-3.1)', () => {
		it('offers tiers at their per-call price for the default duration', async () => {
			const tiers = await load('getTiers', rl('veo-3.1'));
			expect(names(tiers)).toEqual(['fast — 165 credits for 8 s', 'pro — 440 credits for 8 s']);
			const pro4 = await load('getTiers', rl('veo-3.1'), { duration: '4' });
			expect(byValue(pro4, 'pro')?.name).toBe('pro — 220 credits for 4 s');
		});

		it('offers its durations per call, as a range over tiers until one is chosen', async () => {
			const fast = await load('getDurations', rl('veo-3.1'), { tier: 'fast' });
			expect(names(fast)).toEqual(['4 s — 85 credits', '6 s — 125 credits', '8 s — 165 credits']);
			expect(byValue(fast, 8)?.description).toBe(
				"The model's default. 165 credits for 8 s (fast tier), at any resolution",
			);

			const restore = tweak('veo-3.1', (json) => {
				delete json.extra_config.defaultTier;
			});
			try {
				const any = await load('getDurations', rl('veo-3.1'));
				expect(names(any)).toEqual([
					'4 s — 85–220 credits by tier',
					'6 s — 125–330 credits by tier',
					'8 s — 165–440 credits by tier',
				]);
			} finally {
				restore();
			}
		});

		it('offers resolutions whose price does not change with them', async () => {
			const resolutions = await load('getResolutions', rl('veo-3.1'), { tier: 'pro' });
			expect(names(resolutions)).toEqual(['720p — 440 credits', '1080p — 440 credits']);
			expect(byValue(resolutions, '1080p')?.description).toContain('at any resolution');
		});
	});

	describe('resolutions per tier (extra_config.tierResolutions)', () => {
		it('offers only the chosen tier’s resolutions, and says which tiers offer each while none is chosen', async () => {
			const restore = tweak('seedance-2-0', (json) => {
				delete json.extra_config.defaultTier;
				json.extra_config.tierResolutions = {
					mini: ['480p', '720p'],
					fast: ['480p', '720p'],
					pro: ['720p', '1080p'],
				};
			});
			try {
				expect(values(await load('getResolutions', rl('seedance-2-0'), { tier: 'mini' }))).toEqual([
					'480p',
					'720p',
				]);
				expect(values(await load('getResolutions', rl('seedance-2-0'), { tier: 'pro' }))).toEqual([
					'720p',
					'1080p',
				]);
				const any = await load('getResolutions', rl('seedance-2-0'));
				expect(values(any)).toEqual(['480p', '720p', '1080p']);
				expect(byValue(any, '1080p')?.description).toContain('Tiers: pro');
				const tiers = await load('getTiers', rl('seedance-2-0'));
				expect(byValue(tiers, 'pro')?.description).toContain('Resolutions: 720p, 1080p');
			} finally {
				restore();
			}
		});
	});

	describe('an image model priced by resolution and quality (gpt-image-2.5)', () => {
		it('offers qualities at the chosen resolution, or the default one', async () => {
			const at2k = await load('getQualities', rl('gpt-image-2.5'), { resolution: '2K' });
			expect(names(at2k)).toEqual([
				'low — 6 credits at 2K',
				'medium — 12 credits at 2K',
				'high — 24 credits at 2K',
				'xhigh — 36 credits at 2K',
				'max — 48 credits at 2K',
			]);
			expect(byValue(at2k, 'medium')?.description).toBe(
				"The model's default. 12 credits at 2K, medium quality",
			);
			const atDefault = await load('getQualities', rl('gpt-image-2.5'));
			expect(byValue(atDefault, 'high')?.name).toBe('high — 16 credits at 1K');
		});

		it('offers resolutions at the chosen quality, or the default one', async () => {
			const max = await load('getResolutions', rl('gpt-image-2.5'), { quality: 'max' });
			expect(names(max)).toEqual(['1K — 32 credits', '2K — 48 credits', '4K — 88 credits']);
			const medium = await load('getResolutions', rl('gpt-image-2.5'));
			expect(names(medium)).toEqual(['1K — 8 credits', '2K — 12 credits', '4K — 22 credits']);
		});

		it('offers its variants with the default marked, its ratios after auto, and no video fields', async () => {
			const variants = await load('getModelVariants', rl('gpt-image-2.5'));
			expect(values(variants)).toEqual(['sunburst', 'flare']);
			expect(byValue(variants, 'sunburst')?.description).toBe("The model's default");
			expect(byValue(variants, 'flare')?.description).toBeUndefined();
			expect(values(await load('getAspectRatios', rl('gpt-image-2.5')))).toEqual([
				'auto',
				'1:1',
				'3:2',
				'2:3',
			]);
			expect(await load('getTiers', rl('gpt-image-2.5'))).toEqual([]);
			expect(await load('getDurations', rl('gpt-image-2.5'))).toEqual([]);
		});
	});

	describe('an image model with a flat price (nanobanana-2)', () => {
		it('offers its resolutions with their prices, and nothing for quality or variants', async () => {
			const resolutions = await load('getResolutions', rl('nanobanana-2'));
			expect(names(resolutions)).toEqual(['1K — 5 credits', '2K — 5 credits', '4K — 5 credits']);
			expect(byValue(resolutions, '4K')?.description).toBe('5 credits per generation');
			expect(await load('getQualities', rl('nanobanana-2'))).toEqual([]);
			expect(await load('getModelVariants', rl('nanobanana-2'))).toEqual([]);
			expect(values(await load('getAspectRatios', rl('nanobanana-2')))).toEqual([
				'auto',
				...spec('nanobanana-2').json.supported_ratios,
			]);
		});

		it('prices a flat-priced model’s values at its one price (flux2-klein, grok-image)', async () => {
			expect(names(await load('getResolutions', rl('flux2-klein')))).toEqual([
				'1K — 1 credit',
				'2K — 1 credit',
			]);
			expect(names(await load('getQualities', rl('grok-image')))).toEqual([
				'low — 4 credits',
				'medium — 4 credits',
			]);
		});
	});

	describe('a model the editor cannot name', () => {
		const methods = Object.keys(FIELD) as Method[];

		it.each([
			['an unresolved expression in the locator', rl('={{ $json.model }}', 'id')],
			['an expression without its = sign', rl('{{ $json.model }}', 'id')],
			['a plain expression string', '={{ $json.model }}'],
			['null (n8n could not resolve the expression)', null],
			['an empty locator (no model chosen yet)', rl('')],
		])('gives every field an empty list for %s, and asks MeiGen nothing', async (_label, model) => {
			for (const method of methods) expect(await load(method, model)).toEqual([]);
			expect(fake().requestsTo('GET', '/models')).toEqual([]);
		});

		it('uses the model an expression resolved to (n8n resolves it in the editor when it can)', async () => {
			// What the server receives after the editor resolved `={{ $json.model }}` to an ID.
			expect(names(await load('getTiers', rl('veo-3.1', 'id')))).toEqual([
				'fast — 165 credits for 8 s',
				'pro — 440 credits for 8 s',
			]);
		});

		it('gives an empty list for a model MeiGen does not list as active', async () => {
			for (const model of ['no-such-model', 'gpt-image-1']) {
				for (const method of methods) expect(await load(method, rl(model, 'id'))).toEqual([]);
			}
			// Looked up in the active list only.
			const lookups = fake().requestsTo('GET', '/models');
			expect(lookups.length).toBe(methods.length * 2);
			expect(lookups.every((r) => !r.path.includes('active=false'))).toBe(true);
		});

		it('ignores sibling fields given as expressions and prices at the defaults', async () => {
			const durations = await load('getDurations', rl('seedance-2-5'), {
				resolution: '={{ $json.res }}',
			});
			expect(byValue(durations, 5)?.name).toBe('5 s — 195 credits');
		});
	});

	describe('the default duration: one rule for the dropdown and the price', () => {
		it('marks and prices MeiGen’s billed default (requestDefaultSeconds) when the catalogue’s defaults differ', async () => {
			const restore = tweak('seedance-2-5', (json) => {
				json.extra_config.defaultDuration = 6;
				if (json.capabilities?.video?.outputDuration)
					json.capabilities.video.outputDuration.default = 8;
				if (json.capabilities?.video?.billing)
					json.capabilities.video.billing.requestDefaultSeconds = 10;
			});
			try {
				const durations = await load('getDurations', rl('seedance-2-5'));
				const marked = durations.filter((o) =>
					String(o.description).startsWith("The model's default"),
				);
				expect(values(marked)).toEqual([10]);

				// Estimate Only with no duration quotes the same 10 s the dropdown marks...
				const estimate = await runMeiGen(
					fake(),
					generate('seedance-2-5', 'a slow pan', { estimateOnly: true }),
				);
				expect(estimate.items[0].json.pricing).toMatchObject({ duration: 10 });
				const quoted = Number(estimate.items[0].json.creditsQuoted);
				expect(byValue(durations, 10)?.name).toBe(`10 s — ${quoted} credits`);

				// ...and MeiGen charges it for a job sent without a duration.
				const run = await runMeiGen(
					fake(),
					generate('seedance-2-5', 'a slow pan', {
						waitForCompletion: false,
					}),
				);
				expect(run.items[0].json.creditsUsed).toBe(quoted);
			} finally {
				restore();
			}
		});
	});

	describe('the credentialed editor call', () => {
		it('asks MeiGen at the credential’s base URL with its Bearer key', async () => {
			const key = `meigen_sk_${'e'.repeat(32)}`;
			await load('getResolutions', rl('seedance-2-0'), {}, key);
			const [lookup, ...more] = fake().requestsTo('GET', '/models');
			expect(more).toEqual([]);
			expect(lookup.headers.authorization).toBe(`Bearer ${key}`);
		});

		it('shows MeiGen’s error when the model list cannot be loaded', async () => {
			fake().inject({
				route: 'models',
				kind: 'status',
				status: 503,
				body: { success: false, error: 'Service unavailable' },
			});
			await expect(load('getResolutions', rl('seedance-2-0'))).rejects.toThrow(
				/Service unavailable|503/,
			);
		});
	});
});
