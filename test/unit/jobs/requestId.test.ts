import {
	deriveIdempotencyKey,
	uuidV5,
	type SubmissionIdentity,
} from '../../../nodes/MeiGen/jobs/requestId';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const base: SubmissionIdentity = {
	executionId: '101',
	nodeId: 'node-MeiGen',
	runIndex: 0,
	itemIndex: 0,
	inputs: { prompt: 'a lighthouse', modelId: 'nanobanana-2', aspectRatio: '16:9' },
};

describe('deriveIdempotencyKey', () => {
	it('is a version 5 UUID', () => {
		expect(deriveIdempotencyKey(base)).toMatch(UUID_V5);
		expect(uuidV5('anything')).toMatch(UUID_V5);
	});

	it('gives the same key for the same submission (a retry of the same item in the same run)', () => {
		expect(deriveIdempotencyKey({ ...base, inputs: { ...base.inputs } })).toBe(
			deriveIdempotencyKey(base),
		);
	});

	it('does not depend on the order the inputs were built in', () => {
		const reordered = { aspectRatio: '16:9', modelId: 'nanobanana-2', prompt: 'a lighthouse' };
		expect(deriveIdempotencyKey({ ...base, inputs: reordered })).toBe(deriveIdempotencyKey(base));
	});

	it('ignores inputs that are undefined (they are not sent)', () => {
		expect(deriveIdempotencyKey({ ...base, inputs: { ...base.inputs, quality: undefined } })).toBe(
			deriveIdempotencyKey(base),
		);
	});

	it.each<[string, Partial<SubmissionIdentity>]>([
		['another execution', { executionId: '102' }],
		['another node', { nodeId: 'node-Other' }],
		['the next run of the node (a loop)', { runIndex: 1 }],
		['another item', { itemIndex: 1 }],
		['another prompt', { inputs: { ...base.inputs, prompt: 'a lighthouse at night' } }],
		['another model', { inputs: { ...base.inputs, modelId: 'z-image-turbo' } }],
		['an extra input', { inputs: { ...base.inputs, seed: 7 } }],
		['a nested input', { inputs: { ...base.inputs, niji7Options: { stylize: 200 } } }],
	])('gives a new key for %s', (_name, change) => {
		expect(deriveIdempotencyKey({ ...base, ...change })).not.toBe(deriveIdempotencyKey(base));
	});

	it('tells nested values and reference lists apart', () => {
		const a = deriveIdempotencyKey({
			...base,
			inputs: { ...base.inputs, niji7Options: { stylize: 200 } },
		});
		const b = deriveIdempotencyKey({
			...base,
			inputs: { ...base.inputs, niji7Options: { stylize: 201 } },
		});
		const c = deriveIdempotencyKey({
			...base,
			inputs: { ...base.inputs, referenceImages: ['https://a/1.png', 'https://a/2.png'] },
		});
		const d = deriveIdempotencyKey({
			...base,
			inputs: { ...base.inputs, referenceImages: ['https://a/2.png', 'https://a/1.png'] },
		});
		expect(new Set([a, b, c, d]).size).toBe(4);
	});

	it('does not confuse identities whose parts run together', () => {
		const one = deriveIdempotencyKey({ ...base, executionId: '1', nodeId: '23' });
		const two = deriveIdempotencyKey({ ...base, executionId: '12', nodeId: '3' });
		expect(one).not.toBe(two);
		expect(deriveIdempotencyKey({ ...base, runIndex: 1, itemIndex: 11 })).not.toBe(
			deriveIdempotencyKey({ ...base, runIndex: 11, itemIndex: 1 }),
		);
	});

	it('is stable across releases (a fixed namespace: a resubmission after an upgrade still dedupes)', () => {
		expect(uuidV5('x')).toBe(uuidV5('x'));
		expect(uuidV5('x')).not.toBe(uuidV5('y'));
	});
});
