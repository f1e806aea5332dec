import { inspect } from 'node:util';

import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { inputError, toNodeError } from '../../../nodes/MeiGen/errors/nodeErrors';
import { generationKind } from '../../../nodes/MeiGen/generation/kind';
import { resumeLine, type JobRef } from '../../../nodes/MeiGen/jobs/jobRef';
import { skillKind, type SkillJob } from '../../../nodes/MeiGen/skills/kind';
import { apiRequest } from '../../../nodes/MeiGen/transport';
import { transportFailure } from '../../../nodes/MeiGen/transport/response';
import {
	ApiError,
	CancelledError,
	DownloadTooLargeError,
	NetworkError,
	NotMediaError,
	SubmitDeadlineError,
} from '../../../nodes/MeiGen/transport/errors';
import type { ApiErrorBody } from '../../../nodes/MeiGen/types';
import { API_KEY, fakeApiContext, node } from '../fakeApi';

const polling: JobRef = { generationId: 'gen-123', modelId: 'nanobanana-2', status: 'processing' };

/** Where a generation is and how to fetch it, as its job session names it in every error. */
function resume(job: JobRef): string {
	return resumeLine(job, generationKind.fetch(job));
}

/** The node error for an API answer, as the user sees it. */
function apiFailure(statusCode: number, body: ApiErrorBody = {}, job?: JobRef, notFound?: string) {
	const error = toNodeError(node, new ApiError(statusCode, body), {
		itemIndex: 3,
		resume: job ? resume(job) : '',
		requestId: job?.requestId,
		notFound,
	});
	expect(error).toBeInstanceOf(NodeApiError);
	return {
		error,
		message: error.message,
		description: error.description ?? '',
		httpCode: (error as NodeApiError).httpCode,
	};
}

describe('toNodeError: an API answer, by HTTP status', () => {
	describe('400', () => {
		it("names MeiGen's reason and code, and says which field to change", () => {
			const { message, description, httpCode } = apiFailure(400, {
				error: 'Resolution 8K is not supported',
				code: 'unsupported_resolution',
				received: '8K',
			});
			expect(message).toBe(
				'MeiGen refused the request: Resolution 8K is not supported (unsupported_resolution)',
			);
			expect(description).toContain(
				'Change Additional Fields → Resolution Name or ID to one the model supports.',
			);
			expect(description).toContain('Received: "8K".');
			expect(httpCode).toBe('400');
		});

		// MeiGen's documented 400 codes (its API reference, §1.7), each with the field to change.
		it.each([
			['invalid_model', 'Pick a model from the Model list'],
			['invalid_input', 'fields MeiGen names'],
			['unsupported_resolution', 'Resolution'],
			['unsupported_duration', 'Duration'],
			['unsupported_tier', 'Tier'],
			['unsupported_quality', 'Quality'],
			['unsupported_model_variant', 'Model Variant'],
			['invalid_reference_url', 'Reference Image Binary Fields'],
			['too_many_references', 'max_reference_images'],
			['frame_reference_limit', 'Last Frame'],
			['first_frame_required', 'First Frame'],
			['reference_video_not_supported', 'Reference Videos'],
			['invalid_reference_video', 'MP4 or MOV'],
			['too_many_reference_videos', 'fewer reference videos'],
			['reference_video_total_seconds_exceeded', 'shorter reference videos'],
			['reference_audio_not_supported', 'Reference Audio'],
			['invalid_reference_audio', 'WAV or MP3'],
			['too_many_reference_audios', 'fewer reference audio'],
			['reference_audio_total_seconds_exceeded', 'shorter reference audio'],
			['reference_audio_requires_visual', 'reference image'],
			['too_many_characters', 'three [character:…] tokens'],
			['character_not_found', 'names no character'],
			['characters_not_supported', 'takes no characters'],
			['character_tier_required', 'higher MeiGen plan'],
		])('%s points at the field to fix', (code, hint) => {
			expect(apiFailure(400, { error: 'bad', code }).description).toContain(hint);
		});

		it('an aspect ratio the model lacks (no code, as MeiGen sends it): the field and the ratios', () => {
			const { description } = apiFailure(400, {
				success: false,
				error: 'Aspect ratio 32:9 is not supported by GPT Image 2.0',
				supportedRatios: ['1:1', '16:9', '9:16'],
			});
			expect(description).toContain('Change Additional Fields → Aspect Ratio');
			expect(description).toContain('Supported aspect ratios: 1:1, 16:9, 9:16.');
		});

		it('an unknown code or no text still tells the user where to look', () => {
			const { message, description } = apiFailure(400, { code: 'something_new' });
			expect(message).toBe('MeiGen refused the request: invalid parameters (something_new)');
			expect(description).toContain("Check the node's fields against the model's options");
		});
	});

	describe('401', () => {
		it('says the key was refused and where to fix it', () => {
			const { message, description, httpCode } = apiFailure(401, { error: 'Invalid token' });
			expect(message).toBe('MeiGen refused the API key (401)');
			expect(description).toMatch(/^Open the MeiGen credential and paste a valid key/);
			expect(httpCode).toBe('401');
		});

		it('names the job when the key is refused while a paid job is being watched', () => {
			const { description } = apiFailure(401, {}, polling);
			expect(description).toContain('Generation ID: gen-123.');
			expect(description).toContain('Generation → Get Status with generation ID gen-123');
		});
	});

	describe('402', () => {
		it('gives what the job needs and what the account has', () => {
			const { message, description } = apiFailure(402, {
				error: 'Insufficient credits',
				code: 'insufficient_credits',
				required: 40,
				available: 3,
			});
			expect(message).toBe('Not enough purchased MeiGen credits (insufficient_credits)');
			expect(description).toContain('This needs 40 credits; the account has 3.');
			expect(description).toContain('API keys spend purchased credits only;');
		});

		it("falls back to MeiGen's text when the amounts are missing", () => {
			const { message, description } = apiFailure(402, {
				error: 'This model needs a paid plan',
				code: 'premium_model_paywall',
			});
			expect(message).toBe('Not enough purchased MeiGen credits (premium_model_paywall)');
			expect(description).toMatch(/^This model needs a paid plan\. /);
		});
	});

	describe('403', () => {
		it('model_not_available: tells the user to pick another model', () => {
			const { message, description } = apiFailure(403, {
				error: 'grok-video is not offered over the API',
				code: 'model_not_available',
			});
			expect(message).toBe("This model is not available on MeiGen's API (model_not_available)");
			expect(description).toBe(
				'grok-video is not offered over the API. Pick another model from the Model list.',
			);
		});

		it('any other 403: says a session token may be needed (API key management)', () => {
			const { message, description } = apiFailure(403, { error: 'Forbidden' });
			expect(message).toBe('MeiGen refused the request (403)');
			expect(description).toContain('managing API keys needs a session token');
		});
	});

	describe('404', () => {
		it("uses the operation's own wording, and quotes MeiGen's", () => {
			const { message, description } = apiFailure(
				404,
				{ error: 'Generation not found', code: 'not_found' },
				undefined,
				'No generation with ID abc',
			);
			expect(message).toBe('No generation with ID abc');
			expect(description).toBe(
				'MeiGen says: Generation not found (not_found). Check the ID; it may be mistyped, or belong to another account.',
			);
		});

		it("without the operation's wording, says what MeiGen could not find", () => {
			expect(apiFailure(404, { error: 'Image not found' }).message).toBe(
				'Not found: Image not found',
			);
			expect(apiFailure(404).message).toBe('Not found: MeiGen has no such resource');
		});
	});

	describe('409', () => {
		// MeiGen's 409 bodies carry no generation ID: the key's job is found by a look-up instead.
		it('idempotency_conflict: says how to continue the first request or make a new one', () => {
			const { message, description, httpCode } = apiFailure(
				409,
				{ error: 'Idempotency key reused with different inputs', code: 'idempotency_conflict' },
				{ requestId: 'f0b9a52c-1c4e-4d8e-9a51-2f7f5c0e6b1d' },
			);
			expect(message).toBe(
				'This request ID was already used for a request with other inputs (idempotency_conflict)',
			);
			expect(description).toContain("Restore that request's inputs to continue it");
			expect(description).toContain('Options → Request ID');
			expect(description).toContain('Request ID: f0b9a52c-1c4e-4d8e-9a51-2f7f5c0e6b1d.');
			expect(description).not.toContain('Generation ID');
			expect(httpCode).toBe('409');
		});

		it('request_id_collision: no job was made; a new key is needed', () => {
			const { message, description } = apiFailure(409, { code: 'request_id_collision' });
			expect(message).toContain('another request, or another account');
			expect(description).toContain('No job was made with it');
		});

		it("names the item's own job when it already has one", () => {
			const { description } = apiFailure(409, {}, { generationId: 'gen-own' });
			expect(description).toContain('Generation ID: gen-own.');
		});
	});

	describe('413', () => {
		it('says the request was too large and to send less; never that retrying helps', () => {
			const { message, description, httpCode } = apiFailure(413, {
				error: 'Request body too large',
			});
			expect(message).toBe('MeiGen refused the request as too large (413)');
			expect(description).toBe(
				'Request body too large. Send less in one request: fewer or smaller reference images (give large files as URLs).',
			);
			expect(description).not.toMatch(/retr/i);
			expect(httpCode).toBe('413');
		});

		it('another 4xx says the same request would be refused again', () => {
			const { message, description } = apiFailure(422, { error: 'Unprocessable' });
			expect(message).toBe('MeiGen refused the request (HTTP 422)');
			expect(description).toContain('sending the same request again will not help');
			expect(description).not.toContain('The node retried');
		});
	});

	describe('429', () => {
		it('says the node already waited and retried, and how to ease off', () => {
			const { message, description } = apiFailure(429, { error: 'Too many requests' }, polling);
			expect(message).toBe('MeiGen is rate limiting requests (429)');
			expect(description).toContain('The node already waited and retried.');
			expect(description).toContain('Lower Options → Concurrency');
			expect(description).toContain('Generation ID: gen-123.');
		});
	});

	describe('5xx', () => {
		it.each([500, 502, 503, 504])(
			"%i: names the status, says the node retried what was safe, and not n8n's generic text",
			(status) => {
				const { message, description, httpCode } = apiFailure(status, { error: 'Upstream down' });
				expect(message).toBe(`MeiGen had a problem answering (HTTP ${status})`);
				expect(description).toBe(
					'Upstream down. The node retried what was safe to retry. Try again in a minute.',
				);
				expect(httpCode).toBe(String(status));
			},
		);

		it('a retryable 503 names its code', () => {
			const { message } = apiFailure(503, {
				error: 'Reference probe timed out',
				code: 'reference_probe_timeout',
				retryable: true,
			});
			expect(message).toBe('MeiGen had a problem answering (HTTP 503) (reference_probe_timeout)');
		});
	});

	it.each([400, 401, 402, 403, 404, 409])(
		'a %i does not claim the node retried (it never retries one)',
		(status) => {
			expect(apiFailure(status, { error: 'no' }).description).not.toMatch(/retried|retry/i);
		},
	);

	it('records the item index on every API error', () => {
		for (const status of [400, 401, 402, 403, 404, 409, 413, 429, 500]) {
			expect(apiFailure(status).error.context.itemIndex).toBe(3);
		}
	});
});

describe('toNodeError: a paid job is always named', () => {
	it.each([400, 402, 403, 404, 409, 413, 429, 500, 503])(
		'%i names the job and how to fetch it without paying again',
		(status) => {
			const job: JobRef = {
				generationId: 'gen-9',
				requestId: 'req-9',
				modelId: 'seedance-2-5',
				status: 'processing',
			};
			const { description } = apiFailure(status, {}, job);
			expect(description).toContain('Generation ID: gen-9, Request ID: req-9.');
			expect(description).toContain('Generation → Get Status with generation ID gen-9');
		},
	);

	it('every kind of failure names the job, not only API answers', () => {
		const failures: unknown[] = [
			new CancelledError(),
			new NotMediaError('text/html'),
			new DownloadTooLargeError(10 * 1024 * 1024),
			new NetworkError('socket hang up', 'ECONNRESET'),
			new Error('unexpected'),
		];
		for (const failure of failures) {
			const error = toNodeError(node, failure, { itemIndex: 0, resume: resume(polling) });
			expect(error.description).toContain('Generation ID: gen-123.');
		}
	});
});

describe('resumeLine', () => {
	it('is empty when no job exists', () => {
		expect(resume({})).toBe('');
		expect(resume({ modelId: 'nanobanana-2' })).toBe('');
	});

	it('a generation: fetch it with Generation → Get Status by its ID', () => {
		expect(resume({ generationId: 'g1', requestId: 'r1' })).toBe(
			'Generation ID: g1, Request ID: r1. The job exists and may still finish: to fetch its result without paying again, use Generation → Get Status with generation ID g1.',
		);
	});

	it('only a request ID: look it up by Request ID', () => {
		expect(resume({ requestId: 'r1' })).toContain(
			'use Generation → Get Status with "Look Up By" Request ID r1',
		);
	});

	it('a Skill run: Skill → Get Status with the skill and request ID', () => {
		const run: SkillJob = { skill: 'remove-bg', requestId: 'r2' };
		expect(resumeLine(run, skillKind.fetch(run))).toContain(
			'use Skill → Get Status with Skill Remove Background and Request ID r2',
		);
	});

	it('a completed job says it is paid for and how to get its media without paying again', () => {
		const hint = resume({ generationId: 'g1', status: 'completed' });
		expect(hint).toContain('The job completed and is paid for');
		expect(hint).toContain('turn Options → Download off and use the URLs');
	});
});

describe('toNodeError: failures that are not API answers', () => {
	it('Stop before a job exists: nothing was charged', () => {
		const error = toNodeError(node, new CancelledError(), { itemIndex: 1 });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The execution was stopped while waiting for MeiGen');
		expect(error.description).toBe('Nothing was submitted or charged for this item.');
	});

	it('held back by rate limiting past the deadline: nothing was charged, and what to change', () => {
		const error = toNodeError(node, new SubmitDeadlineError(), { itemIndex: 1 });
		expect(error.description).toMatch(/^Nothing was submitted or charged for this item\./);
		expect(error.description).toContain('Lower Options → Concurrency, raise Options → Timeout');
	});

	it('a media file over the limit points at Max Download Size', () => {
		const error = toNodeError(node, new DownloadTooLargeError(1024 * 1024, 3 * 1024 * 1024), {
			itemIndex: 0,
		});
		expect(error.message).toBe('The media file is 3 MB, over the 1 MB download limit');
		expect(error.description).toContain('Raise Options → Max Download Size (MB)');
	});

	it('no answer: says MeiGen could not be reached and to check the Base URL', () => {
		const error = toNodeError(
			node,
			new NetworkError('no answer from the server (socket hang up)'),
			{
				itemIndex: 0,
			},
		);
		expect(error.message).toBe(
			'Could not reach MeiGen: no answer from the server (socket hang up)',
		);
		expect(error.description).toContain('Check the Base URL in the credential');
	});

	it('no answer with a system error code: the Base URL hint and the job survive n8n rewording the message', () => {
		const failure = transportFailure(
			Object.assign(new Error('x'), { code: 'ENOTFOUND' }),
			undefined,
		);
		const error = toNodeError(node, failure, { itemIndex: 0, resume: resume(polling) });
		expect(error.messages).toContain(
			'Could not reach MeiGen: no answer from the server (ENOTFOUND)',
		);
		expect(error.description).toContain('Check the Base URL in the credential');
		expect(error.description).toContain('Generation ID: gen-123.');
	});

	it('a node error made earlier is passed on as it is', () => {
		const earlier = new NodeOperationError(node, 'Prompt is empty', { itemIndex: 2 });
		const error = toNodeError(node, earlier, {
			itemIndex: 2,
			resume: resume({ generationId: 'g5' }),
		});
		expect(error).toBe(earlier);
		expect(error.message).toBe('Prompt is empty');
	});
});

describe('inputError', () => {
	it('says what is wrong, how to fix it, and that nothing was charged', () => {
		const error = inputError(node, 4, 'Prompt is empty', 'Fill in Prompt.');
		expect(error.message).toBe('Prompt is empty');
		expect(error.description).toBe(
			'Fill in Prompt. Nothing was submitted or charged for this item.',
		);
		expect(error.context.itemIndex).toBe(4);
	});
});

describe('the API key never appears in a node error', () => {
	it.each([400, 401, 403, 404, 409, 429, 500])(
		'a %i answer that echoes the key',
		async (status) => {
			const { context } = fakeApiContext(() => ({
				statusCode: status,
				headers: { 'www-authenticate': `Bearer ${API_KEY}` },
				body: {
					error: `Token ${API_KEY} is not valid here`,
					message: `Bearer ${API_KEY}`,
					code: 'echo',
					received: { headers: { authorization: `Bearer ${API_KEY}` } },
					url: `https://www.meigen.ai/api/generate/v2?key=${API_KEY}`,
				},
			}));
			const thrown = await apiRequest(context, 'POST', '/generate/v2', {
				body: { prompt: 'x' },
			}).catch((error: unknown) => error);
			expect(thrown).toBeInstanceOf(ApiError);
			const error = toNodeError(node, thrown, { itemIndex: 0, resume: resume(polling) });
			const shown = [
				error.message,
				error.description ?? '',
				JSON.stringify(error.context),
				JSON.stringify(error.messages),
				inspect(error, { depth: 20 }),
			].join('\n');
			expect(shown).not.toContain(API_KEY);
			expect(shown).toContain('[redacted]');
		},
	);
});
