import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';

import {
	FAILED_JOB_ERROR,
	TEST_API_KEY,
	TEST_OTHER_ACCOUNT_KEY,
	TEST_SESSION_TOKEN,
	expectedMediaBytes,
	expectedMediaSha256,
	startFakeMeiGen,
	type FakeMeiGen,
} from '.';

interface Answer {
	status: number;
	headers: Headers;
	body: Record<string, unknown> & { models?: Array<Record<string, unknown>> };
}

let fake: FakeMeiGen;

beforeAll(async () => {
	fake = await startFakeMeiGen({
		jobDurations: { 'flux2-klein': 50, 'midjourney-v8.1': 80, 'seedance-2-0': 80 },
	});
});
afterAll(async () => await fake.close());
beforeEach(() => fake.reset());

async function call(
	method: string,
	path: string,
	body?: unknown,
	token: string | null = TEST_API_KEY,
): Promise<Answer> {
	const res = await fetch(`${fake.apiUrl}${path}`, {
		method,
		headers: {
			'Content-Type': 'application/json',
			...(token ? { Authorization: `Bearer ${token}` } : {}),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'] };
}

async function waitFor(id: string, token = TEST_API_KEY): Promise<Answer> {
	for (;;) {
		const answer = await call('GET', `/generate/v2/status/${id}`, undefined, token);
		if (answer.body.status !== 'processing') return answer;
		await new Promise((r) => setTimeout(r, 20));
	}
}

describe('models', () => {
	it('lists active models by default, filters by media type, and includes inactive with active=false', async () => {
		const all = (await call('GET', '/models', undefined, null)).body.models ?? [];
		expect(all.map((m) => m.id)).toEqual(
			expect.arrayContaining([
				'flux2-klein',
				'nanobanana-2',
				'midjourney-v8.1',
				'seedance-2-0',
				'veo-3.1',
			]),
		);
		expect(all.some((m) => m.is_active === false)).toBe(false);
		const videos =
			(await call('GET', '/models?media_type=video', undefined, null)).body.models ?? [];
		expect(videos.every((m) => m.media_type === 'video')).toBe(true);
		const withInactive =
			(await call('GET', '/models?active=false', undefined, null)).body.models ?? [];
		expect(withInactive.length).toBeGreaterThan(all.length);
	});

	it("follows MeiGen's current list: z-image-turbo is retired, flux2-klein is the default image model", async () => {
		const all = (await call('GET', '/models?active=false', undefined, null)).body.models ?? [];
		expect(all.map((m) => m.id)).not.toContain('z-image-turbo');
		expect(all.filter((m) => m.is_default).map((m) => [m.media_type, m.id])).toEqual([
			['image', 'flux2-klein'],
			['video', 'seedance-2-5'],
		]);
		expect(
			all.every(
				(m) =>
					typeof (m.capabilities as { video?: { valid?: unknown } }).video?.valid === 'boolean',
			),
		).toBe(true);
		expect(
			(await call('POST', '/generate/v2', { prompt: 'p', modelId: 'z-image-turbo' })).body.code,
		).toBe('invalid_model');
		const submitted = await call('POST', '/generate/v2', { prompt: 'p' });
		expect(submitted.body).toMatchObject({ modelId: 'flux2-klein', creditsUsed: 1 });
	});
});

describe('submit', () => {
	it('authenticates, charges purchased credits for an API key, and completes with CDN URLs', async () => {
		expect((await call('POST', '/generate/v2', { prompt: 'x' }, 'meigen_sk_wrong')).status).toBe(
			401,
		);
		const submitted = await call('POST', '/generate/v2', {
			prompt: 'a cat',
			modelId: 'midjourney-v8.1',
			someFutureField: 1,
		});
		expect(submitted.body).toMatchObject({
			success: true,
			status: 'processing',
			creditsUsed: 10,
			modelId: 'midjourney-v8.1',
			aspectRatio: 'auto',
		});
		expect(fake.credits).toEqual({ daily: 50, purchased: 990 });
		const done = await waitFor(String(submitted.body.generationId));
		expect(done.body.status).toBe('completed');
		const urls = done.body.imageUrls as string[];
		expect(urls).toHaveLength(4);
		expect(urls[0].startsWith(`${fake.cdnUrl}/media/`)).toBe(true);
	});

	it('validates inputs with the documented codes', async () => {
		const codeOf = async (body: object) => (await call('POST', '/generate/v2', body)).body.code;
		expect(await codeOf({})).toBe('invalid_input');
		expect(await codeOf({ prompt: 'p', idempotencyKey: 'order-17' })).toBe('invalid_input');
		expect(await codeOf({ prompt: 'p', modelId: 'nope' })).toBe('invalid_model');
		expect(await codeOf({ prompt: 'p', modelId: 'nanobanana-2', resolution: '3K' })).toBe(
			'unsupported_resolution',
		);
		expect(await codeOf({ prompt: 'p', modelId: 'gpt-image-2.5', quality: 'ultra' })).toBe(
			'unsupported_quality',
		);
		expect(await codeOf({ prompt: 'p', modelId: 'seedance-2-0', duration: 7 })).toBe(
			'unsupported_duration',
		);
		expect(await codeOf({ prompt: 'p', modelId: 'seedance-2-0', tier: 'max' })).toBe(
			'unsupported_tier',
		);
		expect(
			await codeOf({
				prompt: 'p',
				modelId: 'nanobanana-2',
				referenceImages: ['file:///etc/passwd'],
			}),
		).toBe('invalid_reference_url');
		expect(
			await codeOf({
				prompt: 'p',
				modelId: 'nanobanana-2',
				referenceImages: Array(5).fill('https://x.test/a.png'),
			}),
		).toBe('too_many_references');
		const ratio = await call('POST', '/generate/v2', {
			prompt: 'p',
			modelId: 'veo-3.1',
			aspectRatio: '1:1',
		});
		// As MeiGen's docs show it: no code, the ratios the model takes.
		expect(ratio.body).toEqual({
			success: false,
			error: 'Aspect ratio 1:1 is not supported by Veo 3.1',
			supportedRatios: ['16:9', '9:16'],
		});
		expect(
			(await call('POST', '/generate/v2', { prompt: 'p', modelId: 'restricted-model' })).status,
		).toBe(403);
		expect(fake.chargedJobs()).toBe(0);
	});

	it('records data-URL reference images as bytes', async () => {
		const png = expectedMediaBytes('ref', 0, 'png');
		const answer = await call('POST', '/generate/v2', {
			prompt: 'p',
			modelId: 'nanobanana-2',
			referenceImages: [
				`data:image/png;base64,${png.toString('base64')}`,
				'https://example.com/a.jpg',
			],
		});
		const job = fake.jobs.get(String(answer.body.generationId));
		expect(job?.referenceImages[0]).toEqual({ kind: 'data', mime: 'image/png', bytes: png });
		expect(job?.referenceImages[1]).toEqual({ kind: 'url', url: 'https://example.com/a.jpg' });
	});

	it('dedupes the same key + inputs and answers 409 for different inputs', async () => {
		const key = randomUUID();
		const first = await call('POST', '/generate/v2', {
			prompt: 'a',
			idempotencyKey: key,
			aspectRatio: '1:1',
		});
		const again = await call('POST', '/generate/v2', {
			aspectRatio: '1:1',
			idempotencyKey: key,
			prompt: 'a',
		});
		expect(again.body).toMatchObject({ generationId: first.body.generationId, deduped: true });
		const conflict = await call('POST', '/generate/v2', { prompt: 'b', idempotencyKey: key });
		expect(conflict.status).toBe(409);
		// MeiGen's 409 names no job: the key's job is found through /requests/{key}.
		expect(conflict.body.code).toBe('idempotency_conflict');
		expect(conflict.body.generationId).toBeUndefined();
		expect(fake.chargedJobs()).toBe(1);
		const recovered = await call('GET', `/generate/v2/requests/${key.toUpperCase()}`);
		expect(recovered.body).toMatchObject({
			requestId: key,
			generationId: first.body.generationId,
			deduped: true,
			jobId: first.body.generationId,
		});
		expect((await call('GET', `/generate/v2/requests/${randomUUID()}`)).body.code).toBe(
			'request_not_found',
		);
		expect(
			(await call('GET', `/generate/v2/requests/${randomUUID()}`, undefined, 'bad')).status,
		).toBe(401);
	});

	it('answers 402 with required/available; session tokens spend daily credits first', async () => {
		fake.credits.purchased = 5;
		const poor = await call('POST', '/generate/v2', { prompt: 'p', modelId: 'midjourney-v8.1' });
		expect(poor.status).toBe(402);
		expect(poor.body).toMatchObject({ code: 'insufficient_credits', required: 10, available: 5 });
		const session = await call(
			'POST',
			'/generate/v2',
			{ prompt: 'p', modelId: 'midjourney-v8.1' },
			TEST_SESSION_TOKEN,
		);
		expect(session.status).toBe(200);
		expect(fake.credits).toEqual({ daily: 40, purchased: 5 });
	});

	it('fails [fail] jobs with a refund and keeps [never] jobs processing', async () => {
		const failed = await call('POST', '/generate/v2', { prompt: 'bad [fail]' });
		const never = await call('POST', '/generate/v2', { prompt: 'slow [never]' });
		const end = await waitFor(String(failed.body.generationId));
		expect(end.body).toMatchObject({
			status: 'failed',
			error: FAILED_JOB_ERROR,
			failureCode: 'content_policy_violation',
			creditsStatus: 'refunded',
		});
		expect(fake.credits.purchased).toBe(999); // one refunded, the [never] one still charged
		const pending = await call('GET', `/generate/v2/status/${String(never.body.generationId)}`);
		expect(pending.body).toMatchObject({ status: 'processing', expectedWaitSeconds: 7 });
		expect((await call('GET', `/generate/v2/status/${randomUUID()}`)).body).toEqual({
			success: false,
			error: 'Generation not found',
		});
	});
});

describe('faults', () => {
	it('drops the answer after processing (job exists, charged) and answers later retries normally', async () => {
		fake.inject({ route: 'submit', kind: 'drop', afterProcessing: true });
		const key = randomUUID();
		await expect(
			call('POST', '/generate/v2', { prompt: 'p', idempotencyKey: key }),
		).rejects.toThrow();
		expect(fake.chargedJobs()).toBe(1);
		const retry = await call('POST', '/generate/v2', { prompt: 'p', idempotencyKey: key });
		expect(retry.body.deduped).toBe(true);
		expect(fake.requests.map((r) => [r.status, r.fault])).toEqual([
			[0, 'drop'],
			[200, undefined],
		]);
	});

	it('answers 429 with Retry-After, and delays', async () => {
		fake.inject({
			route: 'status',
			kind: 'status',
			status: 429,
			retryAfter: 2,
			body: { success: false, error: 'Too many requests' },
		});
		fake.inject({ route: 'models', delayMs: 150 });
		const limited = await call('GET', `/generate/v2/status/${randomUUID()}`);
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('2');
		const t0 = Date.now();
		expect((await call('GET', '/models')).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
	});
});

describe('download framings', () => {
	/** GETs a gallery image through a CDN fault: the headers, and the bytes that came before the end or `stopAfter`. */
	function download(
		stopAfter = Infinity,
	): Promise<{ headers: http.IncomingHttpHeaders; bytes: number }> {
		return new Promise((resolve, reject) => {
			http
				.get(`${fake.cdnUrl}/media/img_123/0.png`, (res) => {
					let bytes = 0;
					const done = () => resolve({ headers: res.headers, bytes });
					res.on('data', (chunk: Buffer) => {
						bytes += chunk.length;
						if (bytes >= stopAfter) {
							res.destroy();
							done();
						}
					});
					res.on('end', done);
				})
				.on('error', reject);
		});
	}
	const size = 200 * 1024;

	it('chunked: no Content-Length, the whole body in chunks', async () => {
		fake.inject({ route: 'media', kind: 'chunked', bytes: size });
		const { headers, bytes } = await download();
		expect(headers['content-length']).toBeUndefined();
		expect(headers['transfer-encoding']).toBe('chunked');
		expect(bytes).toBe(size);
	});

	it('untilClose: neither Content-Length nor chunking, the body ends with the connection', async () => {
		fake.inject({ route: 'media', kind: 'untilClose', bytes: size });
		const { headers, bytes } = await download();
		expect(headers['content-length']).toBeUndefined();
		expect(headers['transfer-encoding']).toBeUndefined();
		expect(headers['content-type']).toBe('image/png');
		expect(bytes).toBe(size);
	});

	it('lyingLength: announces the size, sends 1 KiB and stalls', async () => {
		fake.inject({ route: 'media', kind: 'lyingLength', bytes: size });
		const { headers, bytes } = await download(1024);
		expect(Number(headers['content-length'])).toBe(size);
		expect(bytes).toBe(1024);
		expect(fake.cdnRequests.map((r) => [r.status, r.fault])).toEqual([[200, 'lyingLength']]);
	});
});

describe('tokens', () => {
	it('needs a session token, creates usable keys up to the limit, lists masked, revokes', async () => {
		expect((await call('GET', '/tokens')).body).toMatchObject({ code: 'session_required' });
		const created = await call('POST', '/tokens', { name: 'ci' }, TEST_SESSION_TOKEN);
		expect(String(created.body.token)).toMatch(/^meigen_sk_.{32}$/);
		expect((await call('GET', '/models', undefined, String(created.body.token))).status).toBe(200);
		const list = (await call('GET', '/tokens', undefined, TEST_SESSION_TOKEN))
			.body as unknown as Array<Record<string, unknown>>;
		expect(list).toHaveLength(2);
		expect(String(list[1].token_value)).toMatch(/^meigen_sk_.{4}\.\.\.\*\*\*\*$/);
		for (const name of ['b', 'c', 'd']) await call('POST', '/tokens', { name }, TEST_SESSION_TOKEN);
		expect((await call('POST', '/tokens', { name: 'f' }, TEST_SESSION_TOKEN)).body.code).toBe(
			'token_limit_reached',
		);
		expect(
			(await call('DELETE', `/tokens/${String(created.body.id)}`, undefined, TEST_SESSION_TOKEN))
				.body,
		).toEqual({ success: true });
		expect(
			(await call('POST', '/generate/v2', { prompt: 'p' }, String(created.body.token))).status,
		).toBe(401);
		expect((await call('DELETE', '/tokens/nope', undefined, TEST_SESSION_TOKEN)).status).toBe(404);
	});
});

describe('CDN and gallery', () => {
	it('serves deterministic PNG bytes with headers and never needs auth', async () => {
		const record = await call('GET', '/images/img_set', undefined, null);
		const data = record.body.data as { media_urls: string[] };
		expect(data.media_urls).toHaveLength(2);
		const res = await fetch(data.media_urls[1]);
		const bytes = Buffer.from(await res.arrayBuffer());
		expect(res.headers.get('content-type')).toBe('image/png');
		expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
		expect(bytes.equals(expectedMediaBytes('img_set', 1, 'png'))).toBe(true);
		expect(bytes.equals(expectedMediaBytes('img_set', 0, 'png'))).toBe(false);
		expect(fake.cdnRequests[0].headers.authorization).toBeUndefined();
		expect((await call('GET', '/images/img_legacy', undefined, null)).body).toMatchObject({
			id: 'img_legacy',
			status: 'completed',
		});
		expect((await call('GET', '/images/missing', undefined, null)).body).toEqual({
			success: false,
			error: 'Image not found',
		});
	});

	it('streams large videos and supports a redirect fault', async () => {
		const size = 5 * 1024 * 1024 + 7;
		fake.setVideoBytes(size);
		const submitted = await call('POST', '/generate/v2', {
			prompt: 'v',
			modelId: 'seedance-2-0',
			duration: 5,
		});
		const done = await waitFor(String(submitted.body.generationId));
		const res = await fetch(String(done.body.videoUrl));
		const bytes = Buffer.from(await res.arrayBuffer());
		expect(res.headers.get('content-type')).toBe('video/mp4');
		expect(bytes.length).toBe(size);
		expect(bytes.subarray(4, 8).toString('ascii')).toBe('ftyp');
		expect(createHash('sha256').update(bytes).digest('hex')).toBe(
			expectedMediaSha256(String(submitted.body.generationId), 0, 'mp4', size),
		);

		fake.inject({ route: 'media', kind: 'redirect', location: 'file:///etc/passwd' });
		const status = await new Promise<{ code?: number; location?: string }>((resolve) =>
			http.get(String(done.body.videoUrl), (r) => {
				r.resume();
				resolve({ code: r.statusCode, location: r.headers.location });
			}),
		);
		expect(status).toEqual({ code: 302, location: 'file:///etc/passwd' });
	});
});

describe('The fake knows only what MeiGen can know, and answers in its documented shapes', () => {
	const submit = async (body: Record<string, unknown>, token?: string) =>
		await call('POST', '/generate/v2', body, token);
	const status = async (id: unknown) => await call('GET', `/generate/v2/status/${String(id)}`);

	it('the hint counts down on its own from the submission, whatever the job does', async () => {
		fake.setJobDuration('nanobanana-2', 60_000);
		const early = await submit({ prompt: 'soon', modelId: 'nanobanana-2' });
		const first = await status(early.body.generationId);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const later = await status(early.body.generationId);
		const hint = Number(first.body.pollHintSeconds);
		// MeiGen's window, not the job's end (a minute away): the fake can't know that.
		expect(hint).toBeGreaterThan(60);
		expect(Number(later.body.pollHintSeconds)).toBeLessThan(hint);
		// The estimate is the model's, the same whatever the job's real time.
		expect(first.body.expectedWaitSeconds).toBe(20);
	});

	it("jobs take more or less than their model's time, in turn", async () => {
		const durations: number[] = [];
		for (let n = 0; n < 5; n++) {
			const answer = await submit({ prompt: `job ${n}`, modelId: 'nanobanana-2' });
			durations.push(fake.jobs.get(String(answer.body.generationId))?.durationMs ?? 0);
		}
		expect(new Set(durations).size).toBe(5);
		expect(Math.min(...durations)).toBeLessThan(Math.max(...durations) * 0.5);
	});

	it('knobs: null estimates, and a completed job whose media come later', async () => {
		fake.omitEstimates();
		fake.setJobDuration('nanobanana-2', 60_000);
		const slow = await submit({ prompt: 'slow', modelId: 'nanobanana-2' });
		expect((await status(slow.body.generationId)).body).toMatchObject({
			status: 'processing',
			expectedWaitSeconds: null,
			pollHintSeconds: null,
		});

		fake.setJobDuration('nanobanana-2', 50);
		fake.delayMediaUrls(400);
		const quick = await submit({ prompt: 'quick', modelId: 'nanobanana-2' });
		await new Promise((resolve) => setTimeout(resolve, 150));
		expect((await status(quick.body.generationId)).body).toMatchObject({
			status: 'completed',
			imageUrl: null,
			imageUrls: null,
		});
		await new Promise((resolve) => setTimeout(resolve, 400));
		const done = await status(quick.body.generationId);
		expect(String(done.body.imageUrl).startsWith(`${fake.cdnUrl}/media/`)).toBe(true);
	});

	it('keys are UUIDs kept per account: another account neither finds nor reuses one', async () => {
		const key = randomUUID();
		await submit({ prompt: 'mine', idempotencyKey: key });
		const lookup = await call(
			'GET',
			`/generate/v2/requests/${key}`,
			undefined,
			TEST_OTHER_ACCOUNT_KEY,
		);
		expect(lookup).toMatchObject({ status: 404, body: { code: 'request_not_found' } });
		const reuse = await submit({ prompt: 'mine', idempotencyKey: key }, TEST_OTHER_ACCOUNT_KEY);
		expect(reuse).toMatchObject({ status: 409, body: { code: 'request_id_collision' } });
		expect(fake.chargedJobs()).toBe(1);
	});

	it("a model's tier resolutions win over its lagging `resolutions`", async () => {
		const json = fake.models.find((model) => model.json.id === 'seedance-2-0')?.json;
		expect(json?.extra_config.resolutions).not.toContain('1080p');
		const pro = await submit({
			prompt: 'waves',
			modelId: 'seedance-2-0',
			tier: 'pro',
			resolution: '1080p',
			aspectRatio: '16:9',
		});
		expect(pro.status).toBe(200);
	});

	it('faults: an HTML 404 from a proxy, a date Retry-After, and a read that never answers', async () => {
		fake.inject({ route: 'requests', status: 404, text: '<html>Not Found</html>' });
		const html = await fetch(`${fake.apiUrl}/generate/v2/requests/${randomUUID()}`, {
			headers: { Authorization: `Bearer ${TEST_API_KEY}` },
		});
		expect(html.status).toBe(404);
		expect(html.headers.get('content-type')).toContain('text/html');
		expect(await html.text()).toBe('<html>Not Found</html>');

		const date = new Date(Date.now() + 4000).toUTCString();
		fake.inject({ route: 'status', status: 429, headers: { 'Retry-After': date } });
		expect((await status('x')).headers.get('retry-after')).toBe(date);

		fake.inject({ route: 'status', kind: 'hang' });
		const hung = await fetch(`${fake.apiUrl}/generate/v2/status/x`, {
			headers: { Authorization: `Bearer ${TEST_API_KEY}` },
			signal: AbortSignal.timeout(300),
		}).catch((error: unknown) => error);
		expect((hung as { name?: string }).name).toBe('TimeoutError');
		expect(fake.requests[fake.requests.length - 1].status).toBeUndefined();
	});
});
