/**
 * n8n's combined binary mode (workflow setting `binaryMode: 'combined'`, n8n 2.x): files live in
 * `item.json._files`, and a field names one by its path (`_files.data`), by its bare name, or as
 * the binary object an expression gives. n8n 1.x has no such mode; there these tests are skipped
 * and every other test covers the separate mode.
 */
import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { expectedMediaBytes } from '../../fake-server';
import { chain, meiGenNode, runWorkflow, startNode, itemsNode, type TestItem } from '../../harness';
import {
	binaryOf,
	generate,
	imageItem,
	PNG_PIXEL,
	quickPoll,
	skill,
	skillRunPosts,
	skillUploadPosts,
	submits,
	TEST_API_KEY,
	tinyMp4,
	useFakeMeiGen,
} from './setup';

const line = (globalThis as { N8N_LINE?: string }).N8N_LINE;
const describeOn2 = line === '1.x' ? describe.skip : describe;

const PIXEL = Buffer.from(PNG_PIXEL, 'base64');

/** The file n8n moved into `json._files` under `key`. */
function fileOf(item: INodeExecutionData, key = 'data'): IBinaryData {
	const files = item.json._files as IDataObject | undefined;
	const file = files?.[key] as IBinaryData | undefined;
	if (!file) throw new Error(`no _files.${key} in ${JSON.stringify(Object.keys(files ?? {}))}`);
	return file;
}

describeOn2('Combined binary mode: files in json._files', () => {
	const fake = useFakeMeiGen();

	/** Start → Items → the MeiGen nodes, in a combined-mode workflow with files on disk. */
	async function run(
		items: TestItem[],
		...steps: Array<{ name: string; parameters: IDataObject }>
	) {
		const nodes = [
			startNode(),
			itemsNode(items),
			...steps.map((step) => meiGenNode(step.parameters as never, { name: step.name })),
		];
		return await runWorkflow({
			nodes,
			connections: chain(...nodes.map((node) => node.name)),
			credentials: { 'cred-1': { apiKey: TEST_API_KEY, baseUrl: fake().apiUrl } },
			settings: { binaryMode: 'combined' },
			binaryMode: 'filesystem',
		});
	}

	const reference = (field: string) =>
		generate('nanobanana-2', 'the same, at night', {
			waitForCompletion: false,
			additionalFields: { referenceImageBinaryProperties: field },
		});

	it.each([
		['its path', '_files.photo'],
		['its bare name', 'photo'],
		['the binary object an expression gives', '={{ $json._files.photo }}'],
	])('a reference image named by %s is sent as its bytes', async (_how, field) => {
		const result = await run([imageItem('photo')], {
			name: 'Generate',
			parameters: reference(field),
		});

		expect(result.status).toBe('success');
		const [post] = submits(fake());
		expect((post.body as { referenceImages: string[] }).referenceImages).toEqual([
			`data:image/png;base64,${PIXEL.toString('base64')}`,
		]);
	});

	it('with binary data kept in memory, where n8n leaves files in binary, a field still finds its file', async () => {
		const nodes = [
			startNode(),
			itemsNode([imageItem('photo')]),
			meiGenNode(reference('photo') as never, { name: 'Generate' }),
		];
		const result = await runWorkflow({
			nodes,
			connections: chain(...nodes.map((node) => node.name)),
			credentials: { 'cred-1': { apiKey: TEST_API_KEY, baseUrl: fake().apiUrl } },
			settings: { binaryMode: 'combined' },
			binaryMode: 'default',
		});

		expect(result.status).toBe('success');
		const [post] = submits(fake());
		expect((post.body as { referenceImages: string[] }).referenceImages).toEqual([
			`data:image/png;base64,${PIXEL.toString('base64')}`,
		]);
	});

	it('a file the item lacks: the error lists the files it has, as paths', async () => {
		const result = await run([imageItem('photo')], {
			name: 'Generate',
			parameters: reference('_files.logo'),
		});

		expect(result.status).toBe('error');
		const error = result.nodeError('Generate');
		expect(error?.message).toBe('The input item has no binary field "_files.logo"');
		expect(error?.description).toContain('Its binary fields are: _files.photo.');
		expect(submits(fake())).toEqual([]);
	});

	it('a reference clip and a Skill image by path', async () => {
		const clip: TestItem = { json: {}, binary: { clip: binaryOf(tinyMp4(4), 'video/mp4') } };
		const video = await run([clip], {
			name: 'Video',
			parameters: generate('seedance-2-5', 'the walk, at night', {
				waitForCompletion: false,
				additionalFields: { resolution: '480p', duration: 5, referenceVideos: '_files.clip' },
			}),
		});
		expect(video.status).toBe('success');
		expect(fake().storagePuts.map((put) => put.bytes.equals(tinyMp4(4)))).toEqual([true]);

		const cutout = await run([imageItem('product')], {
			name: 'Cut out',
			parameters: skill('removeBackground', {
				binaryPropertyName: '_files.product',
				options: { pollInterval: 1 },
			}),
		});
		expect(cutout.status).toBe('success');
		expect(skillUploadPosts(fake())).toHaveLength(1);
	});

	it("the node's own file goes to json._files as n8n moves it; the input's files are not copied", async () => {
		const result = await run([imageItem('photo', PIXEL, 'image/png', { sku: 'A1' })], {
			name: 'Generate',
			parameters: generate('nanobanana-2', 'a mug', { options: quickPoll() }),
		});

		expect(result.status).toBe('success');
		const [item] = result.output('Generate');
		expect(item.binary).toBeUndefined();
		expect(Object.keys(item.json._files as IDataObject)).toEqual(['data']);
		expect(item.json.sku).toBeUndefined();
		const [job] = [...fake().jobs.values()];
		const bytes = await result.binary({ json: {}, binary: { data: fileOf(item) } });
		expect(bytes.equals(expectedMediaBytes(job.id, 0, 'png'))).toBe(true);
	});

	it('a chain: Generate, then Remove Background on its image by path, sent as its URL', async () => {
		const result = await run(
			[{ json: {} }],
			{ name: 'Generate', parameters: generate('nanobanana-2', 'a mug', { options: quickPoll() }) },
			{
				name: 'Cut out',
				parameters: skill('removeBackground', {
					binaryPropertyName: '_files.data',
					options: { pollInterval: 1 },
				}),
			},
		);

		expect(result.status).toBe('success');
		const [job] = [...fake().jobs.values()];
		expect(skillUploadPosts(fake())).toEqual([]);
		expect((skillRunPosts(fake())[0].body as { productImage: string }).productImage).toBe(
			job.mediaUrls[0],
		);
		const [cut] = result.output('Cut out');
		expect(fileOf(cut).mimeType).toBe('image/png');
	});
});
