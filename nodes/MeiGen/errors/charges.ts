/**
 * How the node tells a user that an item cost nothing, in one wording everywhere: either nothing
 * reached MeiGen (bad input, a failed upload, no time left to submit), or MeiGen refused the
 * submission before charging for it.
 */
export function nothingCharged(why: 'notSubmitted' | 'refused'): string {
	return why === 'notSubmitted'
		? 'Nothing was submitted or charged for this item.'
		: 'MeiGen refused it: nothing was charged for this item.';
}
