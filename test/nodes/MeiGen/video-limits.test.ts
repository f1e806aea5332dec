/**
 * What a video model takes, checked before anything is uploaded or paid for: reference videos and
 * audio against `capabilities.video` (taken at all, how many, size, format, audio that needs a
 * visual reference), and first/last frames as MeiGen documents them per model.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { FakeMeiGen } from '../../fake-server';
import type { TestItem } from '../../harness';
import {
	binaryOf,
	expectNothingUploaded,
	generate,
	PNG_PIXEL,
	presigns,
	runMeiGen,
	storedUrls,
	submits,
	tinyMp3,
	tinyMp4,
	tinyWav,
	useFakeMeiGen,
} from './setup';

const submitOnly = (model: string, fields: INodeParameters) =>
	generate(model, 'a slow pan across the bay', {
		waitForCompletion: false,
		additionalFields: fields,
	});

const withFiles = (files: Record<string, { bytes: Buffer; mimeType: string }>): TestItem[] => [
	{
		binary: Object.fromEntries(
			Object.entries(files).map(([name, file]) => [
				name,
				binaryOf(file.bytes, file.mimeType, `${name}.bin`),
			]),
		),
	},
];

const clip = (seconds = 3, seed = 'clip') => ({
	bytes: tinyMp4(seconds, { seed }),
	mimeType: 'video/mp4',
});
const wav = { bytes: tinyWav(2), mimeType: 'audio/wav' };
const png = { bytes: Buffer.from(PNG_PIXEL, 'base64'), mimeType: 'image/png' };
const PNG_DATA = `data:image/png;base64,${PNG_PIXEL}`;

/** Changes a model's live entry in the fake (reset puts it back). */
function tweak(fake: FakeMeiGen, modelId: string, change: (video: IDataObject) => void): void {
	const model = fake.models.find((spec) => spec.json.id === modelId);
	if (!model) throw new Error(`no model ${modelId}`);
	change(model.json.capabilities.video as unknown as IDataObject);
}

describe('Reference media the model does not take: refused before any upload', () => {
	const fake = useFakeMeiGen();

	it.each<
		[string, string, INodeParameters, Record<string, { bytes: Buffer; mimeType: string }>, string]
	>([
		[
			'a model without reference video',
			'veo-3.1',
			{ referenceVideos: 'clip' },
			{ clip: clip() },
			'Veo 3.1 does not take reference videos',
		],
		[
			'a model without reference audio',
			'agnes-video-2.0',
			{ referenceAudios: 'voice' },
			{ voice: wav },
			'Agnes Video 2.0 does not take reference audio',
		],
		[
			'more clips than the model takes',
			'seedance-2-0',
			{ referenceVideos: 'a, b, c, d' },
			{ a: clip(2, 'a'), b: clip(2, 'b'), c: clip(2, 'c'), d: clip(2, 'd') },
			'Seedance 2.0 takes at most 3 reference videos, not 4',
		],
		[
			'audio that needs a visual reference, alone',
			'seedance-2-0',
			{ referenceAudios: 'voice' },
			{ voice: wav },
			'Seedance 2.0 needs a reference image or video along with reference audio',
		],
		[
			'audio that is neither WAV nor MP3',
			'seedance-2-5',
			{ referenceAudios: 'voice' },
			{ voice: { bytes: Buffer.from('OggS'), mimeType: 'audio/ogg' } },
			'is not a WAV or MP3 file (audio/ogg)',
		],
		[
			'an image as a reference video',
			'seedance-2-5',
			{ referenceVideos: 'picture' },
			{ picture: png },
			'is not an MP4 or MOV video (image/png)',
		],
		[
			'a binary field the item does not have',
			'seedance-2-5',
			{ referenceVideos: 'clip' },
			{ other: clip() },
			'The input item has no binary field "clip"',
		],
	])('%s', async (_name, model, fields, files, message) => {
		const run = await runMeiGen(fake(), submitOnly(model, fields), { items: withFiles(files) });

		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toContain(message);
		expectNothingUploaded(fake());
	});

	it("a file over the model's upload cap", async () => {
		tweak(fake(), 'seedance-2-0', (video) => {
			(video.referenceVideo as IDataObject).maxUploadBytes = 1_000_000;
		});
		const big = { bytes: tinyMp4(5, { payloadBytes: 1_500_000 }), mimeType: 'video/mp4' };
		const run = await runMeiGen(fake(), submitOnly('seedance-2-0', { referenceVideos: 'clip' }), {
			items: withFiles({ clip: big }),
		});

		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toContain(
			'"clip" is 1.5 MB; Seedance 2.0 takes at most 1 MB per video',
		);
		expectNothingUploaded(fake());
	});

	it('audio in a format the model does not list', async () => {
		tweak(fake(), 'seedance-2-5', (video) => {
			(video.referenceAudio as IDataObject).formats = ['wav'];
		});
		const run = await runMeiGen(fake(), submitOnly('seedance-2-5', { referenceAudios: 'voice' }), {
			items: withFiles({ voice: { bytes: tinyMp3(), mimeType: 'audio/mpeg' } }),
		});

		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toContain(
			'"voice" is mp3; Seedance 2.5 takes wav audio',
		);
		expectNothingUploaded(fake());
	});

	it('a model whose entry predates reference limits (no referenceVideo) takes none', async () => {
		tweak(fake(), 'seedance-2-5', (video) => {
			delete video.referenceVideo;
		});
		const run = await runMeiGen(
			fake(),
			submitOnly('seedance-2-5', {
				referenceVideos: 'https://images.meigen.ai/ref-videos/a.mp4#seconds=5',
			}),
		);

		expect(run.nodeError('MeiGen')?.message).toContain('does not take reference videos');
		expectNothingUploaded(fake());
	});

	it('the same audio with a first frame fits Seedance 2.0: uploaded and submitted', async () => {
		const run = await runMeiGen(
			fake(),
			submitOnly('seedance-2-0', {
				referenceAudios: 'voice',
				firstFrame: 'https://example.com/start.png',
			}),
			{
				items: withFiles({ voice: wav }),
			},
		);

		expect(run.status).toBe('success');
		expect(presigns(fake())).toHaveLength(1);
		expect(submits(fake())[0].body).toMatchObject({
			referenceAudios: storedUrls(fake()),
			frameReferenceImages: ['https://example.com/start.png'],
		});
	});
});

describe('First and last frames', () => {
	const fake = useFakeMeiGen();
	const frames = withFiles({ start: png, end: png });

	it('a model that requires a first frame fails without one, before submitting', async () => {
		const run = await runMeiGen(fake(), submitOnly('grok-video', {}));

		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toContain('Grok Video needs a first frame');
		expectNothingUploaded(fake());
	});

	it('with a first frame from a binary field, Grok Video gets it as its reference image', async () => {
		const run = await runMeiGen(fake(), submitOnly('grok-video', { firstFrame: 'start' }), {
			items: frames,
		});

		expect(run.status).toBe('success');
		const body = submits(fake())[0].body as IDataObject;
		expect(body.referenceImages).toEqual([PNG_DATA]);
		expect(body.frameReferenceImages).toBeUndefined();
	});

	it('a Last Frame without a First Frame fails before submitting', async () => {
		const run = await runMeiGen(fake(), submitOnly('veo-3.1', { lastFrame: 'end' }), {
			items: frames,
		});

		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toContain('Last Frame is set without a First Frame');
		expectNothingUploaded(fake());
	});

	it('Seedance gets the frames as frameReferenceImages [first, last]', async () => {
		const run = await runMeiGen(
			fake(),
			submitOnly('seedance-2-5', { firstFrame: 'https://example.com/start.png', lastFrame: 'end' }),
			{ items: frames },
		);

		expect(run.status).toBe('success');
		const body = submits(fake())[0].body as IDataObject;
		expect(body.frameReferenceImages).toEqual(['https://example.com/start.png', PNG_DATA]);
		expect(body.referenceImages).toBeUndefined();
		expect(body.referenceMode).toBeUndefined();
	});

	it('Veo gets the frames as referenceImages [first, last]', async () => {
		const run = await runMeiGen(
			fake(),
			submitOnly('veo-3.1', { firstFrame: 'start', lastFrame: 'https://example.com/end.png' }),
			{ items: frames },
		);

		expect(run.status).toBe('success');
		const body = submits(fake())[0].body as IDataObject;
		expect(body.referenceImages).toEqual([PNG_DATA, 'https://example.com/end.png']);
		expect(body.frameReferenceImages).toBeUndefined();
	});

	it('Veo with both frames and reference images fails: it has one list for both', async () => {
		const run = await runMeiGen(
			fake(),
			submitOnly('veo-3.1', {
				firstFrame: 'start',
				referenceImageUrls: ['https://example.com/style.png'],
			}),
			{ items: frames },
		);

		expect(run.nodeError('MeiGen')?.message).toContain('Both frames and reference images are set');
		expectNothingUploaded(fake());
	});

	it('a frame that is not an image fails before submitting', async () => {
		const run = await runMeiGen(fake(), submitOnly('veo-3.1', { firstFrame: 'clip' }), {
			items: withFiles({ clip: clip() }),
		});

		expect(run.nodeError('MeiGen')?.message).toContain(
			'Binary field "clip" is not an image (video/mp4)',
		);
		expectNothingUploaded(fake());
	});

	it('Seedance content references and reference mode are sent as fields', async () => {
		const run = await runMeiGen(
			fake(),
			submitOnly('seedance-2-5', {
				contentReferenceImages: 'start, https://example.com/jacket.png',
				referenceMode: 'content',
			}),
			{ items: frames },
		);

		expect(run.status).toBe('success');
		expect(submits(fake())[0].body).toMatchObject({
			contentReferenceImages: [PNG_DATA, 'https://example.com/jacket.png'],
			referenceMode: 'content',
		});
	});

	it('content references or a reference mode on a model that is not Seedance fail before submitting', async () => {
		const run = await runMeiGen(fake(), submitOnly('veo-3.1', { referenceMode: 'content' }));

		expect(run.nodeError('MeiGen')?.message).toContain('for Seedance models only');
		expectNothingUploaded(fake());
	});
});

describe('Clip lengths, read from the clips, checked before anything is uploaded', () => {
	const fake = useFakeMeiGen();

	it('a clip shorter than the model takes fails before the upload, naming its length and the limits', async () => {
		const run = await runMeiGen(fake(), submitOnly('seedance-2-0', { referenceVideos: 'clip' }), {
			items: withFiles({ clip: { bytes: tinyMp4(1), mimeType: 'video/mp4' } }),
		});
		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toMatch(
			/"clip" lasts 1 s; .* takes reference videos of 2–15 s/,
		);
		expectNothingUploaded(fake());
	});

	it('clips longer in all than the model takes fail before the upload', async () => {
		const run = await runMeiGen(fake(), submitOnly('seedance-2-0', { referenceVideos: 'a, b' }), {
			items: withFiles({
				a: { bytes: tinyMp4(9, { seed: 'a' }), mimeType: 'video/mp4' },
				b: { bytes: tinyMp4(9, { seed: 'b' }), mimeType: 'video/mp4' },
			}),
		});
		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toMatch(
			/The reference videos last 18 s in all; .* takes at most 15 s/,
		);
		expectNothingUploaded(fake());
	});
});
