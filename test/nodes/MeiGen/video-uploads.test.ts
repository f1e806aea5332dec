/**
 * Image → Generate with reference videos and audio: files from input binary fields and URLs on
 * other hosts are presigned and PUT to MeiGen's upload storage (bytes, type, no Authorization),
 * MeiGen-hosted URLs go as they are, and the submit carries the public URLs. Binary data in both
 * of n8n's modes.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { expectedMediaBytes, GENERATED_VIDEO_SECONDS } from '../../fake-server';
import { chain, meiGenNode, runWorkflow, startNode, type BinaryMode } from '../../harness';
import {
	binaryOf,
	generate,
	lookups,
	onlyJob,
	presigns,
	quickPoll,
	runMeiGen,
	storedUrls,
	submits,
	TEST_API_KEY,
	tinyMp3,
	tinyMp4,
	tinyWav,
	uploadOf,
	useFakeMeiGen,
} from './setup';

/** Submit only, on seedance-2-5 at 480p for 5 s: a clip of c seconds costs max(c + 5, 9) × 11. */
const video = (fields: INodeParameters, options: INodeParameters = {}, model = 'seedance-2-5') =>
	generate(model, 'the same walk, at night', {
		waitForCompletion: false,
		additionalFields: { resolution: '480p', duration: 5, ...fields },
		options,
	});

const bodyOf = (fake: ReturnType<ReturnType<typeof useFakeMeiGen>>) =>
	submits(fake)[0]?.body as IDataObject;

describe.each<BinaryMode>(['default', 'filesystem'])(
	'Reference media from binary fields (%s binary mode)',
	(binaryMode) => {
		const fake = useFakeMeiGen();

		it('presigns each file, PUTs its bytes to the storage host without the API key, and submits the public URLs', async () => {
			const clip = tinyMp4(3, { seed: binaryMode });
			const voice = tinyWav(2);
			const run = await runMeiGen(
				fake(),
				video({ referenceVideos: 'clip', referenceAudios: 'voice' }),
				{
					binaryMode,
					items: [
						{
							binary: {
								clip: binaryOf(clip, 'video/mp4', 'walk.mp4'),
								voice: binaryOf(voice, 'audio/wav', 'voice.wav'),
							},
						},
					],
				},
			);

			expect(run.status).toBe('success');
			expect(presigns(fake()).map((request) => request.body)).toEqual([
				{
					filename: 'walk.mp4',
					contentType: 'video/mp4',
					size: clip.length,
					modelId: 'seedance-2-5',
					kind: 'video',
				},
				{
					filename: 'voice.wav',
					contentType: 'audio/wav',
					size: voice.length,
					modelId: 'seedance-2-5',
					kind: 'audio',
				},
			]);
			const [videoPut, audioPut] = fake().storagePuts;
			expect(fake().storagePuts).toHaveLength(2);
			expect(videoPut).toMatchObject({
				method: 'PUT',
				contentType: 'video/mp4',
				contentLength: clip.length,
				authorization: false,
				complete: true,
				status: 200,
			});
			expect(videoPut.bytes.equals(clip)).toBe(true);
			expect(audioPut).toMatchObject({
				contentType: 'audio/wav',
				contentLength: voice.length,
				authorization: false,
				status: 200,
			});
			expect(audioPut.bytes.equals(voice)).toBe(true);
			// Nothing of the API key went to the storage host, and every API call carried it.
			expect(JSON.stringify(fake().storagePuts.map((put) => put.headers))).not.toContain(
				TEST_API_KEY,
			);
			expect(
				fake().requests.filter(
					(request) => request.headers.authorization !== `Bearer ${TEST_API_KEY}`,
				),
			).toEqual([]);

			const body = bodyOf(fake());
			expect(body.referenceVideos).toEqual([uploadOf(fake(), videoPut.key).publicUrl]);
			expect(body.referenceAudios).toEqual([uploadOf(fake(), audioPut.key).publicUrl]);
			// Audio is not billed; the clip's 3 s are: max(3 + 5, 9) × 11, quoted from the probed length.
			expect(onlyJob(fake()).creditsUsed).toBe(99);
			expect(run.items[0].json).toMatchObject({ creditsUsed: 99, creditsQuoted: 99 });
		});

		it('a clip of several MB whose moov box comes last is uploaded whole and quoted by its real length', async () => {
			const clip = tinyMp4(7, {
				moovLast: true,
				payloadBytes: 3 * 1024 * 1024,
				seed: `big ${binaryMode}`,
			});
			const run = await runMeiGen(fake(), video({ referenceVideos: 'data' }), {
				binaryMode,
				items: [{ binary: { data: binaryOf(clip, 'video/quicktime', 'long.mov') } }],
			});

			expect(run.status).toBe('success');
			const [put] = fake().storagePuts;
			expect(put).toMatchObject({
				contentType: 'video/quicktime',
				bytesReceived: clip.length,
				status: 200,
			});
			expect(put.bytes.equals(clip)).toBe(true);
			// max(7 + 5, 9) × 11
			expect(run.items[0].json).toMatchObject({ creditsUsed: 132, creditsQuoted: 132 });
		});

		it('several clips go in the order given, each uploaded once', async () => {
			const clips = [
				tinyMp4(2, { seed: 'a' }),
				tinyMp4(3, { seed: 'b' }),
				tinyMp4(4, { seed: 'c' }),
			];
			const run = await runMeiGen(fake(), video({ referenceVideos: 'c, a,b' }), {
				binaryMode,
				items: [
					{
						binary: {
							a: binaryOf(clips[0], 'video/mp4'),
							b: binaryOf(clips[1], 'video/mp4'),
							c: binaryOf(clips[2], 'video/mp4'),
						},
					},
				],
			});

			expect(run.status).toBe('success');
			expect(fake().storagePuts.map((put) => put.sha256)).toHaveLength(3);
			expect(fake().storagePuts.map((put) => put.bytes.length)).toEqual([
				clips[2].length,
				clips[0].length,
				clips[1].length,
			]);
			expect(fake().storagePuts[0].bytes.equals(clips[2])).toBe(true);
			expect(bodyOf(fake()).referenceVideos).toEqual(storedUrls(fake()));
			// A file name is made up from the field when the binary has none.
			expect((presigns(fake())[0].body as IDataObject).filename).toBe('c.mp4');
			// max(9 + 5, 9) × 11
			expect(run.items[0].json).toMatchObject({ creditsUsed: 154, creditsQuoted: 154 });
		});
	},
);

describe('Reference media from URLs', () => {
	const fake = useFakeMeiGen();

	it('MeiGen-hosted URLs go as they are: no lookup, no upload, no download', async () => {
		const clip = 'https://images.meigen.ai/ref-videos/2026-09-01/walk.mp4#seconds=5';
		const voice = 'https://images.meigen.ai/ref-videos/2026-09-01/voice.mp3';
		const run = await runMeiGen(fake(), video({ referenceVideos: clip, referenceAudios: voice }));

		expect(run.status).toBe('success');
		expect(presigns(fake())).toEqual([]);
		expect(lookups(fake())).toEqual([]);
		expect(fake().storagePuts).toEqual([]);
		expect(fake().cdnRequests).toEqual([]);
		expect(bodyOf(fake())).toMatchObject({ referenceVideos: [clip], referenceAudios: [voice] });
		expect(onlyJob(fake()).creditsUsed).toBe(110);
	});

	it('a file on another host is downloaded and streamed into the upload', async () => {
		const clip = tinyMp4(4, { seed: 'elsewhere' });
		const voice = tinyMp3();
		const clipUrl = fake().serveFile('street walk.mp4', clip, 'video/mp4');
		const voiceUrl = fake().serveFile('voice.mp3', voice, 'audio/mpeg');
		const run = await runMeiGen(
			fake(),
			video({ referenceVideos: clipUrl, referenceAudios: voiceUrl }),
		);

		expect(run.status).toBe('success');
		expect(
			fake().cdnRequests.map((request) => [
				request.method,
				request.path,
				request.headers.authorization,
			]),
		).toEqual([
			['GET', '/files/street%20walk.mp4', undefined],
			['GET', '/files/voice.mp3', undefined],
		]);
		expect(presigns(fake()).map((request) => request.body)).toEqual([
			{
				filename: 'street walk.mp4',
				contentType: 'video/mp4',
				size: clip.length,
				modelId: 'seedance-2-5',
				kind: 'video',
			},
			{
				filename: 'voice.mp3',
				contentType: 'audio/mpeg',
				size: voice.length,
				modelId: 'seedance-2-5',
				kind: 'audio',
			},
		]);
		expect(
			fake().storagePuts.map((put) =>
				put.bytes.equals(put.contentType === 'video/mp4' ? clip : voice),
			),
		).toEqual([true, true]);
		expect(fake().storagePuts.every((put) => !put.authorization && put.status === 200)).toBe(true);
		expect(bodyOf(fake())).toMatchObject({
			referenceVideos: [storedUrls(fake())[0]],
			referenceAudios: [storedUrls(fake())[1]],
		});
		// MeiGen bills the clip's 4 s: max(4 + 5, 9) × 11.
		expect(onlyJob(fake()).creditsUsed).toBe(99);
	});

	it('a file on another host that is not a video fails before anything is presigned', async () => {
		const page = fake().serveFile('clip.mp4', Buffer.from('<html>not found</html>'), 'text/html');
		const run = await runMeiGen(fake(), video({ referenceVideos: page }));

		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toContain('is not an MP4 or MOV video (text/html)');
		expect(presigns(fake())).toEqual([]);
		expect(fake().storagePuts).toEqual([]);
		expect(submits(fake())).toEqual([]);
	});
});

describe("Reference media from URLs: the other host's answer", () => {
	const fake = useFakeMeiGen();

	it('a file sent without a Content-Length cannot be presigned (MeiGen needs its exact size): fails before presigning', async () => {
		const url = fake().serveFile('walk.mp4', tinyMp4(4), 'video/mp4');
		fake().inject({ route: 'media', kind: 'chunked', bytes: 4096 });
		const run = await runMeiGen(fake(), video({ referenceVideos: url }));

		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toContain('answered without a Content-Length');
		expect(presigns(fake())).toEqual([]);
		expect(fake().storagePuts).toEqual([]);
	});
});

describe("Video to video: an earlier node's clip as the reference", () => {
	const fake = useFakeMeiGen();

	/** Text to video, then a second MeiGen node that takes the first one's clip. */
	async function twoSteps(second: INodeParameters, download: boolean) {
		const first = meiGenNode(
			generate('seedance-2-5', 'a walk through a market', {
				additionalFields: { duration: 4 },
				options: quickPoll({ download }),
			}),
			{ name: 'Text to Video' },
		);
		const then = meiGenNode(
			generate('seedance-2-5', 'the same walk, at night', {
				additionalFields: { resolution: '480p', duration: 5, ...second },
				options: quickPoll(),
			}),
			{
				name: 'Video to Video',
			},
		);
		const nodes = [startNode(), first, then];
		return await runWorkflow({
			nodes,
			connections: chain(...nodes.map((node) => node.name)),
			credentials: { 'cred-1': { apiKey: TEST_API_KEY, baseUrl: fake().apiUrl } },
		});
	}

	it('the clip the first node downloaded from MeiGen is sent as its URL: nothing is uploaded again', async () => {
		const run = await twoSteps({ referenceVideos: 'data' }, true);

		expect(run.status).toBe('success');
		const [firstJob, secondJob] = [...fake().jobs.values()];
		expect(presigns(fake())).toEqual([]);
		expect(fake().storagePuts).toEqual([]);
		expect(secondJob.body.referenceVideos).toEqual(firstJob.mediaUrls);
		// The generated clip lasts 5 s: max(5 + 5, 9) × 11, quoted exactly.
		expect(GENERATED_VIDEO_SECONDS).toBe(5);
		const out = run.output('Video to Video')[0];
		expect(out.json).toMatchObject({ status: 'completed', creditsUsed: 110, creditsQuoted: 110 });
		expect(secondJob.creditsUsed).toBe(110);
		expect(out.binary?.data.mimeType).toBe('video/mp4');
	});

	it("the first node's videoUrl, on a host that is not MeiGen's media host, is downloaded and uploaded", async () => {
		const run = await twoSteps({ referenceVideos: '={{ $json.videoUrl }}' }, false);

		expect(run.status).toBe('success');
		const [firstJob, secondJob] = [...fake().jobs.values()];
		const videoUrl = run.output('Text to Video')[0].json.videoUrl as string;
		expect(
			fake().cdnRequests.filter((request) => request.path === new URL(videoUrl).pathname),
		).toHaveLength(1);
		expect(fake().storagePuts[0].bytes.equals(expectedMediaBytes(firstJob.id, 0, 'mp4'))).toBe(
			true,
		);
		expect(secondJob.body.referenceVideos).toEqual(storedUrls(fake()));
		expect(secondJob.creditsUsed).toBe(110);
	});
});

describe('Max Credits with reference clips', () => {
	const fake = useFakeMeiGen();

	it('a binary clip is priced by its length: over the budget, nothing is uploaded or submitted', async () => {
		// max(6 + 5, 9) × 11 = 121 > 120
		const run = await runMeiGen(fake(), video({ referenceVideos: 'clip' }, { maxCredits: 120 }), {
			items: [{ binary: { clip: binaryOf(tinyMp4(6), 'video/mp4') } }],
		});

		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toContain('this item costs 121 credits');
		expect(presigns(fake())).toEqual([]);
		expect(fake().storagePuts).toEqual([]);
		expect(submits(fake())).toEqual([]);
	});

	it('within the budget, the clip is uploaded and the charge is what was quoted', async () => {
		const run = await runMeiGen(fake(), video({ referenceVideos: 'clip' }, { maxCredits: 121 }), {
			items: [{ binary: { clip: binaryOf(tinyMp4(6), 'video/mp4') } }],
		});

		expect(run.status).toBe('success');
		expect(run.items[0].json).toMatchObject({ creditsQuoted: 121, creditsUsed: 121 });
	});

	it('a clip given by URL has no known length: with Max Credits set, the item is refused before anything is sent', async () => {
		const run = await runMeiGen(
			fake(),
			video(
				{ referenceVideos: 'https://images.meigen.ai/ref-videos/2026-09-01/walk.mp4#seconds=5' },
				{ maxCredits: 1000 },
			),
		);

		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toContain(
			'The price of this item is unknown, and Max Credits is set',
		);
		expect(submits(fake())).toEqual([]);
	});
});
