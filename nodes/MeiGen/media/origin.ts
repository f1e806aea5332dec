import type { IBinaryData } from 'n8n-workflow';

/**
 * Files this node downloads from MeiGen carry the URL MeiGen gave them and the hash of their bytes
 * (in the binary data's own fields, which n8n keeps with the file). A later MeiGen node given the
 * same bytes sends that URL instead of inlining or uploading them again: MeiGen takes its own
 * results wherever it takes an image or a clip. An edited file no longer matches its hash, so it
 * is sent as the new bytes it is.
 */

const URL_FIELD = 'meigenUrl';
const HASH_FIELD = 'meigenSha256';

/** The downloaded file, marked with where MeiGen serves it. */
export function markOrigin(binary: IBinaryData, url: string, sha256: string): IBinaryData {
	return { ...binary, [URL_FIELD]: url, [HASH_FIELD]: sha256 };
}

/** MeiGen's URL of these bytes, when the file came from MeiGen unchanged. */
export function originUrl(binary: IBinaryData, sha256: string): string | undefined {
	const url = binary[URL_FIELD];
	return typeof url === 'string' && url && binary[HASH_FIELD] === sha256 ? url : undefined;
}
