import {
	entryId,
	fetchSkillCatalog,
	pricePerImage,
	SKILL_POLL_SECONDS,
} from '../../../nodes/MeiGen/catalog/skills';
import type { SkillCatalogEntry } from '../../../nodes/MeiGen/types';
import { fakeApiContext } from '../fakeApi';

/**
 * The Skills catalog as meigen-api.md Part 2 reads it (§2.2, §2.7): the price of one output
 * image is `pricing` when it is a number, else `pricing.credits`, else `pricing.perImage`;
 * white-bg may nest it by mode and quality. A missing, null or unreadable price is unknown
 * (undefined), never free.
 */

const removeBg: SkillCatalogEntry = { id: 'remove-bg', pricing: 2 };
const productDetail: SkillCatalogEntry = { skill: 'product-detail', pricing: { credits: 8 } };
const brandPoster: SkillCatalogEntry = { id: 'brand-poster', pricing: { perImage: 12 } };
const whiteBg: SkillCatalogEntry = {
	id: 'white-bg',
	pricing: {
		white: 3,
		smart: { fast: 4, hd: 9 },
		custom: { fast: { credits: 5 }, hd: { perImage: 10 } },
	},
};

describe('pricePerImage: the documented price shapes', () => {
	it('`pricing` as a number is the price of one image', () => {
		expect(pricePerImage(removeBg)).toBe(2);
	});

	it('else `pricing.credits`', () => {
		expect(pricePerImage(productDetail)).toBe(8);
	});

	it('else `pricing.perImage`', () => {
		expect(pricePerImage(brandPoster)).toBe(12);
	});

	it('`pricing.credits` comes before `pricing.perImage`', () => {
		expect(pricePerImage({ id: 'x', pricing: { perImage: 7, credits: 6 } })).toBe(6);
	});

	it('a flat price holds whatever mode and quality are chosen', () => {
		expect(pricePerImage(removeBg, { mode: 'smart', quality: 'hd' })).toBe(2);
	});
});

describe('pricePerImage: white-bg by mode and quality', () => {
	it('`pricing[mode][quality]`', () => {
		expect(pricePerImage(whiteBg, { mode: 'smart', quality: 'fast' })).toBe(4);
		expect(pricePerImage(whiteBg, { mode: 'smart', quality: 'hd' })).toBe(9);
	});

	it('`pricing[mode][quality]` may itself hold credits or perImage', () => {
		expect(pricePerImage(whiteBg, { mode: 'custom', quality: 'fast' })).toBe(5);
		expect(pricePerImage(whiteBg, { mode: 'custom', quality: 'hd' })).toBe(10);
	});

	it('`pricing[mode]` when the mode has one price (white mode takes no quality)', () => {
		expect(pricePerImage(whiteBg, { mode: 'white', quality: 'fast' })).toBe(3);
		expect(pricePerImage(whiteBg, { mode: 'white' })).toBe(3);
	});

	it('`pricing[mode].credits` when the mode has no table by quality', () => {
		expect(
			pricePerImage({ id: 'white-bg', pricing: { smart: { credits: 6 } } }, { mode: 'smart' }),
		).toBe(6);
	});

	it('unknown, not free, when the mode or quality is not in the table', () => {
		expect(pricePerImage(whiteBg, { mode: 'studio', quality: 'fast' })).toBeUndefined();
		expect(pricePerImage(whiteBg, { mode: 'smart', quality: 'ultra' })).toBeUndefined();
		expect(pricePerImage(whiteBg, { mode: 'smart' })).toBeUndefined();
	});

	it('unknown without a mode: a table by mode has no single price (Skill → Get Many)', () => {
		expect(pricePerImage(whiteBg)).toBeUndefined();
	});
});

describe('pricePerImage: a price that cannot be read is unknown, never 0', () => {
	it.each<[string, unknown]>([
		['missing', undefined],
		['null', null],
		['a text', '5'],
		['negative', -1],
		['not a number', Number.NaN],
		['infinite', Number.POSITIVE_INFINITY],
		['an empty object', {}],
		['credits as text', { credits: '5' }],
		['credits null', { credits: null }],
		['a list', [2, 3]],
	])('%s', (_name, pricing) => {
		expect(pricePerImage({ id: 'remove-bg', pricing })).toBeUndefined();
	});

	it('no entry at all (the catalog lacks the Skill, or could not be had)', () => {
		expect(pricePerImage(undefined)).toBeUndefined();
		expect(pricePerImage(undefined, { mode: 'smart', quality: 'fast' })).toBeUndefined();
	});

	it('a price of 0 that MeiGen states is 0', () => {
		expect(pricePerImage({ id: 'remove-bg', pricing: 0 })).toBe(0);
	});
});

describe('entryId', () => {
	it('is `id`, else `skill`', () => {
		expect(entryId({ id: 'upscale' })).toBe('upscale');
		expect(entryId({ skill: 'upscale' })).toBe('upscale');
		expect(entryId({ id: 'upscale', skill: 'other' })).toBe('upscale');
	});

	it('is undefined when neither is a text', () => {
		expect(entryId({})).toBeUndefined();
		expect(entryId({ id: 7 } as unknown as SkillCatalogEntry)).toBeUndefined();
	});
});

describe('fetchSkillCatalog: where the entries are', () => {
	const entries = [removeBg, productDetail, brandPoster];

	async function catalog(body: unknown, skill?: 'remove-bg' | 'product-detail') {
		const { context, requests } = fakeApiContext(() => ({ statusCode: 200, body }));
		const result = await fetchSkillCatalog(context, { skill });
		return { result, requests };
	}

	it('under `skills`', async () => {
		expect((await catalog({ success: true, skills: entries })).result).toEqual(entries);
	});

	it('under `data`', async () => {
		expect((await catalog({ success: true, data: entries })).result).toEqual(entries);
	});

	it('the body itself', async () => {
		expect((await catalog(entries)).result).toEqual(entries);
	});

	it('`skills` before `data` when the answer has both', async () => {
		expect((await catalog({ skills: [removeBg], data: [brandPoster] })).result).toEqual([removeBg]);
	});

	it('drops list members that have no ID', async () => {
		const { result } = await catalog({ skills: [removeBg, { pricing: 3 }, 'remove-bg', null] });
		expect(result).toEqual([removeBg]);
	});

	it('a single entry answer (`?skill=`) is a list of one', async () => {
		expect((await catalog({ success: true, skill: removeBg }, 'remove-bg')).result).toEqual([
			removeBg,
		]);
		expect((await catalog({ success: true, data: removeBg }, 'remove-bg')).result).toEqual([
			removeBg,
		]);
		expect((await catalog(removeBg, 'remove-bg')).result).toEqual([removeBg]);
	});

	it('asks for one Skill with `?skill=` and keeps only that Skill', async () => {
		const { result, requests } = await catalog({ skills: entries }, 'product-detail');
		expect(result).toEqual([productDetail]);
		expect(requests[0]).toMatchObject({
			method: 'GET',
			url: 'https://api.meigen.test/api/skills',
			qs: { skill: 'product-detail' },
		});
	});

	it('an answer with no entries is an empty catalog', async () => {
		expect((await catalog({ success: true })).result).toEqual([]);
		expect((await catalog('maintenance')).result).toEqual([]);
	});
});

it('polls a Skill run every 10 s, as MeiGen advises (§2.6)', () => {
	expect(SKILL_POLL_SECONDS).toBe(10);
});
