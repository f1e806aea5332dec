/**
 * Which URLs each MeiGen endpoint takes as they are, without an upload (MeiGen's docs). Everything
 * else is uploaded first. Both rules want https on the default port, with no credentials; a Skill
 * image URL also without a fragment.
 */

/** Where a URL is going: a generation's reference media, or a Skill's image field. */
export type HostedFor = 'referenceMedia' | 'skillImage';

const HOSTS: Record<HostedFor, string[]> = {
	// Reference videos and audio: only MeiGen's own media host (an earlier job's videoUrl, or an
	// uploaded file's publicUrl).
	referenceMedia: ['images.meigen.ai'],
	// Every Skill but Upscale: MeiGen's media hosts and the one image CDN it fetches from.
	skillImage: ['images.meigen.ai', 'images.meigen.art', 'pbs.twimg.com'],
};

/** Whether `url` goes to `endpoint` as it is. */
export function isHostedFor(endpoint: HostedFor, url: string): boolean {
	try {
		const parsed = new URL(url);
		return (
			parsed.protocol === 'https:' &&
			HOSTS[endpoint].includes(parsed.hostname) &&
			!parsed.port &&
			!parsed.username &&
			!parsed.password &&
			(endpoint !== 'skillImage' || !parsed.hash)
		);
	} catch {
		return false;
	}
}
