import { nothingCharged } from '../../../nodes/MeiGen/errors/charges';
import { inputError } from '../../../nodes/MeiGen/errors/nodeErrors';
import { node } from '../fakeApi';

describe('nothingCharged: one wording wherever an item cost nothing', () => {
	it('says whether the item never reached MeiGen or MeiGen refused it', () => {
		expect(nothingCharged('notSubmitted')).toBe('Nothing was submitted or charged for this item.');
		expect(nothingCharged('refused')).toBe('MeiGen refused it: nothing was charged for this item.');
	});

	it('every input error ends with it', () => {
		const error = inputError(node, 2, 'Prompt is empty', 'Enter a prompt.');
		expect(error.description).toBe(`Enter a prompt. ${nothingCharged('notSubmitted')}`);
	});
});
