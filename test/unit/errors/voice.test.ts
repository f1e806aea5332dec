import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { inputError } from '../../../nodes/MeiGen/errors/nodeErrors';
import { NOTHING_CHARGED, sayApiError, type Situation } from '../../../nodes/MeiGen/errors/voice';
import { ApiError } from '../../../nodes/MeiGen/transport/errors';
import type { ApiErrorBody } from '../../../nodes/MeiGen/types';
import { node } from '../fakeApi';

describe('NOTHING_CHARGED: one wording wherever an item cost nothing', () => {
	it('says whether the item never reached MeiGen or MeiGen refused it', () => {
		expect(NOTHING_CHARGED.notSubmitted).toBe('Nothing was submitted or charged for this item.');
		expect(NOTHING_CHARGED.refused).toBe('MeiGen refused it: nothing was charged for this item.');
	});

	it('every input error ends with it', () => {
		const error = inputError(node, 2, 'Prompt is empty', 'Enter a prompt.');
		expect(error.description).toBe(`Enter a prompt. ${NOTHING_CHARGED.notSubmitted}`);
	});
});

/** The words for an answer, as a generation's or a Skill run's error would say them. */
function words(
	statusCode: number,
	body: ApiErrorBody,
	situation: Partial<Situation> = {},
): { message: string; description: string } {
	return sayApiError(new ApiError(statusCode, body), {
		about: 'generation',
		taken: true,
		resume: '',
		...situation,
	});
}

describe('sayApiError: the table of codes whose words do not depend on the status', () => {
	it('request_id_collision: no job was made, the key field to change, nothing charged', () => {
		const generation = words(409, { code: 'request_id_collision' }, { requestId: 'r-1' });
		expect(generation.message).toBe(
			'This request ID belongs to another request, or another account (request_id_collision)',
		);
		expect(generation.description).toBe(
			`No job was made with it. Set Options → Request ID to a new UUID, or clear it so the node derives one. ${NOTHING_CHARGED.refused} Request ID: r-1.`,
		);
		const skill = words(409, { code: 'request_id_collision' }, { about: 'skill' });
		expect(skill).toEqual(words(409, { code: 'request_id_collision' }));
	});

	it("idempotency_conflict: names MeiGen's first job when the answer gives it", () => {
		const { description } = words(409, {
			code: 'idempotency_conflict',
			generationId: 'gen-first',
		});
		expect(description).toMatch(
			/^MeiGen keeps the first request made with it \(generation gen-first\)\./,
		);
	});

	it('in_progress: run again later, the same request ID continues the same job', () => {
		const { message, description } = words(
			409,
			{ code: 'in_progress' },
			{ resume: 'Request ID: r-2.' },
		);
		expect(message).toBe('MeiGen is still taking in this request (in_progress)');
		expect(description).toBe(
			'Run again in a few minutes: the same request ID continues the same job. Request ID: r-2.',
		);
	});

	it('price_changed: the new and the confirmed price, refused and nothing charged', () => {
		const { message, description } = words(
			409,
			{ code: 'price_changed', quotedCredits: 12, confirmedCredits: 8 },
			{ about: 'skill', taken: false },
		);
		expect(message).toBe('The upscale price changed to 12 credits (the node confirmed 8)');
		expect(description).toContain(NOTHING_CHARGED.refused);
		expect(description).toContain('Run the workflow again to accept the current price.');
	});

	it('upscale_resize_required: the image size and Allow Downscale', () => {
		const { message, description } = words(
			400,
			{ code: 'upscale_resize_required', sourceWidth: 6000, sourceHeight: 4000 },
			{ about: 'skill', taken: false },
		);
		expect(message).toBe('The image (6000×4000 px) is too large to upscale as it is');
		expect(description).toContain('Turn on Allow Downscale');
		expect(description).toContain(NOTHING_CHARGED.refused);
	});

	it('generation_unavailable: the job is gone, and this is not a refund', () => {
		const { message, description } = words(
			404,
			{ code: 'generation_unavailable' },
			{ resume: 'Generation ID: g-3.' },
		);
		expect(message).toBe('MeiGen no longer has this job (generation_unavailable)');
		expect(description).toContain('Generation ID: g-3.');
		expect(description).toContain('this is not a refund');
	});

	it('DAILY_LIMIT_REACHED: the Skill limit, and that credits do not raise it', () => {
		const { message, description } = words(
			429,
			{ code: 'DAILY_LIMIT_REACHED' },
			{ about: 'skill', taken: false },
		);
		expect(message).toBe("The daily limit of this Skill's runs is reached (DAILY_LIMIT_REACHED)");
		expect(description).toContain("credits don't raise it");
		expect(description).not.toMatch(/retried/);
	});
});

describe('sayApiError: generations and Skills in one voice', () => {
	it('a refusal before MeiGen took the job in says nothing was charged, for either kind', () => {
		for (const about of ['generation', 'skill'] as const) {
			for (const status of [400, 401, 402, 403, 413, 422]) {
				const { description } = words(status, { error: 'no' }, { about, taken: false });
				expect(description).toContain(NOTHING_CHARGED.refused);
			}
		}
	});

	it('a refusal after MeiGen took the job in names the job instead', () => {
		const { description } = words(402, { error: 'no' }, { resume: 'Generation ID: g-4.' });
		expect(description).toContain('Generation ID: g-4.');
		expect(description).not.toContain('nothing was charged');
	});

	it('401 and 402 read the same for both kinds, with what only Skills add', () => {
		const generation = words(401, {}, { about: 'generation' });
		const skill = words(401, {}, { about: 'skill' });
		expect(skill.message).toBe(generation.message);
		expect(skill.description).toContain('Skills take an API key (meigen_sk_…)');
		expect(words(402, {}, { about: 'skill' }).message).toBe(
			words(402, {}, { about: 'generation' }).message,
		);
	});
});

describe('one word for each situation, across the node', () => {
	/** Every string literal in the node's sources: what a user can be shown. */
	function literals(): Array<{ file: string; text: string }> {
		const found: Array<{ file: string; text: string }> = [];
		const walk = (dir: string) => {
			for (const entry of readdirSync(dir, { withFileTypes: true })) {
				const path = join(dir, entry.name);
				if (entry.isDirectory()) walk(path);
				else if (entry.name.endsWith('.ts')) {
					const source = readFileSync(path, 'utf8');
					for (const match of source.matchAll(/(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)) {
						found.push({ file: path, text: match[2] });
					}
				}
			}
		};
		walk(join(__dirname, '../../../nodes'));
		return found;
	}

	it.each([
		['rejected', /\brejected\b/i, 'refused'],
		['cancelled', /\bcancell?ed\b/i, 'stopped'],
		['not enough credits without "purchased"', /not enough meigen credits/i, 'purchased'],
	])('no message says %s', (_name, pattern) => {
		const offending = literals().filter(({ text }) => pattern.test(text));
		expect(offending).toEqual([]);
	});
});
