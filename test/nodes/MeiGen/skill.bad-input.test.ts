/**
 * Skill inputs the node refuses itself: each a clear error, with not one request to MeiGen (no
 * receipt read, no upload, no run) and nothing charged.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { TestItem } from '../../harness';
import { expectNothingSent, imageItem, runMeiGen, skill, useFakeMeiGen } from './setup';

const OVER_LIMIT = (() => {
	// A PNG signature, then filler: one byte over MeiGen's 3 MiB upload limit.
	const bytes = Buffer.alloc(3 * 1024 * 1024 + 1, 1);
	bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return bytes;
})();

const text = (length: number) => 'x'.repeat(length);
const HOSTED = 'https://images.meigen.ai/a.png';
const withImage: TestItem[] = [imageItem()];
const sixModules = ['hero', 'detail', 'scene', 'material', 'usage', 'brand'];

interface Case {
	what: string;
	operation: string;
	parameters: INodeParameters;
	items?: TestItem[];
	error: RegExp;
	description?: RegExp;
}

const cases: Case[] = [
	{
		what: 'a missing binary field',
		operation: 'removeBackground',
		parameters: { binaryPropertyName: 'photo' },
		items: withImage,
		error: /no binary field "photo"/,
		description: /binary fields are: data/,
	},
	{
		what: 'an item without binary data',
		operation: 'aiBackground',
		parameters: {},
		items: [{ json: {} }],
		error: /no binary field "data"/,
		description: /no binary data at all/,
	},
	{
		what: 'a binary file that is not an image',
		operation: 'upscale',
		parameters: {},
		items: [imageItem('data', Buffer.from('hello'), 'text/plain')],
		// Upscale keeps the source format: MeiGen takes PNG, JPEG and WebP there, no GIF.
		error: /not a PNG, JPEG or WebP image \(text\/plain\)/,
	},
	{
		what: 'a binary image over 3 MiB',
		operation: 'removeBackground',
		parameters: {},
		items: [imageItem('data', OVER_LIMIT)],
		error: /over MeiGen's 3 MB upload limit/,
		description: /public URL/,
	},
	{
		what: 'a binary image over 3 MiB to upscale',
		operation: 'upscale',
		parameters: {},
		items: [imageItem('data', OVER_LIMIT)],
		error: /over MeiGen's 3 MB upload limit/,
		description: /public URL/,
	},
	{
		// MeiGen's upscale takes JPEG, PNG or WebP only.
		what: 'a GIF to upscale',
		operation: 'upscale',
		parameters: {},
		items: [imageItem('data', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'image/gif')],
		error: /gif/i,
	},
	{
		what: 'an empty Image URL',
		operation: 'removeBackground',
		parameters: { imageSource: 'url', imageUrl: ' ' },
		error: /Image URL is empty/,
	},
	{
		what: 'an Image URL that is not http(s)',
		operation: 'upscale',
		parameters: { imageSource: 'url', imageUrl: 'ftp://example.com/a.png' },
		error: /not an https:\/\/ URL/,
	},
	{
		what: 'an empty brand',
		operation: 'marketingPoster',
		parameters: { brand: '   ' },
		error: /Brand is empty/,
	},
	{
		what: 'a brand over 60 characters',
		operation: 'marketingPoster',
		parameters: { brand: text(61) },
		error: /Brand is 61 characters long; MeiGen takes at most 60/,
	},
	{
		what: 'poster content over 500 characters',
		operation: 'marketingPoster',
		parameters: { brand: 'Acme', additionalFields: { content: text(501) } },
		error: /Content is 501 characters long/,
	},
	{
		what: 'poster extra notes over 500 characters',
		operation: 'marketingPoster',
		parameters: { brand: 'Acme', additionalFields: { extraNotes: text(501) } },
		error: /Extra Notes is 501 characters long/,
	},
	{
		what: 'a custom style over 200 characters',
		operation: 'marketingPoster',
		parameters: { brand: 'Acme', additionalFields: { customStyle: text(201) } },
		error: /Custom Style is 201 characters long/,
	},
	{
		what: 'four poster product images',
		operation: 'marketingPoster',
		parameters: {
			brand: 'Acme',
			additionalFields: { productImages: [HOSTED, HOSTED, HOSTED, HOSTED].join(',') },
		},
		error: /Product Images has 4 images; MeiGen takes at most 3/,
	},
	{
		what: 'a poster logo field that is not there',
		operation: 'marketingPoster',
		parameters: { brand: 'Acme', additionalFields: { logo: 'logo' } },
		items: withImage,
		error: /no binary field "logo"/,
	},
	{
		what: 'a style image of the wrong type',
		operation: 'marketingPoster',
		parameters: { brand: 'Acme', additionalFields: { styleImage: 'style' } },
		items: [imageItem('style', Buffer.from('%PDF-1.4'), 'application/pdf')],
		error: /not a PNG, JPEG, WebP or GIF image/,
	},
	{
		// An expression that resolves to nothing: n8n itself refuses a literally empty required field.
		what: 'the custom mode with a Custom Prompt that resolves to nothing',
		operation: 'aiBackground',
		parameters: { mode: 'custom', customPrompt: '={{ $json.prompt }}' },
		items: [imageItem('data', undefined, 'image/png', { prompt: '' })],
		error: /Custom Prompt is empty/,
	},
	{
		what: 'a Custom Prompt over 300 characters',
		operation: 'aiBackground',
		parameters: { mode: 'custom', customPrompt: text(301) },
		items: withImage,
		error: /Custom Prompt is 301 characters long; MeiGen takes at most 300/,
	},
	{
		what: 'no modules',
		operation: 'productDetail',
		parameters: { modules: [] },
		items: withImage,
		error: /No modules chosen/,
	},
	{
		what: 'seven modules with the custom one',
		operation: 'productDetail',
		parameters: {
			modules: sixModules,
			additionalFields: { customModules: { module: [{ name: 'box', description: 'The box' }] } },
		},
		items: withImage,
		error: /7 modules chosen; MeiGen makes at most 6/,
	},
	{
		what: 'a custom module without a description',
		operation: 'productDetail',
		parameters: { additionalFields: { customModules: { module: [{ name: 'box' }] } } },
		items: withImage,
		error: /custom module has no name or no description/,
	},
	{
		what: 'a custom module name over 40 characters',
		operation: 'productDetail',
		parameters: {
			additionalFields: { customModules: { module: [{ name: text(41), description: 'd' }] } },
		},
		items: withImage,
		error: /Name is 41 characters long; MeiGen takes at most 40/,
	},
	{
		what: 'a product name over 200 characters',
		operation: 'productDetail',
		parameters: { additionalFields: { productName: text(201) } },
		items: withImage,
		error: /Product Name is 201 characters long/,
	},
	{
		what: 'selling points over 2000 characters',
		operation: 'productDetail',
		parameters: { additionalFields: { sellingPoints: text(2001) } },
		items: withImage,
		error: /Selling Points is 2001 characters long/,
	},
	{
		what: 'extra requirements over 500 characters',
		operation: 'productDetail',
		parameters: { additionalFields: { extraRequirements: text(501) } },
		items: withImage,
		error: /Extra Requirements is 501 characters long/,
	},
	{
		what: 'a UI locale over 35 characters',
		operation: 'productDetail',
		parameters: { additionalFields: { uiLocale: text(36) } },
		items: withImage,
		error: /UI Locale Name or ID is 36 characters long/,
	},
	{
		what: 'three extra product images',
		operation: 'productDetail',
		parameters: { additionalFields: { extraProductImages: [HOSTED, HOSTED, HOSTED].join(', ') } },
		items: withImage,
		error: /Extra Product Images has 3 images; MeiGen takes at most 2/,
	},
	{
		what: 'a model image over 3 MiB',
		operation: 'productDetail',
		parameters: { additionalFields: { modelImage: 'model' } },
		items: [
			{
				json: {},
				binary: {
					...imageItem().binary,
					...imageItem('model', OVER_LIMIT).binary,
				},
			},
		],
		error: /over MeiGen's 3 MB upload limit/,
	},
	{
		what: 'a Request ID option that is no UUID',
		operation: 'removeBackground',
		parameters: { options: { requestId: 'order-1234' } },
		items: withImage,
		error: /Request ID is not a UUID: order-1234/,
	},
	{
		what: 'Get Status without a request ID',
		operation: 'getStatus',
		parameters: { skill: 'upscale', requestId: ' ' },
		error: /Request ID is empty/,
	},
];

describe('Skill inputs checked before anything is sent', () => {
	const fake = useFakeMeiGen();

	it.each(cases)(
		'$operation: $what',
		async ({ operation, parameters, items, error, description }) => {
			const run = await runMeiGen(fake(), skill(operation, parameters), { items });

			expect(run.status).toBe('error');
			const nodeError = run.nodeError('MeiGen');
			expect(nodeError?.message).toMatch(error);
			expect(nodeError?.description).toMatch(/Nothing was submitted or charged/);
			if (description) expect(nodeError?.description).toMatch(description);
			expectNothingSent(fake());
		},
	);

	it('Continue On Fail: the bad item is an error item, the good one still runs', async () => {
		const run = await runMeiGen(
			fake(),
			skill('marketingPoster', { brand: '={{ $json.brand }}', waitForCompletion: false }),
			{
				items: [{ json: { brand: '' } }, { json: { brand: 'Acme' } }],
				node: { onError: 'continueRegularOutput' },
			},
		);

		expect(run.items).toHaveLength(2);
		expect(run.items[0].json.error).toMatch(/Brand is empty/);
		expect(run.items[1].json).toMatchObject({ skill: 'brand-poster', status: 'processing' });
		expect(fake().skillCharges()).toEqual({ runs: 1, credits: 5, refunded: 0 });
	});
});
