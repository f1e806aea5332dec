/**
 * The node reads MeiGen's answers as MeiGen's docs show them (and, where the docs show none, as
 * MeiGen's own client is tested against): each reader given MeiGen's own example.
 */
import { NodeApiError, type INode } from 'n8n-workflow';

import {
	defaultDuration,
	durationsFor,
	resolutionsFor,
} from '../../../nodes/MeiGen/catalog/modelValues';
import { toNodeError } from '../../../nodes/MeiGen/errors/nodeErrors';
import {
	asSubmitted,
	findGenerationRequest,
	generationWatch,
} from '../../../nodes/MeiGen/generation/api';
import { generationOutcome } from '../../../nodes/MeiGen/generation/result';
import { quoteGeneration } from '../../../nodes/MeiGen/pricing/quote';
import { asRun } from '../../../nodes/MeiGen/skills/api';
import { ApiError } from '../../../nodes/MeiGen/transport/errors';
import type { MeiGenModel, ModelsResponse, StatusResponse } from '../../../nodes/MeiGen/types';
import { fakeApiContext, node } from '../fakeApi';
import { fixture } from './fixtures';

const watch = generationWatch;
const job = { generationId: '550e8400-e29b-41d4-a716-446655440000', requestId: 'req' };

describe("POST /generate/v2 and its status: the docs' examples", () => {
	it('the submit answer counts as a job', () => {
		const answer = asSubmitted(fixture('docs/generate.submit-200'));
		expect(answer).toMatchObject({ generationId: job.generationId, creditsUsed: 6 });
	});

	it('processing: read again, with the estimate; the hint does not end it', () => {
		const status = fixture<StatusResponse>('docs/generate.status-processing');
		expect(watch.isDone(status)).toBe(false);
		expect(watch.estimateMs(status)).toBe(25_000);
		expect(watch.noProgress(status)).toBe(false);
		expect(generationOutcome(node as INode, 0, status, job).state).toBe('processing');
	});

	it('an image completed: its media', () => {
		const status = fixture<StatusResponse>('docs/generate.status-completed-image');
		expect(watch.isDone(status)).toBe(true);
		const outcome = generationOutcome(node as INode, 0, status, job);
		expect(outcome.state === 'completed' && outcome.files.map((file) => file.url)).toEqual([
			'https://images.meigen.ai/generations/xxx.png',
		]);
	});

	it('a video completed: its video', () => {
		const status = fixture<StatusResponse>('docs/generate.status-completed-video');
		const outcome = generationOutcome(node as INode, 0, status, job);
		expect(outcome.state === 'completed' && outcome.files.map((file) => file.url)).toEqual([
			'https://images.meigen.ai/generations/xxx.mp4',
		]);
		expect(outcome.state === 'completed' && outcome.mediaType).toBe('video');
	});

	it('failed: the reason and the refund', () => {
		const status = fixture<StatusResponse>('docs/generate.status-failed');
		const outcome = generationOutcome(node as INode, 0, status, job);
		expect(outcome.state).toBe('failed');
		if (outcome.state !== 'failed') return;
		expect(outcome.error.message).toContain('Content policy violation');
		expect(outcome.error.description).toContain('Credits: refunded');
	});

	it("MeiGen's client: hint 0 is no promise of progress; completed without URLs is read again", () => {
		expect(watch.noProgress(fixture<StatusResponse>('client/status.processing-pollHint-0'))).toBe(
			true,
		);
		const pending = fixture<StatusResponse>('client/status.completed-no-urls');
		expect(watch.isDone(pending)).toBe(false);
		expect(generationOutcome(node as INode, 0, pending, job).state).toBe('processing');
	});
});

describe("GET /models: the docs' example", () => {
	const { models } = fixture<ModelsResponse>('docs/models.list-200');
	const model = (id: string) => models.find((entry) => entry.id === id) as MeiGenModel;

	it('resolutions, durations and the billed default duration', () => {
		expect(resolutionsFor(model('gpt-image-2.5'), undefined)).toEqual(['1K', '2K', '4K']);
		expect(durationsFor(model('seedance-2-5'))).toHaveLength(27);
		expect(defaultDuration(model('seedance-2-5'))).toBe(4);
	});

	// The worked examples of MeiGen's "computing the expected charge".
	it.each([
		['gpt-image-2.5', { resolution: '2K', quality: 'low' }, 6],
		['gpt-image-2.5', { resolution: '4K', quality: 'max' }, 88],
		['seedance-2-5', { resolution: '720p', duration: 5 }, 195],
	] as const)('%s %j → %i credits', (id, fields, credits) => {
		expect(quoteGeneration(model(id), { prompt: 'p', ...fields })?.credits).toBe(credits);
	});

	it('with reference clips: max(clips + output, the minimum) × the with-video rate', () => {
		const quote = quoteGeneration(
			model('seedance-2-5'),
			{ prompt: 'p', resolution: '480p', duration: 5 },
			{ referenceVideoSeconds: [3, 4] },
		);
		expect(quote?.credits).toBe(132);
	});
});

describe("Errors: the docs' examples become errors that say how to get unstuck", () => {
	const describeError = (status: number, name: string) =>
		toNodeError(node as INode, new ApiError(status, fixture(name)), { itemIndex: 0 });

	it('an aspect ratio the model lacks (no code): the field and the ratios it takes', () => {
		const error = describeError(400, 'docs/introduction.400-unsupported-aspect-ratio');
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('Aspect ratio 32:9 is not supported by GPT Image 2.0');
		expect(error.description).toContain('Change Additional Fields → Aspect Ratio');
		expect(error.description).toContain('Supported aspect ratios: 1:1, 1:3, 16:9');
	});

	it('invalid_reference_url: how to send a file from an earlier node', () => {
		const error = describeError(400, 'docs/introduction.400-invalid-reference-url');
		expect(error.message).toContain('(invalid_reference_url)');
		expect(error.description).toContain('Reference Image Binary Fields');
	});

	it('premium_model_paywall: what it needs and what the account has', () => {
		const error = describeError(402, 'docs/introduction.402-premium-model-paywall');
		expect(error.description).toContain('needs 10 credits; the account has 4');
	});
});

describe("GET /generate/v2/requests/{key}: as MeiGen's client is tested", () => {
	const lookUp = async (statusCode: number, name: string) => {
		const { context, requests } = fakeApiContext(() => ({ statusCode, body: fixture(name) }));
		const result = await findGenerationRequest(context, 'key', {
			deadline: Date.now() + 60_000,
		}).then(
			(found) => ({ found }),
			(error: unknown) => ({ error }),
		);
		return { ...result, requests: requests.length };
	};

	it('a job: found', async () => {
		expect(await lookUp(200, 'client/requests.200-completed')).toMatchObject({
			found: { generationId: 'query-job', status: 'completed' },
		});
	});

	it.each([
		[404, 'client/requests.404-request_not_found'],
		[402, 'client/requests.402-insufficient_credits'],
		[409, 'client/requests.in_progress-expired-lease'],
	])('%i %s: nothing was submitted under the key (it may be sent)', async (status, name) => {
		const result = await lookUp(status, name);
		expect(result).toEqual({ found: undefined, requests: 1 });
	});

	it.each([
		'client/requests.404-success-true-request_not_found',
		'client/requests.404-not-request_not_found-json',
	])('404 %s: the lookup is unavailable, nothing is said to be unsent', async (name) => {
		const result = await lookUp(404, name);
		expect(result.requests).toBe(1);
		expect(String((result as { error?: Error }).error?.message)).toContain(
			'request lookup is not available',
		);
	});
});

describe("Skill runs: as MeiGen's client is tested", () => {
	it.each(['client/skills.white-bg.run-200', 'client/skills.brand-poster.run-200'])(
		'%s counts as a run',
		(name) => {
			expect(asRun(fixture(name)).generationId).toBeDefined();
		},
	);
});
