import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import {
	deriveIdempotencyKey,
	requestIdFor,
	uuidV5,
	type SubmissionIdentity,
} from '../../../nodes/MeiGen/jobs/jobRef';

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

describe('requestIdFor: a Request ID or Idempotency Key the user gave', () => {
	const context = {
		getNode: () => ({ id: 'n', name: 'MeiGen', type: 't', typeVersion: 1, position: [0, 0] }),
	} as unknown as IExecuteFunctions;

	it('is a UUID, lowercased as MeiGen keeps it', () => {
		const given = '3F0B9A52-1C4E-4D8E-9A51-2F7F5C0E6B1D';
		expect(requestIdFor(context, 0, {}, { given, label: 'Request ID' })).toBe(given.toLowerCase());
	});

	it('anything else fails before it is sent, naming the field and saying nothing was charged', () => {
		const call = () =>
			requestIdFor(context, 2, {}, { given: 'order-17', label: 'Idempotency Key' });
		expect(call).toThrow('Idempotency Key is not a UUID: order-17');
		expect(call).toThrow(NodeOperationError);
		try {
			call();
		} catch (error) {
			expect((error as NodeOperationError).description).toContain('Nothing was submitted');
		}
	});
});
