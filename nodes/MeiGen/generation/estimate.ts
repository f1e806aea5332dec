import type { IDataObject } from 'n8n-workflow';

import type { ReferenceMedia } from '../media/referenceMedia';
import { quoteGeneration, type Quote } from '../pricing/quote';
import type { MeiGenModel, SubmitFields } from '../types';

/** The price; with reference videos only when every clip's length is known (MeiGen bills them). */
export function quoteFor(model: MeiGenModel, body: SubmitFields, media: ReferenceMedia[]) {
	const clips = media.filter((entry) => entry.kind === 'video');
	if (!clips.length) return quoteGeneration(model, body);
	const seconds = clips.map((entry) => entry.seconds);
	if (seconds.some((value) => value === undefined)) return undefined;
	return quoteGeneration(model, body, { referenceVideoSeconds: seconds as number[] });
}

/** Estimate Only: the price and how it was worked out; nothing is sent. */
export function estimate(modelId: string, prompt: string, quote: Quote | undefined): IDataObject {
	if (!quote) {
		return {
			estimate: true,
			modelId,
			prompt,
			priceKnown: false,
			reason: "MeiGen's price tables give no price for this model and these options",
		};
	}
	const { credits, ...pricing } = quote;
	return { estimate: true, modelId, prompt, priceKnown: true, creditsQuoted: credits, pricing };
}
