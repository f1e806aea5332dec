import { plainText, sentences, textList } from '../../../nodes/MeiGen/util/text';

describe('plainText and textList: values to offer or price, not unresolved expressions', () => {
	it('takes plain text and numbers, trimmed', () => {
		expect(plainText(' 720p ')).toBe('720p');
		expect(plainText(5)).toBe('5');
	});

	it('leaves out expressions the editor could not resolve, and blanks', () => {
		expect(plainText('={{ $json.res }}')).toBeUndefined();
		expect(plainText('{{ $json.res }}')).toBeUndefined();
		expect(plainText('  ')).toBeUndefined();
		expect(plainText(null)).toBeUndefined();
	});

	it('a list of them, without repeats', () => {
		expect(textList(['480p', '720p', '480p', '={{ 1 }}', 7])).toEqual(['480p', '720p', '7']);
		expect(textList('480p')).toEqual([]);
	});
});

describe('sentences: parts of an error description in a row', () => {
	it('adds the full stop MeiGen’s own text may lack, and skips empty parts', () => {
		expect(sentences('Payload too large', '', undefined, 'Send less.')).toBe(
			'Payload too large. Send less.',
		);
		expect(sentences('Done!', 'Next: this')).toBe('Done! Next: this.');
	});
});
