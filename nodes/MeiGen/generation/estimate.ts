import type { IDataObject } from 'n8n-workflow';

import type { Quote } from '../pricing/quote';

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
