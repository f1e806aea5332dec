/**
 * Skill operations through n8n-core's WorkflowExecute against the fake MeiGen: what each sends,
 * which images it uploads, and what it outputs (fields, bytes, MIME types, file names).
 */
import { MeiGen } from '../../../nodes/MeiGen/MeiGen.node';
import { expectedMediaBytes, POSTER_STYLES, type FakeMeiGen } from '../../fake-server';
import { loadOptionsContext, meiGenNode } from '../../harness';
import {
	imageItem,
	PNG_PIXEL,
	quickPoll,
	runMeiGen,
	skill,
	skillRunPosts,
	skillStatusReads,
	skillUploadPosts,
	TEST_API_KEY,
	useFakeMeiGen,
	type MeiGenRun,
} from './setup';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HOSTED = 'https://images.meigen.ai/products/mug.png';
const PIXEL = Buffer.from(PNG_PIXEL, 'base64');

/** The body of the one Skill run POST the test made. */
function onlyRunBody(fake: FakeMeiGen): Record<string, unknown> {
	const posts = skillRunPosts(fake);
	expect(posts).toHaveLength(1);
	return posts[0].body as Record<string, unknown>;
}

/** Each output item carries the bytes the fake CDN serves for its generation, as a PNG. */
async function expectImages(run: MeiGenRun, generationIds: string[]): Promise<void> {
	expect(run.items).toHaveLength(generationIds.length);
	for (const [index, item] of run.items.entries()) {
		const bytes = await run.binary(item);
		expect(bytes.equals(expectedMediaBytes(generationIds[index], 0, 'png'))).toBe(true);
		expect(item.binary?.data.mimeType).toBe('image/png');
	}
}

describe('Skill → Remove Background', () => {
	const fake = useFakeMeiGen();

	it('uploads the binary image, gets the cut-out at once (no polling) and outputs it as a PNG', async () => {
		const run = await runMeiGen(fake(), skill('removeBackground', { options: quickPoll() }), {
			items: [imageItem()],
		});

		expect(run.status).toBe('success');
		const [upload] = skillUploadPosts(fake());
		expect(skillUploadPosts(fake())).toHaveLength(1);
		expect(upload.body).toEqual({ imageBase64: PNG_PIXEL });
		const body = onlyRunBody(fake());
		const uploaded = [...fake().skillUploads.values()][0];
		expect(body).toEqual({ productImage: uploaded.url, requestId: expect.stringMatching(UUID) });
		const requestId = String(body.requestId);
		const receipt = fake().skillRuns.get(requestId);
		const generationId = String(receipt?.items[0].generationId);

		expect(run.items[0].json).toMatchObject({
			skill: 'remove-bg',
			requestId,
			status: 'completed',
			url: `${fake().cdnUrl}/media/${generationId}/0.png`,
			mediaIndex: 1,
			mediaCount: 1,
			creditsUsed: 2,
		});
		await expectImages(run, [generationId]);
		expect(run.items[0].binary?.data.fileName).toBe(`${requestId}.png`);
		// The cut-out came with the answer: the only receipt read is the one before the upload.
		const reads = skillStatusReads(fake());
		expect(reads).toHaveLength(1);
		expect(reads[0].time).toBeLessThanOrEqual(upload.time);
		expect(fake().skillCharges()).toEqual({ runs: 1, credits: 2, refunded: 0 });
	});

	it('sends a MeiGen-hosted URL as it is, without an upload', async () => {
		const run = await runMeiGen(
			fake(),
			skill('removeBackground', { imageSource: 'url', imageUrl: HOSTED, options: quickPoll() }),
		);

		expect(run.status).toBe('success');
		expect(skillUploadPosts(fake())).toHaveLength(0);
		expect(onlyRunBody(fake()).productImage).toBe(HOSTED);
	});

	it('uploads a URL on another host by sourceUrl and sends the MeiGen URL it gets back', async () => {
		const source = 'https://shop.example.com/images/mug.jpg';
		const run = await runMeiGen(
			fake(),
			skill('removeBackground', { imageSource: 'url', imageUrl: source, options: quickPoll() }),
		);

		expect(run.status).toBe('success');
		expect(skillUploadPosts(fake()).map((post) => post.body)).toEqual([{ sourceUrl: source }]);
		const uploaded = [...fake().skillUploads.values()][0];
		expect(onlyRunBody(fake()).productImage).toBe(uploaded.url);
	});

	it('uploads a binary image of exactly 3 MiB, the upload limit', async () => {
		const bytes = Buffer.alloc(3 * 1024 * 1024, 1);
		bytes.set(PIXEL.subarray(0, 24));
		const run = await runMeiGen(
			fake(),
			skill('removeBackground', { options: quickPoll({ download: false }) }),
			{ items: [imageItem('data', bytes)] },
		);

		expect(run.status).toBe('success');
		expect([...fake().skillUploads.values()][0].bytes.equals(bytes)).toBe(true);
	});

	it('reads the image from the named binary field, as JPEG too', async () => {
		const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
		const run = await runMeiGen(
			fake(),
			skill('removeBackground', { binaryPropertyName: 'photo', options: quickPoll() }),
			{ items: [imageItem('photo', jpeg, 'image/jpeg')] },
		);

		expect(run.status).toBe('success');
		expect(skillUploadPosts(fake())[0].body).toEqual({ imageBase64: jpeg.toString('base64') });
		expect([...fake().skillUploads.values()][0].mimeType).toBe('image/jpeg');
	});
});

describe('Skill → Upscale', () => {
	const fake = useFakeMeiGen();

	it('sends a URL on any host as given, with the catalog price as confirmedCredits', async () => {
		const source = 'https://shop.example.com/photo.jpg';
		const run = await runMeiGen(
			fake(),
			skill('upscale', {
				imageSource: 'url',
				imageUrl: source,
				mode: 'creative',
				options: quickPoll(),
			}),
		);

		expect(run.status).toBe('success');
		expect(skillUploadPosts(fake())).toHaveLength(0);
		const body = onlyRunBody(fake());
		expect(body).toEqual({
			imageUrl: source,
			mode: 'creative',
			allowDownscale: false,
			confirmedCredits: 4,
			requestId: expect.stringMatching(UUID),
		});
		expect(
			fake()
				.requestsTo('GET', '/skills')
				.filter((r) => !r.path.includes('status')),
		).toHaveLength(1);
		const item = fake().skillRuns.get(String(body.requestId))?.items[0];
		await expectImages(run, [String(item?.generationId)]);
		expect(run.items[0].json).toMatchObject({
			skill: 'upscale',
			requestId: body.requestId,
			status: 'completed',
			generationId: item?.generationId,
			creditsUsed: 4,
			creditsStatus: 'confirmed',
		});
		expect(fake().credits.purchased).toBe(996);
	});

	it('uploads a binary image with purpose upscale', async () => {
		const run = await runMeiGen(fake(), skill('upscale', { options: quickPoll() }), {
			items: [imageItem()],
		});

		expect(run.status).toBe('success');
		expect(skillUploadPosts(fake()).map((post) => post.body)).toEqual([
			{ imageBase64: PNG_PIXEL, purpose: 'upscale' },
		]);
		const uploaded = [...fake().skillUploads.values()][0];
		expect(onlyRunBody(fake())).toMatchObject({
			imageUrl: uploaded.url,
			mode: 'crisp',
			allowDownscale: false,
			confirmedCredits: 4,
		});
	});
});

describe('Skill → Create Product Detail Images', () => {
	const fake = useFakeMeiGen();

	it('sends the chosen modules and fields, and outputs one named image per module', async () => {
		const run = await runMeiGen(
			fake(),
			skill('productDetail', {
				modules: ['hero', 'scene', 'usage'],
				additionalFields: {
					customModules: { module: [{ name: 'gift', description: 'Wrapped as a gift' }] },
					productName: 'Blue Mug',
					sellingPoints: 'Holds 350 ml',
					autoCopy: false,
					platform: 'shopify',
					aspectRatio: '1:1',
					quality: 'medium',
					logo: 'logo',
					extraProductImages: `${HOSTED}, https://shop.example.com/side.jpg`,
				},
				options: quickPoll(),
			}),
			{
				items: [
					{
						json: {},
						binary: {
							data: { data: PNG_PIXEL, mimeType: 'image/png', fileName: 'mug.png' },
							logo: { data: PNG_PIXEL, mimeType: 'image/png', fileName: 'logo.png' },
						},
					},
				],
			},
		);

		expect(run.status).toBe('success');
		const body = onlyRunBody(fake());
		const requestId = String(body.requestId);
		const uploads = [...fake().skillUploads.values()];
		expect(uploads).toHaveLength(3);
		expect(body).toMatchObject({
			modules: ['hero', 'scene', 'usage'],
			customModules: [{ name: 'gift', description: 'Wrapped as a gift' }],
			productName: 'Blue Mug',
			sellingPoints: 'Holds 350 ml',
			autoCopy: false,
			platform: 'shopify',
			aspectRatio: '1:1',
			quality: 'medium',
			productImage: expect.stringMatching(/\/uploads\//),
			logo: expect.stringMatching(/\/uploads\//),
		});
		// The MeiGen-hosted extra image goes as it is; the other one is uploaded by URL.
		const extra = body.extraProductImages as string[];
		expect(extra[0]).toBe(HOSTED);
		expect(uploads.find((u) => u.url === extra[1])?.sourceUrl).toBe(
			'https://shop.example.com/side.jpg',
		);

		const items = fake().skillRuns.get(requestId)?.items ?? [];
		expect(items.map((i) => i.module)).toEqual(['hero', 'scene', 'usage', 'gift']);
		await expectImages(
			run,
			items.map((i) => i.generationId),
		);
		expect(run.items.map((i) => i.json)).toEqual(
			items.map((i, index) =>
				expect.objectContaining({
					skill: 'product-detail',
					requestId,
					status: 'completed',
					module: i.module,
					generationId: i.generationId,
					creditsUsed: 3,
					creditsStatus: 'confirmed',
					mediaIndex: index + 1,
					mediaCount: 4,
				}),
			),
		);
		expect(run.items.map((i) => i.binary?.data.fileName)).toEqual([
			`${requestId}-hero.png`,
			`${requestId}-scene.png`,
			`${requestId}-usage.png`,
			`${requestId}-gift.png`,
		]);
		expect(fake().skillCharges()).toEqual({ runs: 1, credits: 12, refunded: 0 });
	});

	it('sends the modules explicitly even when left at the default, so MeiGen does not buy three', async () => {
		const run = await runMeiGen(fake(), skill('productDetail', { options: quickPoll() }), {
			items: [imageItem()],
		});

		expect(run.status).toBe('success');
		expect(onlyRunBody(fake()).modules).toEqual(['hero']);
		expect(run.items).toHaveLength(1);
		expect(fake().skillCharges().credits).toBe(3);
	});
});

describe('Skill → Create Marketing Poster', () => {
	const fake = useFakeMeiGen();

	it('sends the brand and fields, uploads the images, and outputs the poster', async () => {
		const run = await runMeiGen(
			fake(),
			skill('marketingPoster', {
				brand: 'Acme Coffee',
				additionalFields: {
					content: 'Summer sale: 20% off',
					style: 'bold-retro',
					ratio: '9:16',
					quality: 'medium',
					autoCopy: false,
					language: 'en',
					logo: HOSTED,
					productImages: 'data, https://shop.example.com/b.png',
					styleImage: 'style',
				},
				options: quickPoll(),
			}),
			{
				items: [
					{
						json: {},
						binary: {
							data: { data: PNG_PIXEL, mimeType: 'image/png', fileName: 'a.png' },
							style: { data: PNG_PIXEL, mimeType: 'image/webp', fileName: 's.webp' },
						},
					},
				],
			},
		);

		expect(run.status).toBe('success');
		const body = onlyRunBody(fake());
		expect(body).toMatchObject({
			brand: 'Acme Coffee',
			content: 'Summer sale: 20% off',
			styleId: 'bold-retro',
			ratio: '9:16',
			quality: 'medium',
			autoCopy: false,
			language: 'en',
			logo: HOSTED,
			styleImage: expect.stringMatching(/\/uploads\//),
		});
		expect(body.productImages).toHaveLength(2);
		expect(skillUploadPosts(fake())).toHaveLength(3);
		const item = fake().skillRuns.get(String(body.requestId))?.items[0];
		await expectImages(run, [String(item?.generationId)]);
		expect(run.items[0].json).toMatchObject({
			skill: 'brand-poster',
			requestId: body.requestId,
			status: 'completed',
			creditsUsed: 5,
		});
		expect(run.items[0].binary?.data.fileName).toBe(`${String(body.requestId)}.png`);
	});

	it("lists the catalog's style presets in the Style picker", async () => {
		const node = meiGenNode(skill('marketingPoster', { brand: 'x' }));
		const context = await loadOptionsContext(
			node,
			{ 'cred-1': { apiKey: TEST_API_KEY, baseUrl: fake().apiUrl } },
			'parameters.additionalFields.style',
		);
		const options = await new MeiGen().methods.loadOptions.getPosterStyles.call(context);
		expect(options).toEqual(POSTER_STYLES.map((s) => ({ name: s.label, value: s.id })));
	});
});

describe('Skill → Create AI Background', () => {
	const fake = useFakeMeiGen();

	it('smart by default: sends the mode and image only, and outputs the image', async () => {
		const run = await runMeiGen(fake(), skill('aiBackground', { options: quickPoll() }), {
			items: [imageItem()],
		});

		expect(run.status).toBe('success');
		const body = onlyRunBody(fake());
		expect(Object.keys(body).sort()).toEqual(['mode', 'productImage', 'requestId']);
		expect(body.mode).toBe('smart');
		const item = fake().skillRuns.get(String(body.requestId))?.items[0];
		await expectImages(run, [String(item?.generationId)]);
		expect(run.items[0].json).toMatchObject({
			skill: 'white-bg',
			status: 'completed',
			creditsUsed: 2,
		});
	});

	it('custom: sends the prompt, ratio and quality, and is charged the custom HD price', async () => {
		const run = await runMeiGen(
			fake(),
			skill('aiBackground', {
				mode: 'custom',
				customPrompt: 'On a marble counter',
				additionalFields: { ratio: '1:1', quality: 'hd' },
				options: quickPoll(),
			}),
			{ items: [imageItem()] },
		);

		expect(run.status).toBe('success');
		expect(onlyRunBody(fake())).toMatchObject({
			mode: 'custom',
			customPrompt: 'On a marble counter',
			ratio: '1:1',
			quality: 'hd',
		});
		expect(fake().skillCharges().credits).toBe(5);
	});

	it('white: leaves ratio and quality out, which MeiGen takes for the smart and custom modes only', async () => {
		const run = await runMeiGen(
			fake(),
			skill('aiBackground', {
				mode: 'white',
				additionalFields: { ratio: '1:1', quality: 'hd' },
				options: quickPoll(),
			}),
			{ items: [imageItem()] },
		);

		expect(run.status).toBe('success');
		expect(Object.keys(onlyRunBody(fake())).sort()).toEqual(['mode', 'productImage', 'requestId']);
		expect(fake().skillCharges().credits).toBe(1);
	});
});

describe('Wait for Completion off, and Skill → Get Status', () => {
	const fake = useFakeMeiGen();

	it('without waiting: one item with the request ID, status processing and the job IDs; no polling', async () => {
		const run = await runMeiGen(
			fake(),
			skill('productDetail', { modules: ['hero', 'detail'], waitForCompletion: false }),
			{ items: [imageItem()] },
		);

		expect(run.status).toBe('success');
		expect(run.items).toHaveLength(1);
		const requestId = String(onlyRunBody(fake()).requestId);
		const ids = fake()
			.skillRuns.get(requestId)
			?.items.map((i) => i.generationId);
		expect(run.items[0].json).toMatchObject({
			skill: 'product-detail',
			requestId,
			status: 'processing',
			generationId: ids?.[0],
			generationIds: ids,
		});
		expect(run.items[0].binary).toBeUndefined();
		const run0 = skillRunPosts(fake())[0];
		expect(skillStatusReads(fake()).filter((r) => r.time >= run0.time)).toHaveLength(0);
	});

	it('Get Status without waiting outputs the current state; with waiting, the images', async () => {
		// Long enough to be read as running even on a busy machine.
		fake().setSkillDuration('upscale', 3000);
		const submitted = await runMeiGen(
			fake(),
			skill('upscale', { imageSource: 'url', imageUrl: HOSTED, waitForCompletion: false }),
		);
		const requestId = String(submitted.items[0].json.requestId);

		const now = await runMeiGen(fake(), skill('getStatus', { skill: 'upscale', requestId }));
		expect(now.items.map((i) => i.json)).toEqual([
			expect.objectContaining({ skill: 'upscale', requestId, status: 'processing' }),
		]);

		const waited = await runMeiGen(
			fake(),
			skill('getStatus', {
				skill: 'upscale',
				requestId,
				waitForCompletion: true,
				options: quickPoll(),
			}),
		);
		const item = fake().skillRuns.get(String(requestId))?.items[0];
		await expectImages(waited, [String(item?.generationId)]);
		expect(waited.items[0].json).toMatchObject({
			skill: 'upscale',
			requestId,
			status: 'completed',
		});
		expect(skillRunPosts(fake())).toHaveLength(1);
		expect(fake().skillCharges()).toEqual({ runs: 1, credits: 4, refunded: 0 });
	});

	it('Get Status of a finished run outputs its images without waiting, and pays nothing', async () => {
		const first = await runMeiGen(fake(), skill('removeBackground', { options: quickPoll() }), {
			items: [imageItem()],
		});
		const requestId = String(first.items[0].json.requestId);
		const again = await runMeiGen(fake(), skill('getStatus', { skill: 'remove-bg', requestId }));

		expect(again.status).toBe('success');
		const bytes = await again.binary(again.items[0]);
		expect(bytes.equals(await first.binary(first.items[0]))).toBe(true);
		expect(fake().skillCharges().credits).toBe(2);
	});

	it('Get Status of an unknown request ID says so, naming the Skill and the ID', async () => {
		const requestId = '3f0b9a52-1c4e-4d8e-9a51-2f7f5c0e6b1d';
		const run = await runMeiGen(fake(), skill('getStatus', { skill: 'white-bg', requestId }));

		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toContain(
			`No Create AI Background run with Request ID ${requestId}`,
		);
	});
});

describe('Output options', () => {
	const fake = useFakeMeiGen();

	it('Download off: the URLs only, no binary and no CDN request', async () => {
		const run = await runMeiGen(
			fake(),
			skill('productDetail', {
				modules: ['hero', 'brand'],
				options: quickPoll({ download: false }),
			}),
			{ items: [imageItem()] },
		);

		expect(run.status).toBe('success');
		const items = [...fake().skillRuns.values()][0].items;
		expect(run.items.map((i) => [i.json.module, i.json.url, i.binary])).toEqual(
			items.map((i) => [i.module, i.imageUrls[0], undefined]),
		);
		expect(fake().cdnRequests).toEqual([]);
	});

	it('Put Output in Field: the image goes to the named binary field', async () => {
		const run = await runMeiGen(
			fake(),
			skill('removeBackground', { options: quickPoll({ binaryPropertyOutput: 'cutout' }) }),
			{ items: [imageItem()] },
		);

		expect(run.status).toBe('success');
		expect(Object.keys(run.items[0].binary ?? {})).toEqual(['cutout']);
		const item = [...fake().skillRuns.values()][0].items[0];
		const bytes = await run.binary(run.items[0], 'cutout');
		expect(bytes.equals(expectedMediaBytes(item.generationId, 0, 'png'))).toBe(true);
	});
});

describe('Skill → Get Many', () => {
	const fake = useFakeMeiGen();

	it('outputs one item per Skill of the live catalog: ID, title, price per image, limits, schema', async () => {
		fake().setSkillPricing('remove-bg', 3, 'catalog');
		const run = await runMeiGen(fake(), skill('getAll'));

		expect(run.status).toBe('success');
		const byId = Object.fromEntries(run.items.map((i) => [i.json.id, i.json]));
		expect(Object.keys(byId)).toEqual([
			'remove-bg',
			'upscale',
			'product-detail',
			'brand-poster',
			'white-bg',
		]);
		expect(byId['remove-bg']).toMatchObject({
			title: 'Remove Background',
			pricePerImage: 3,
			maxOutputImages: 1,
		});
		expect(byId.upscale.pricePerImage).toBe(4);
		expect(byId['product-detail']).toMatchObject({ pricePerImage: 3, maxOutputImages: 6 });
		expect(byId['brand-poster']).toMatchObject({ pricePerImage: 5, stylePresets: POSTER_STYLES });
		// Priced by mode: no single price, and never a made-up 0.
		expect(byId['white-bg'].pricePerImage).toBeUndefined();
		expect(byId['white-bg'].pricing).toMatchObject({ smart: { fast: 2, hd: 4 } });
		expect(byId['product-detail'].materials).toEqual(
			expect.arrayContaining([expect.objectContaining({ field: 'productImage', required: true })]),
		);
		expect(byId['product-detail'].inputSchema).toMatchObject({
			required: ['requestId', 'productImage'],
		});
		expect(fake().requests.every((r) => r.method === 'GET')).toBe(true);
	});

	it('leaves the price out when the catalog gives none, rather than calling it free', async () => {
		fake().setSkillPricing('upscale', null, 'catalog');
		const run = await runMeiGen(fake(), skill('getAll'));

		const upscale = run.items.find((i) => i.json.id === 'upscale')?.json;
		expect(upscale).toBeDefined();
		expect(upscale?.pricePerImage).toBeUndefined();
	});
});

describe('Request IDs', () => {
	const fake = useFakeMeiGen();

	it('each item gets its own request ID, even with the same image; Options → Request ID is used as given', async () => {
		const own = '0b7e6f3a-2c1d-4e5f-9a8b-7c6d5e4f3a2b';
		const run = await runMeiGen(
			fake(),
			skill('removeBackground', { options: quickPoll({ requestId: '={{ $json.requestId }}' }) }),
			{
				items: [
					imageItem('data', PIXEL, 'image/png', { requestId: '' }),
					imageItem('data', PIXEL, 'image/png', { requestId: '' }),
					imageItem('data', PIXEL, 'image/png', { requestId: own }),
				],
			},
		);

		expect(run.status).toBe('success');
		const ids = run.items.map((i) => i.json.requestId);
		expect(new Set(ids).size).toBe(3);
		expect(ids[2]).toBe(own);
		expect(
			skillRunPosts(fake())
				.map((p) => (p.body as { requestId: string }).requestId)
				.sort(),
		).toEqual([...ids].sort());
		expect(fake().skillCharges()).toEqual({ runs: 3, credits: 6, refunded: 0 });
	});
});
