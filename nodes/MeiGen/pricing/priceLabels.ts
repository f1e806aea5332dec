import type { MeiGenModel, SubmitFields } from '../types';
import { plainText, textList } from '../util/text';
import { quoteGeneration, type Quote } from './quote';

/**
 * Prices in the words a dropdown shows them: the quote for one choice (from the other fields
 * already chosen, else the model's defaults), or its range over a field that changes the price.
 */

/** The fields that change a price. */
export type Choices = Pick<SubmitFields, 'resolution' | 'quality' | 'tier' | 'duration'>;

type Axis = 'tier' | 'quality';

/** One quote, or the quotes over a field that changes the price but has no value or default. */
export interface Price {
	quotes: Quote[];
	varied: Axis[];
}

export function priceOf(model: MeiGenModel, fields: Choices): Price | undefined {
	const exact = quoteGeneration(model, { prompt: '', ...fields });
	if (exact) return { quotes: [exact], varied: [] };
	const config = model.extra_config ?? {};
	const open: Array<[Axis, string[]]> = [
		['tier', fields.tier || plainText(config.defaultTier) ? [] : textList(config.tiers)],
		[
			'quality',
			fields.quality || plainText(config.defaultQuality) ? [] : textList(config.qualities),
		],
	];
	let candidates: Choices[] = [fields];
	const varied: Axis[] = [];
	for (const [axis, values] of open) {
		if (!values.length) continue;
		varied.push(axis);
		candidates = candidates.flatMap((candidate) =>
			values.map((value) => ({ ...candidate, [axis]: value })),
		);
	}
	const quotes = varied.length
		? candidates
				.map((candidate) => quoteGeneration(model, { prompt: '', ...candidate }))
				.filter((quote) => quote !== undefined)
		: [];
	return quotes.length ? { quotes, varied } : undefined;
}

function amount(values: number[], unit: string): string {
	const low = Math.min(...values);
	const high = Math.max(...values);
	const number = low === high ? String(low) : `${low}–${high}`;
	return `${number} ${unit}${high === 1 ? '' : 's'}`;
}

function perSecond(quote: Quote): number | undefined {
	return quote.style === 'perSecond' && quote.duration ? quote.credits / quote.duration : undefined;
}

export type Field = 'resolution' | 'quality' | 'tier' | 'duration';

/**
 * The price in the option's name: per second for Resolution and Tier (the duration is another
 * field), else the credits of one job; with the other field it depends on where that helps.
 */
export function shortPrice(price: Price, field: Field): string {
	const [first] = price.quotes;
	const rates = price.quotes.map(perSecond).filter((rate) => rate !== undefined);
	const byRate =
		(field === 'resolution' || field === 'tier') && rates.length === price.quotes.length;
	const credits = price.quotes.map((quote) => quote.credits);
	let text = byRate ? `${amount(rates, 'credit')}/s` : amount(credits, 'credit');
	if (price.varied.length) return `${text} by ${price.varied.join(' and ')}`;
	if (field === 'tier' && byRate) text += ` at ${first.resolution}`;
	else if (field === 'tier' && first.style === 'perCall') text += ` for ${first.duration} s`;
	else if (field === 'quality' && first.style === 'matrix') text += ` at ${first.resolution}`;
	return text;
}

/** What the price is for, in words: "100 credits for 5 s at 720p (fast tier)". */
export function priceDetail(price: Price): string {
	if (price.varied.length) {
		const fields = price.varied.map((axis) => (axis === 'tier' ? 'Tier' : 'Quality'));
		return `${amount(
			price.quotes.map((quote) => quote.credits),
			'credit',
		)} depending on the ${price.varied.join(' and ')}: choose a ${fields.join(' and a ')} for the exact price`;
	}
	const [quote] = price.quotes;
	const credits = amount([quote.credits], 'credit');
	const tier = quote.tier ? ` (${quote.tier} tier)` : '';
	switch (quote.style) {
		case 'perSecond':
			return `${credits} for ${quote.duration} s at ${quote.resolution}${tier}`;
		case 'perCall':
			return `${credits} for ${quote.duration} s${tier}, at any resolution`;
		case 'matrix':
			return `${credits} at ${quote.resolution}, ${quote.quality} quality`;
		case 'perResolution':
			return `${credits} at ${quote.resolution}`;
		default:
			return `${credits} per generation`;
	}
}
