/**
 * MeiGen as MeiGen documents it (its API docs and its own client): what a user with a real key
 * meets, through n8n-core's WorkflowExecute against the fake. Pacing and the park loop are in
 * waiting.test.ts and parking.test.ts, Skill receipts in skill.recovery.test.ts.
 */
import type { IBinaryData, INodeParameters } from 'n8n-workflow';

import { TEST_SESSION_TOKEN, expectedMediaBytes, type FakeMeiGen } from '../../fake-server';
import { chain, meiGenNode, runWorkflow, startNode } from '../../harness';
import {
	binaryOf,
	expectStoppedCleanly,
	generate,
	imageItem,
	keyOf,
	lookups,
	onlyJob,
	presigns,
	quickPoll,
	runMeiGen,
	skill,
	skillRunPosts,
	skillUploadPosts,
	submitOnly,
	submits,
	TEST_API_KEY,
	tinyMp4,
	useFakeMeiGen,
} from './setup';

const HOSTED = 'https://images.meigen.ai/products/mug.png';

function statusReads(fake: FakeMeiGen) {
	return fake.requestsTo('GET', '/generate/v2/status');
}

/** A video submit on seedance-2-5 with a reference clip from the item's binary field `clip`. */
const withClip = (options: INodeParameters = {}) =>
	generate('seedance-2-5', 'the same walk, at night', {
		waitForCompletion: false,
		additionalFields: { resolution: '480p', duration: 5, referenceVideos: 'clip' },
		options,
	});
const clipItem = () => ({ json: {}, binary: { clip: binaryOf(tinyMp4(4), 'video/mp4') } });

describe('Answers are checked before they are believed', () => {
	const fake = useFakeMeiGen();

	it('a 200 without success: true is no job: the key is looked up, and the job it made continued, paid once', async () => {
		fake().inject({
			route: 'submit',
			status: 200,
			body: { success: false, error: 'try again' },
			afterProcessing: true,
		});
		const run = await runMeiGen(fake(), submitOnly('odd answer'));

		expect(run.status).toBe('success');
		expect(submits(fake())).toHaveLength(1);
		expect(lookups(fake())).toHaveLength(1);
		expect(run.items[0].json.generationId).toBe(onlyJob(fake()).id);
		expect(fake().chargedJobs()).toBe(1);
	});

	it('a Skill run answered 200 without success: true, with no run behind it: sent again under the same Request ID, paid once', async () => {
		fake().inject({ route: 'skillRun', status: 200, body: { success: false, error: 'try again' } });
		const run = await runMeiGen(
			fake(),
			skill('aiBackground', { imageSource: 'url', imageUrl: HOSTED, mode: 'white' }),
		);

		expect(run.status).toBe('success');
		expect(run.items[0].json).toMatchObject({ status: 'completed' });
		const requestIds = skillRunPosts(fake()).map(
			(post) => (post.body as { requestId?: unknown }).requestId,
		);
		expect(requestIds).toEqual([expect.any(String), requestIds[0]]);
		expect(fake().skillCharges().runs).toBe(1);
	});

	it('a 200 without a generation ID, with no job behind it: sent again under the same key', async () => {
		fake().inject({ route: 'submit', status: 200, body: { success: true } });
		const run = await runMeiGen(fake(), submitOnly('no id'));

		expect(run.status).toBe('success');
		const posts = submits(fake());
		expect(posts).toHaveLength(2);
		expect(keyOf(posts[1])).toBe(keyOf(posts[0]));
		expect(lookups(fake()).map((lookup) => lookup.status)).toEqual([404]);
		expect(fake().chargedJobs()).toBe(1);
	});

	it("a proxy's HTML 404 on the look-up proves nothing: nothing is uploaded or submitted", async () => {
		fake().inject({ route: 'requests', status: 404, text: '<html>Not Found</html>' });
		const run = await runMeiGen(fake(), withClip(), { items: [clipItem()] });

		expect(run.status).toBe('error');
		const error = run.nodeError('MeiGen');
		expect(error?.message).toContain('request lookup is not available');
		expect(error?.description).toContain('did not submit it again');
		expect(presigns(fake())).toEqual([]);
		expect(submits(fake())).toEqual([]);
	});

	it('after a lost answer, a 404 that is not MeiGen\'s "no request" sends nothing again', async () => {
		fake().inject({ route: 'submit', kind: 'drop', afterProcessing: true });
		fake().inject({
			route: 'requests',
			status: 404,
			body: { success: true, code: 'request_not_found' },
		});
		const run = await runMeiGen(fake(), submitOnly('lost, and an odd 404'));

		expect(run.status).toBe('error');
		expect(submits(fake())).toHaveLength(1);
		expect(run.nodeError('MeiGen')?.description).toContain(String(keyOf(submits(fake())[0])));
		expect(fake().chargedJobs()).toBe(1);
	});

	it("a look-up's 402 (refused for credits) and an expired lease say nothing was made: sent again", async () => {
		fake().inject({ route: 'submit', kind: 'drop' });
		fake().inject({
			route: 'requests',
			status: 402,
			body: {
				success: false,
				error: 'Insufficient purchased credits',
				code: 'insufficient_credits',
			},
		});
		const first = await runMeiGen(fake(), submitOnly('refused for credits'));
		expect(first.status).toBe('success');
		expect(submits(fake())).toHaveLength(2);

		fake().inject({ route: 'submit', kind: 'drop' });
		fake().inject({
			route: 'requests',
			status: 503,
			body: { success: false, code: 'in_progress', retryAfterSeconds: 0 },
		});
		const second = await runMeiGen(fake(), submitOnly('lease ran out'));
		expect(second.status).toBe('success');
		expect(submits(fake())).toHaveLength(4);
		expect(fake().chargedJobs()).toBe(2);
	});
});

describe("One rule for what a model takes: the tier's resolutions, else the model's", () => {
	const fake = useFakeMeiGen();

	it('Seedance 2.0 pro at 1080p, which only tierResolutions lists, is sent, priced and charged as quoted', async () => {
		const fields = { tier: 'pro', resolution: '1080p', duration: 5 };
		const quote = await runMeiGen(
			fake(),
			generate('seedance-2-0', 'waves at dusk', { estimateOnly: true, additionalFields: fields }),
		);
		expect(quote.status).toBe('success');
		expect(quote.items[0].json.creditsQuoted).toBe(300);
		expect(submits(fake())).toHaveLength(0);
		const run = await runMeiGen(
			fake(),
			generate('seedance-2-0', 'waves at dusk', {
				waitForCompletion: false,
				additionalFields: fields,
				options: { maxCredits: 300 },
			}),
		);

		expect(run.status).toBe('success');
		expect(submits(fake())).toHaveLength(1);
		expect(onlyJob(fake()).creditsUsed).toBe(300);
	});
});

describe('A time limit on every call', () => {
	const fake = useFakeMeiGen();

	it('a status read that never answers is given up after 15 s and read again', async () => {
		fake().setJobDuration('flux2-klein', 500);
		fake().inject({ route: 'status', kind: 'hang' });
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'a half-open connection', {
				options: quickPoll({ download: false }),
			}),
		);

		expect(run.status).toBe('success');
		const [hung, next] = statusReads(fake());
		expect(hung.status).toBeUndefined();
		expect(next.time - hung.time).toBeGreaterThanOrEqual(15_000);
		expect(next.time - hung.time).toBeLessThan(15_000 + 5000);
		expect(run.items[0].json.status).toBe('completed');
	}, 40_000);

	it('Stop still hangs up a read that never answers, at once', async () => {
		fake().inject({ route: 'status', kind: 'hang', times: 5 });
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'stopped while hung', { options: quickPoll() }),
			{ stopAfterMs: 2500 },
		);

		expectStoppedCleanly(fake(), run);
	});
});

describe('Rate limits and submission slots', () => {
	const fake = useFakeMeiGen();

	it('Retry-After as an HTTP date: the next submit comes then, not after the node’s own delay', async () => {
		const at = new Date(Date.now() + 2000).toUTCString();
		fake().inject({ route: 'submit', status: 429, headers: { 'Retry-After': at } });
		const run = await runMeiGen(fake(), submitOnly('wait until then'));

		expect(run.status).toBe('success');
		const [first, second] = submits(fake());
		expect(second.time).toBeGreaterThanOrEqual(Date.parse(at) - 1000);
		expect(second.time - first.time).toBeLessThan(5000);
	});

	it('at most four submissions in flight, while every item waits at the same time', async () => {
		fake().setJobDuration('flux2-klein', 1500);
		fake().inject({ route: 'submit', delayMs: 800, times: 6 });
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', '={{ $json.prompt }}', { options: quickPoll({ download: false }) }),
			{ items: [1, 2, 3, 4, 5, 6].map((n) => ({ json: { prompt: `item ${n}` } })) },
		);

		expect(run.status).toBe('success');
		expect(run.items).toHaveLength(6);
		const posts = submits(fake()).map((post) => post.time);
		const inFlight = posts.map((time) => posts.filter((t) => t <= time && time < t + 800).length);
		expect(Math.max(...inFlight)).toBe(4);
		// Waits don't take a slot: six 1.5 s jobs are waited for side by side, not one by one.
		const lastRead = Math.max(...statusReads(fake()).map((read) => read.time));
		expect(lastRead - Math.min(...posts)).toBeLessThan(6 * 1500);
	});
});

describe('Inputs MeiGen would refuse are refused first, at no cost', () => {
	const fake = useFakeMeiGen();

	it('a Request ID that is no UUID', async () => {
		const run = await runMeiGen(
			fake(),
			submitOnly('my key', { options: { idempotencyKey: 'order-17' } }),
		);

		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toBe('Request ID is not a UUID: order-17');
		expect(submits(fake())).toEqual([]);
	});

	it('an http:// image URL for a Skill', async () => {
		const run = await runMeiGen(
			fake(),
			skill('removeBackground', { imageSource: 'url', imageUrl: 'http://images.meigen.ai/a.png' }),
		);

		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toContain('is an http:// URL');
		expect(skillRunPosts(fake())).toEqual([]);
		expect(skillUploadPosts(fake())).toEqual([]);
	});

	it('a Skill run over 32 KB', async () => {
		const long = `${HOSTED}?v=${'a'.repeat(33 * 1024)}`;
		const run = await runMeiGen(
			fake(),
			skill('removeBackground', { imageSource: 'url', imageUrl: long }),
		);

		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.message).toContain('MeiGen takes at most 32 KB in one run');
		expect(skillRunPosts(fake())).toEqual([]);
		expect(fake().skillCharges().credits).toBe(0);
	});

	it('Skills with a session token: MeiGen wants an API key, and the error says so', async () => {
		const run = await runMeiGen(
			fake(),
			skill('removeBackground', { imageSource: 'url', imageUrl: HOSTED }),
			{
				apiKey: TEST_SESSION_TOKEN,
			},
		);

		expect(run.status).toBe('error');
		expect(run.nodeError('MeiGen')?.description).toContain('API key (meigen_sk_…)');
		expect(fake().skillCharges().credits).toBe(0);
	});
});

describe('Uploads are reused, and tried again once', () => {
	const fake = useFakeMeiGen();

	it('a submit sent again carries the URL of the first upload, never a new one', async () => {
		fake().inject({ route: 'submit', status: 500 });
		const run = await runMeiGen(fake(), withClip(), { items: [clipItem()] });

		expect(run.status).toBe('success');
		const [first, second] = submits(fake());
		expect(presigns(fake())).toHaveLength(1);
		expect((second.body as { referenceVideos: string[] }).referenceVideos).toEqual(
			(first.body as { referenceVideos: string[] }).referenceVideos,
		);
		expect(fake().chargedJobs()).toBe(1);
	});

	it('a reference clip whose upload keeps failing is tried twice, then reported; nothing is submitted', async () => {
		fake().inject({ route: 'storage', status: 503, times: 5 });
		const run = await runMeiGen(fake(), withClip(), { items: [clipItem()] });

		expect(run.status).toBe('error');
		expect(presigns(fake())).toHaveLength(2);
		expect(fake().storagePuts).toHaveLength(2);
		expect(submits(fake())).toEqual([]);
	});

	it('a Skill image whose upload keeps failing is tried twice, then reported; nothing is run', async () => {
		fake().inject({ route: 'skillUpload', status: 503, times: 5 });
		const run = await runMeiGen(fake(), skill('removeBackground'), { items: [imageItem()] });

		expect(run.status).toBe('error');
		expect(skillUploadPosts(fake())).toHaveLength(2);
		expect(skillRunPosts(fake())).toEqual([]);
	});
});

describe("MeiGen's own results go to a later node as their URL", () => {
	const fake = useFakeMeiGen();

	async function chainOf(second: INodeParameters) {
		const first = meiGenNode(
			generate('nanobanana-2', 'a mug on a table', { options: quickPoll() }),
			{
				name: 'Generate',
			},
		);
		const then = meiGenNode(second, { name: 'Then' });
		const nodes = [startNode(), first, then];
		return await runWorkflow({
			nodes,
			connections: chain(...nodes.map((node) => node.name)),
			credentials: { 'cred-1': { apiKey: TEST_API_KEY, baseUrl: fake().apiUrl } },
		});
	}

	it('Remove Background on a generated image: no upload, the image’s URL', async () => {
		const run = await chainOf(skill('removeBackground', { options: { pollInterval: 1 } }));

		expect(run.status).toBe('success');
		const [job] = [...fake().jobs.values()];
		expect(skillUploadPosts(fake())).toEqual([]);
		expect((skillRunPosts(fake())[0].body as { productImage: string }).productImage).toBe(
			job.mediaUrls[0],
		);
		const out = run.output('Then')[0];
		expect(out.binary?.data.mimeType).toBe('image/png');
	});

	it('a generated image as the next reference image: its URL, not the bytes inline', async () => {
		const run = await chainOf(
			generate('nanobanana-2', 'the same mug, at night', {
				waitForCompletion: false,
				additionalFields: { referenceImageBinaryProperties: 'data' },
			}),
		);

		expect(run.status).toBe('success');
		const [first, second] = [...fake().jobs.values()];
		expect(second.body.referenceImages).toEqual(first.mediaUrls);
	});

	it("a file whose bytes no longer match MeiGen's (an edit) is sent as the bytes it is", async () => {
		const edited = binaryOf(expectedMediaBytes('other', 0, 'png'), 'image/png');
		const data: IBinaryData = {
			...edited,
			meigenUrl: 'https://images.meigen.ai/generations/original.png',
			meigenSha256: 'the hash of the bytes before the edit',
		};
		const run = await runMeiGen(
			fake(),
			generate('nanobanana-2', 'the mug, edited', {
				waitForCompletion: false,
				additionalFields: { referenceImageBinaryProperties: 'data' },
			}),
			{
				items: [{ json: {}, binary: { data } }],
			},
		);

		expect(run.status).toBe('success');
		const references = onlyJob(fake()).body.referenceImages as string[];
		expect(references).toEqual([`data:image/png;base64,${edited.data}`]);
	});
});
