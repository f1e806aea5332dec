/**
 * Reference uploads and paying once: an upload gives a file a new URL every time, so the request ID
 * is keyed by the file's content and a retry continues the job already submitted under it instead
 * of uploading (and paying) again. Every error after an upload names what was uploaded.
 */
import type { IDataObject } from 'n8n-workflow';

import type { FakeMeiGen } from '../../fake-server';
import type { BinaryMode, TestItem } from '../../harness';
import {
	binaryOf,
	generate,
	keyOf,
	lookups,
	onlyJob,
	presigns,
	quickPoll,
	runMeiGen,
	storedUrls,
	submits,
	tinyMp4,
	useFakeMeiGen,
} from './setup';

const clipItem = (bytes: Buffer, fileName = 'walk.mp4'): TestItem[] => [
	{ binary: { clip: binaryOf(bytes, 'video/mp4', fileName) } },
];

const fromClip = (options: IDataObject = {}, wait = true, prompt = 'the same walk, at night') =>
	generate('seedance-2-5', prompt, {
		waitForCompletion: wait,
		additionalFields: { referenceVideos: 'clip', resolution: '480p', duration: 5 },
		options: quickPoll({ download: false, ...options }),
	});

/** No submit was answered 409: the request ID was never reused with other inputs. */
function expectNoConflict(fake: FakeMeiGen): void {
	expect(submits(fake).filter((submit) => submit.status === 409)).toEqual([]);
}

describe('Retry On Fail after the upload: the job is continued, not paid again', () => {
	const fake = useFakeMeiGen();

	it('a status poll that fails: the second try finds the job by its request ID and waits for it', async () => {
		fake().inject({
			route: 'status',
			status: 404,
			body: { success: false, error: 'Generation not found', code: 'not_found' },
		});
		const run = await runMeiGen(fake(), fromClip(), {
			items: clipItem(tinyMp4(3)),
			node: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});

		expect(run.status).toBe('success');
		expect(presigns(fake())).toHaveLength(1);
		expect(fake().storagePuts).toHaveLength(1);
		expect(submits(fake())).toHaveLength(1);
		expect(lookups(fake()).map((lookup) => lookup.status)).toEqual([404, 200]);
		expect(lookups(fake())[1].path).toContain(keyOf(submits(fake())[0]) ?? 'no key');
		expect(fake().chargedJobs()).toBe(1);
		expectNoConflict(fake());
		expect(run.items[0].json).toMatchObject({
			status: 'completed',
			generationId: onlyJob(fake()).id,
		});
	});

	it('submit answers that are lost: the second try finds the job instead of uploading again', async () => {
		// Each answer is lost after the job was created and charged; the node's own retries run out
		// at its 1 s timeout, so n8n's Retry On Fail runs the node again.
		fake().setJobDuration('seedance-2-5', 60_000);
		fake().inject({ route: 'submit', kind: 'drop', afterProcessing: true, times: 3 });
		const run = await runMeiGen(fake(), fromClip({ waitTimeout: 1 }, false), {
			items: clipItem(tinyMp4(3)),
			node: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
		});

		expect(run.status).toBe('success');
		expect(presigns(fake())).toHaveLength(1);
		expect(fake().storagePuts).toHaveLength(1);
		expect(new Set(submits(fake()).map(keyOf)).size).toBe(1);
		expect(fake().chargedJobs()).toBe(1);
		expectNoConflict(fake());
		expect(run.items[0].json).toMatchObject({
			generationId: onlyJob(fake()).id,
			status: 'processing',
		});
	});

	it('a storage PUT that fails: nothing was submitted, so the second try uploads again and pays once', async () => {
		fake().inject({ route: 'storage', status: 500 });
		const run = await runMeiGen(fake(), fromClip({}, false), {
			items: clipItem(tinyMp4(3)),
			node: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});

		expect(run.status).toBe('success');
		expect(fake().storagePuts.map((put) => put.status)).toEqual([500, 200]);
		expect(submits(fake())).toHaveLength(1);
		expect(submits(fake())[0].body).toMatchObject({ referenceVideos: storedUrls(fake()) });
		expect(fake().chargedJobs()).toBe(1);
	});

	it('a storage PUT that fails without Retry On Fail: the error says the upload failed and nothing was submitted', async () => {
		// Every try fails, whatever the node's own retries.
		fake().inject({
			route: 'storage',
			status: 503,
			times: 10,
			body: { error: 'storage is down for maintenance' },
		});
		const run = await runMeiGen(fake(), fromClip({}, false), { items: clipItem(tinyMp4(3)) });

		expect(run.status).toBe('error');
		const error = run.nodeError('MeiGen');
		const text = `${error?.message} ${error?.description}`;
		expect(text).toContain('upload storage refused the file');
		expect(text).toContain('storage is down for maintenance');
		expect(text).not.toContain('[object Object]');
		// No job exists: nothing was submitted, so there is nothing to resume.
		expect(text).not.toContain('The job exists');
		expect(submits(fake())).toEqual([]);
		expect(fake().jobs.size).toBe(0);
	});

	it('a storage 5xx once is retried by the node itself: the item succeeds without Retry On Fail', async () => {
		fake().inject({ route: 'storage', status: 503 });
		const run = await runMeiGen(fake(), fromClip({}, false), { items: clipItem(tinyMp4(3)) });

		expect(run.status).toBe('success');
		expect(fake().storagePuts.map((put) => put.status)).toEqual([503, 200]);
		expect(submits(fake())[0].body).toMatchObject({ referenceVideos: storedUrls(fake()) });
		expect(fake().chargedJobs()).toBe(1);
	});

	it('an API key without purchased credits: the presign answers 402, nothing is PUT or submitted', async () => {
		fake().credits.purchased = 0;
		const run = await runMeiGen(fake(), fromClip({}, false), { items: clipItem(tinyMp4(3)) });

		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toContain('Not enough purchased MeiGen credits');
		expect(presigns(fake()).map((request) => request.status)).toEqual([402]);
		expect(fake().storagePuts).toEqual([]);
		expect(submits(fake())).toEqual([]);
	});

	it('a lost presign answer is asked again; the file is PUT once', async () => {
		fake().inject({ route: 'upload', kind: 'drop', afterProcessing: true });
		const run = await runMeiGen(fake(), fromClip({}, false), { items: clipItem(tinyMp4(3)) });

		expect(run.status).toBe('success');
		expect(presigns(fake()).map((request) => request.status)).toEqual([0, 200]);
		expect(fake().storagePuts).toHaveLength(1);
		expect(fake().chargedJobs()).toBe(1);
	});
});

describe.each<BinaryMode>(['default', 'filesystem'])(
	"The request ID follows the clip's content (%s binary mode)",
	(binaryMode) => {
		const fake = useFakeMeiGen();
		const once = fromClip({ payOncePerInput: true }, false);

		it('the same bytes again (another file name, another execution): the same request ID, the job already paid for', async () => {
			const bytes = tinyMp4(3, { seed: 'same' });
			const first = await runMeiGen(fake(), once, {
				binaryMode,
				items: clipItem(bytes, 'take-1.mp4'),
			});
			const second = await runMeiGen(fake(), once, {
				binaryMode,
				items: clipItem(Buffer.from(bytes), 'take-2.mp4'),
			});

			expect(first.status).toBe('success');
			expect(second.status).toBe('success');
			expect(second.items[0].json.requestId).toBe(first.items[0].json.requestId);
			expect(second.items[0].json.generationId).toBe(first.items[0].json.generationId);
			// The second execution found the job: no second upload, no second submit.
			expect(presigns(fake())).toHaveLength(1);
			expect(fake().storagePuts).toHaveLength(1);
			expect(submits(fake())).toHaveLength(1);
			expect(fake().chargedJobs()).toBe(1);
		});

		it('other bytes: another request ID, uploaded and paid for anew', async () => {
			const first = await runMeiGen(fake(), once, {
				binaryMode,
				items: clipItem(tinyMp4(3, { seed: 'one' })),
			});
			const second = await runMeiGen(fake(), once, {
				binaryMode,
				items: clipItem(tinyMp4(3, { seed: 'two' })),
			});

			expect(second.items[0].json.requestId).not.toBe(first.items[0].json.requestId);
			expect(fake().storagePuts).toHaveLength(2);
			expect(fake().chargedJobs()).toBe(2);
			expectNoConflict(fake());
		});
	},
);

describe('Errors after an upload name what was uploaded', () => {
	const fake = useFakeMeiGen();

	it('a submit MeiGen refuses after the upload: the error names the file and its URL, kept 7 days', async () => {
		fake().inject({
			route: 'submit',
			status: 400,
			body: {
				success: false,
				code: 'invalid_reference_video',
				error: 'The clip could not be read',
			},
		});
		const run = await runMeiGen(fake(), fromClip({}, false), { items: clipItem(tinyMp4(3)) });

		expect(run.status).toBe('error');
		const error = run.nodeError('MeiGen');
		expect(submits(fake()).map((submit) => submit.status)).toEqual([400]);
		const [url] = storedUrls(fake());
		expect(error?.description).toContain(`clip → ${url}`);
		expect(error?.description).toContain('Uploaded to MeiGen before this (kept 7 days)');
		// MeiGen refused the submit: no job exists to resume.
		expect(error?.description).not.toContain('The job exists');
		expect(fake().chargedJobs()).toBe(0);
	});

	it('a job that fails after the upload: the error names the job and the upload', async () => {
		const run = await runMeiGen(fake(), fromClip({}, true, 'a walk [fail]'), {
			items: clipItem(tinyMp4(3)),
		});

		expect(run.status).toBe('error');
		const error = run.nodeError('MeiGen');
		const job = onlyJob(fake());
		expect(error?.description).toContain(job.id);
		expect(error?.description).toContain(`clip → ${storedUrls(fake())[0]}`);
	});
});
