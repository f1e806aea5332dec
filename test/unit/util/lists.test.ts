import { splitList } from '../../../nodes/MeiGen/util/lists';

describe('splitList: every list field takes commas and new lines alike', () => {
	it('a hand-typed list with commas', () => {
		expect(splitList('data, logo ,photo')).toEqual(['data', 'logo', 'photo']);
	});

	it('an expression that joins with new lines, Windows ones included', () => {
		expect(splitList('https://a.example/1.png\nhttps://a.example/2.png\r\nlogo')).toEqual([
			'https://a.example/1.png',
			'https://a.example/2.png',
			'logo',
		]);
	});

	it('both at once, blanks dropped', () => {
		expect(splitList('a,\n, b\n\nc,')).toEqual(['a', 'b', 'c']);
	});

	it('nothing gives an empty list', () => {
		expect(splitList(undefined)).toEqual([]);
		expect(splitList('')).toEqual([]);
		expect(splitList(' , \n ')).toEqual([]);
	});
});
