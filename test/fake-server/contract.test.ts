/**
 * The fake answers in the shapes MeiGen's docs show: for each documented example, the fake's
 * answer to the same request has every field the example has, with the same type (a `null` in
 * the example allows anything), at every depth. Extra fields are allowed, as MeiGen adds them.
 */
import { randomUUID } from 'node:crypto';

import { fixture } from '../unit/contract/fixtures';
import { TEST_API_KEY, startFakeMeiGen, type FakeMeiGen } from '.';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function kind(value: Json): string {
	if (value === null) return 'null';
	return Array.isArray(value) ? 'array' : typeof value;
}

/** Where `actual` lacks a field of `example`, or has it with another type: `path: why`. */
function differences(example: Json, actual: Json, path = '$'): string[] {
	if (example === null) return [];
	if (kind(example) !== kind(actual)) return [`${path}: ${kind(actual)}, not ${kind(example)}`];
	if (Array.isArray(example) && Array.isArray(actual)) {
		return example.length && actual.length ? differences(example[0], actual[0], `${path}[0]`) : [];
	}
	if (kind(example) !== 'object') return [];
	const have = actual as Record<string, Json>;
	return Object.entries(example as Record<string, Json>).flatMap(([key, value]) =>
		key in have ? differences(value, have[key], `${path}.${key}`) : [`${path}.${key}: missing`],
	);
}

let fake: FakeMeiGen;
beforeAll(async () => {
	fake = await startFakeMeiGen({ jobDurations: { 'nanobanana-2': 300, 'seedance-2-5': 300 } });
});
afterAll(async () => await fake.close());
beforeEach(() => fake.reset());

async function call(method: string, path: string, body?: unknown): Promise<[number, Json]> {
	const res = await fetch(`${fake.apiUrl}${path}`, {
		method,
		headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TEST_API_KEY}` },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return [res.status, (await res.json()) as Json];
}

const submit = async (body: Record<string, unknown>) =>
	(await call('POST', '/generate/v2', { idempotencyKey: randomUUID(), ...body }))[1] as Record<
		string,
		Json
	>;

async function settled(id: Json): Promise<Json> {
	for (;;) {
		const [, status] = await call('GET', `/generate/v2/status/${String(id)}`);
		if ((status as { status?: string }).status !== 'processing') return status;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

describe("The fake's answers have the shapes of MeiGen's documented examples", () => {
	it('POST /generate/v2', async () => {
		const answer = await submit({ prompt: 'a lighthouse', modelId: 'nanobanana-2' });
		expect(differences(fixture('docs/generate.submit-200'), answer)).toEqual([]);
	});

	it('the status of a job processing, an image, a video, a failure', async () => {
		const image = await submit({ prompt: 'a lighthouse', modelId: 'nanobanana-2' });
		const [, processing] = await call('GET', `/generate/v2/status/${String(image.generationId)}`);
		expect(differences(fixture('docs/generate.status-processing'), processing)).toEqual([]);
		const done = await settled(image.generationId);
		expect(differences(fixture('docs/generate.status-completed-image'), done)).toEqual([]);

		const video = await submit({ prompt: 'waves', modelId: 'seedance-2-5', aspectRatio: '16:9' });
		const clip = await settled(video.generationId);
		expect(differences(fixture('docs/generate.status-completed-video'), clip)).toEqual([]);

		const failed = await submit({ prompt: 'flagged [fail]', modelId: 'nanobanana-2' });
		const refused = await settled(failed.generationId);
		expect(differences(fixture('docs/generate.status-failed'), refused)).toEqual([]);
	});

	it('GET /models: each documented model entry', async () => {
		const [, answer] = await call('GET', '/models');
		const example = fixture<{ models: Array<{ id: string } & Json> }>('docs/models.list-200');
		const models = (answer as { models: Array<{ id: string } & Json> }).models;
		expect(differences({ success: true }, answer)).toEqual([]);
		for (const entry of example.models) {
			const ours = models.find((model) => model.id === entry.id);
			expect([entry.id, ours === undefined]).toEqual([entry.id, false]);
			expect(differences(entry, ours as Json)).toEqual([]);
		}
	});

	it("errors: an aspect ratio the model lacks, a reference that is no URL, credits that don't suffice", async () => {
		const [ratioStatus, ratio] = await call('POST', '/generate/v2', {
			prompt: 'p',
			modelId: 'veo-3.1',
			aspectRatio: '1:1',
		});
		expect(ratioStatus).toBe(400);
		expect(differences(fixture('docs/introduction.400-unsupported-aspect-ratio'), ratio)).toEqual(
			[],
		);
		expect((ratio as { code?: string }).code).toBeUndefined();

		const [urlStatus, url] = await call('POST', '/generate/v2', {
			prompt: 'p',
			modelId: 'nanobanana-2',
			referenceImages: ['C:/Users/me/ref.png'],
		});
		expect(urlStatus).toBe(400);
		expect(differences(fixture('docs/introduction.400-invalid-reference-url'), url)).toEqual([]);

		fake.credits.purchased = 4;
		const [creditsStatus, credits] = await call('POST', '/generate/v2', {
			prompt: 'p',
			modelId: 'midjourney-v8.1',
		});
		expect(creditsStatus).toBe(402);
		expect(differences(fixture('docs/introduction.402-premium-model-paywall'), credits)).toEqual(
			[],
		);
	});

	it('GET /images/:id: a gallery record, and one that does not exist', async () => {
		const [, record] = await call('GET', '/images/img_123');
		expect(differences(fixture('docs/images.get-200'), record)).toEqual([]);
		const [missingStatus, missing] = await call('GET', '/images/nope');
		expect(missingStatus).toBe(404);
		expect(differences(fixture('docs/images.404'), missing)).toEqual([]);
	});

	it("GET /generate/v2/requests/{key}: as MeiGen's client is tested (the docs show none)", async () => {
		const key = randomUUID();
		const job = await submit({ prompt: 'kept', modelId: 'nanobanana-2', idempotencyKey: key });
		await settled(job.generationId);
		const [, found] = await call('GET', `/generate/v2/requests/${key}`);
		expect(differences(fixture('client/requests.200-completed'), found)).toEqual([]);
		const [status, none] = await call('GET', `/generate/v2/requests/${randomUUID()}`);
		expect(status).toBe(404);
		expect(none).toMatchObject(fixture('client/requests.404-request_not_found'));
	});

	it("POST /skills/{skill}/run: as MeiGen's client is tested (the docs show none)", async () => {
		const productImage = 'https://images.meigen.ai/products/mug.png';
		const runs = [
			['white-bg', { mode: 'white', productImage }, 'client/skills.white-bg.run-200'],
			['brand-poster', { brand: 'Acme' }, 'client/skills.brand-poster.run-200'],
		] as const;
		for (const [skill, body, example] of runs) {
			const [status, answer] = await call('POST', `/skills/${skill}/run`, {
				requestId: randomUUID(),
				...body,
			});
			expect({ skill, status, shape: differences(fixture(example), answer) }).toEqual({
				skill,
				status: 200,
				shape: [],
			});
		}
	});

	it('the shape check itself finds a missing field and a wrong type', () => {
		expect(differences({ a: 1, b: { c: 'x' } }, { a: '1', b: {} })).toEqual([
			'$.a: string, not number',
			'$.b.c: missing',
		]);
	});
});
