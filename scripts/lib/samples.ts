/**
 * Sample inputs the examples fetch from the internet, and what the end-to-end test serves in their
 * place: nothing leaves the machine, so each sample URL is pointed at a file on the fake's CDN.
 */
import { expectedMediaBytes } from '../../test/fake-server';

/** The product photo examples 07 and 08 download (a public Wikimedia Commons PNG). */
export const PRODUCT_PHOTO_URL =
	'https://upload.wikimedia.org/wikipedia/commons/4/47/PNG_transparency_demonstration_1.png';

/** Its stand-in: the fake CDN serves its gallery record `img_123` as a PNG at this path. */
const STAND_IN_ID = 'img_123';
export const PRODUCT_PHOTO_PATH = `/media/${STAND_IN_ID}/0.png`;

/** The stand-in photo's bytes, as the fake's CDN serves them. */
export function productPhotoBytes(): Buffer {
	return expectedMediaBytes(STAND_IN_ID, 0, 'png');
}

/** Sample URL → the URL that replaces it in this run. */
export function sampleUrls(cdnUrl: string): Record<string, string> {
	return { [PRODUCT_PHOTO_URL]: `${cdnUrl}${PRODUCT_PHOTO_PATH}` };
}
