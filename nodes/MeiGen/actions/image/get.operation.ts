import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { downloadMedia } from '../../helpers/binary';
import { toNodeError } from '../../helpers/errors';
import type { GalleryImageResponse, ImageResponse } from '../../helpers/interfaces';
import { classifyReadError, readPolicy } from '../../helpers/generation';
import { readWaitOptions, waitDeadline } from '../../helpers/options';
import { withRetries } from '../../helpers/retry';
import { apiRequest, cancelSignal, endpoint } from '../../transport';
import { downloadOptions } from '../common.descriptions';
import type { RunState } from '../shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Image ID',
		name: 'imageId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 4b1c9e7a',
		description: 'The ID of an image record in MeiGen\'s gallery',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: downloadOptions,
	},
];

export const description = updateDisplayOptions({ show: { resource: ['image'], operation: ['get'] } }, properties);

function isGallery(response: ImageResponse): response is GalleryImageResponse {
	return 'data' in response && typeof response.data === 'object' && response.data !== null;
}

/** The record as JSON and its media URLs, from either shape the API has answered with. */
function readRecord(response: ImageResponse): { json: IDataObject; urls: string[] } {
	if (isGallery(response)) {
		const { data } = response;
		const urls = Array.isArray(data.media_urls) && data.media_urls.length
			? data.media_urls
			: data.thumbnail_url
				? [data.thumbnail_url]
				: [];
		return { json: data as IDataObject, urls };
	}
	const legacy = response as IDataObject;
	return { json: legacy, urls: typeof legacy.imageUrl === 'string' ? [legacy.imageUrl] : [] };
}

export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<INodeExecutionData[]> {
	const startedAt = Date.now();
	const signal = cancelSignal(this);
	const node = this.getNode();
	const imageId = String(this.getNodeParameter('imageId', itemIndex, '') ?? '').trim();
	const options = readWaitOptions(this, itemIndex);
	if (!imageId) {
		throw new NodeOperationError(node, 'Image ID is empty', { description: 'Enter the ID of a gallery image.', itemIndex });
	}
	try {
		const deadline = waitDeadline(this, startedAt, state.startedAt, options, 'image').at;
		const response = await withRetries(
			async () => await apiRequest<ImageResponse>(this, 'GET', endpoint`/images/${imageId}`),
			classifyReadError,
			readPolicy({ deadline, signal }),
		);
		const { json, urls } = readRecord(response);
		if (!options.download || !urls.length) return [{ json }];

		const items: INodeExecutionData[] = [];
		for (const [index, url] of urls.entries()) {
			const binary = await downloadMedia(this, url, String(json.id ?? imageId), index, 'image', {
				maxBytes: options.maxDownloadBytes,
				deadline,
				signal,
			});
			items.push({ json: { ...json, url, mediaIndex: index + 1, mediaCount: urls.length }, binary: { [options.binaryPropertyOutput]: binary } });
		}
		return items;
	} catch (error) {
		throw toNodeError(node, error, { itemIndex, notFound: `No MeiGen image with ID ${imageId}` });
	}
}
