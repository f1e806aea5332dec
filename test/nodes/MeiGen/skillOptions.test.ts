import type { INodeParameters, INodePropertyOptions } from 'n8n-workflow';

import { MeiGen } from '../../../nodes/MeiGen/MeiGen.node';
import { loadOptionsContext, meiGenNode } from '../../harness';
import {
	expectNothingSent,
	getImage,
	getStatus,
	imageItem,
	runMeiGen,
	skill,
	TEST_API_KEY,
	useFakeMeiGen,
} from './setup';
import { TEST_SESSION_TOKEN } from '../../fake-server';

/**
 * Language, Platform and UI Locale are dropdowns from the live catalog's schema, with a static
 * fallback. Every Skill option that changes the price says what it costs, from the fake MeiGen's live
 * catalog (white-bg: white 1, smart 2/4, custom 3/5; upscale 4; product-detail 3 and brand-poster
 * 5 per image), loaded through a real LoadOptionsContext. And every Get fails the same clear way
 * on an empty ID, before anything is sent.
 */

const node = new MeiGen();
type Method =
	| 'getBackgroundModes'
	| 'getBackgroundQualities'
	| 'getUpscaleModes'
	| 'getSkillQualities'
	| 'getProductModules';

describe('Skill options with their prices', () => {
	const fake = useFakeMeiGen();

	async function load(method: Method, parameters: INodeParameters) {
		const context = await loadOptionsContext(meiGenNode(parameters), {
			'cred-1': { apiKey: TEST_API_KEY, baseUrl: fake().apiUrl },
		});
		context.additionalData.currentNodeParameters = parameters;
		return await node.methods.loadOptions[method].call(context);
	}
	const names = (options: INodePropertyOptions[]) => options.map((o) => o.name);

	it("AI Background's modes at the chosen quality, and its qualities in the chosen mode", async () => {
		const fast = await load('getBackgroundModes', skill('aiBackground'));
		expect(names(fast)).toEqual(['Custom — 3 credits', 'Smart — 2 credits', 'White — 1 credit']);
		const hd = await load(
			'getBackgroundModes',
			skill('aiBackground', { additionalFields: { quality: 'hd' } }),
		);
		expect(names(hd)).toEqual(['Custom — 5 credits', 'Smart — 4 credits', 'White — 1 credit']);
		const qualities = await load(
			'getBackgroundQualities',
			skill('aiBackground', { mode: 'custom' }),
		);
		expect(names(qualities)).toEqual(['Fast (1K) — 3 credits', 'HD (2K) — 5 credits']);
		expect(qualities[0]?.description).toContain("from MeiGen's live Skills catalog");
	});

	it("Upscale's modes, Product Detail's modules and both Skills' qualities", async () => {
		expect(names(await load('getUpscaleModes', skill('upscale')))).toEqual([
			'Creative — 4 credits',
			'Crisp — 4 credits',
		]);
		const modules = await load('getProductModules', skill('productDetail'));
		expect(modules.find((o) => o.value === 'hero')?.name).toBe('Hero — 3 credits each');
		expect(names(await load('getSkillQualities', skill('productDetail')))).toEqual([
			'Low (Fast) — 3 credits',
			'Medium (Pro) — 3 credits',
		]);
		expect(names(await load('getSkillQualities', skill('marketingPoster')))).toEqual([
			'Low (Fast) — 5 credits',
			'Medium (Pro) — 5 credits',
		]);
	});

	it('a price the catalog does not give is unknown, never free', async () => {
		fake().setSkillPricing('upscale', { currency: 'credits' }, 'catalog');
		const unknown = await load('getUpscaleModes', skill('upscale'));
		expect(names(unknown)).toEqual(['Creative', 'Crisp']);
		expect(unknown[0]?.description).toContain('Price unknown');
		fake().inject({ route: 'skills', status: 500 });
		const unreachable = await load('getSkillQualities', skill('productDetail'));
		expect(unreachable[0]?.description).toContain('could not be read');
	});

	it('Upscale is quoted as its Mode dropdown shows it, by mode where the catalog prices modes apart', async () => {
		fake().setSkillPricing('upscale', { crisp: 4, creative: 6 });
		const options = await load('getUpscaleModes', skill('upscale'));
		expect(names(options)).toEqual(['Creative — 6 credits', 'Crisp — 4 credits']);
		const run = await runMeiGen(
			fake(),
			skill('upscale', { mode: 'creative', estimateOnly: true }),
			{ items: [imageItem()] },
		);
		expect(run.items[0]?.json).toEqual(expect.objectContaining({ creditsQuoted: 6 }));
	});
});

describe('Language, Platform and UI Locale', () => {
	const fake = useFakeMeiGen();

	async function load(
		method: 'getSkillLanguages' | 'getSkillPlatforms' | 'getSkillUiLocales',
		operation = 'productDetail',
	): Promise<INodePropertyOptions[]> {
		const parameters: INodeParameters = skill(operation);
		const context = await loadOptionsContext(meiGenNode(parameters), {
			'cred-1': { apiKey: TEST_API_KEY, baseUrl: fake().apiUrl },
		});
		context.additionalData.currentNodeParameters = parameters;
		return await node.methods.loadOptions[method].call(context);
	}

	it("offer the values the live catalog's schema lists, with their titles and its default", async () => {
		fake().inject({
			route: 'skills',
			status: 200,
			body: {
				success: true,
				skills: [
					{
						id: 'product-detail',
						pricing: 3,
						inputSchema: {
							properties: {
								language: { type: 'string', enum: ['auto', 'en', 'xx'], default: 'auto' },
								platform: {
									oneOf: [
										{ const: 'amazon', title: 'Amazon' },
										{ const: 'ozon', title: 'Ozon', description: 'Russia' },
									],
								},
							},
						},
					},
				],
			},
		});
		const languages = await load('getSkillLanguages');
		expect(languages.map((o) => o.value).sort()).toEqual(['auto', 'en', 'xx']);
		expect(languages.find((o) => o.value === 'en')?.name).toBe('English (en)');
		expect(languages.find((o) => o.value === 'auto')?.description).toContain("MeiGen's default");
		expect(languages.every((o) => o.description?.includes('live Skills catalog'))).toBe(true);
	});

	it('fall back to common values when the catalog lists none, or cannot be read', async () => {
		const platforms = await load('getSkillPlatforms');
		expect(platforms.map((o) => o.value)).toEqual(expect.arrayContaining(['amazon', 'shopify']));
		// The fake's schema gives Platform's default, but no list.
		expect(platforms.find((o) => o.value === 'amazon')?.description).toContain("MeiGen's default");

		fake().inject({ route: 'skills', status: 500 });
		const locales = await load('getSkillUiLocales', 'marketingPoster');
		expect(locales.map((o) => o.value)).toEqual(expect.arrayContaining(['en-US', 'zh-CN']));
	});

	it('a value from an expression is sent as it is', async () => {
		const run = await runMeiGen(
			fake(),
			skill('marketingPoster', {
				brand: 'Acme',
				additionalFields: { language: '={{ "de" }}', uiLocale: 'de-DE' },
				options: { download: false, pollInterval: 1 },
			}),
		);
		expect(run.status).toBe('success');
		const body = [...fake().skillRuns.values()][0]?.body;
		expect(body).toEqual(expect.objectContaining({ language: 'de', uiLocale: 'de-DE' }));
	});
});

describe('an empty ID fails every Get the same clear way', () => {
	const fake = useFakeMeiGen();
	const session = { apiKey: TEST_SESSION_TOKEN };
	// An empty field is caught by n8n itself (the field is required); an expression that comes
	// out empty, or only spaces, reaches the node.
	const empty = '={{ $json.missing ?? "" }}';
	const emptyLocator = { __rl: true, mode: 'id', value: '={{ " " }}' };

	it.each([
		['Image → Get', getImage(empty), 'Image ID'],
		[
			'Generation → Get Status by generation ID',
			getStatus({ generationId: empty }),
			'Generation ID',
		],
		[
			'Generation → Get Status by request ID',
			getStatus({ lookUpBy: 'requestId', requestId: '={{ " " }}' }),
			'Request ID',
		],
		[
			'Skill → Get Status',
			skill('getStatus', { skill: 'upscale', requestId: empty }),
			'Request ID',
		],
		['Token → Delete', { resource: 'token', operation: 'delete', tokenId: empty }, 'Token'],
		[
			'Token → Get Usage',
			{ resource: 'token', operation: 'getUsage', tokenId: emptyLocator },
			'Token',
		],
	] as Array<[string, INodeParameters, string]>)('%s', async (_name, parameters, label) => {
		const run = await runMeiGen(fake(), parameters, session);
		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toBe(`${label} is empty`);
		expect(run.nodeError('MeiGen')?.description).toContain(
			'Nothing was submitted or charged for this item.',
		);
		expectNothingSent(fake());
	});
});
