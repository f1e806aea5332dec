import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { toNodeError } from '../../errors/nodeErrors';
import { waitDeadline } from '../../jobs/deadlines';
import { readWaitOptions } from '../../jobs/waitOptions';
import { mediaItems } from '../../media/binary';
import { readRequiredText } from '../../params/read';
import { endpoint } from '../../transport';
import { readApi } from '../../transport/read';
import type { GalleryImageResponse, ImageResponse } from '../../types';
import { declareOperation, type OperationExecute } from '../operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Image ID',
		name: 'imageId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 4b1c9e7a',
		description: "The ID of an image record in MeiGen's gallery",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Download',
				name: 'download',
				type: 'boolean',
				default: true,
				description:
					"Whether to download the finished media as binary data. Off: the output holds only the media URLs. As an AI agent's tool it is off unless set here, since a model can't read binary data.",
			},
			{
				displayName: 'Max Download Size (MB)',
				name: 'maxDownloadSize',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 512,
				description:
					"A media file larger than this fails the item instead of filling memory or disk. n8n's database binary storage (queue mode's default) refuses files over 512 MB; with filesystem or S3 storage, raise this for long videos.",
			},
			{
				displayName: 'Put Output in Field',
				name: 'binaryPropertyOutput',
				type: 'string',
				default: 'data',
				hint: 'The name of the output field to put the binary file data in',
			},
		],
	},
];

function isGallery(response: ImageResponse): response is GalleryImageResponse {
	return 'data' in response && typeof response.data === 'object' && response.data !== null;
}

/** The record as JSON and its media URLs, from either shape the API has answered with. */
function readRecord(response: ImageResponse): { json: IDataObject; urls: string[] } {
	if (isGallery(response)) {
		const { data } = response;
		const urls =
			Array.isArray(data.media_urls) && data.media_urls.length
				? data.media_urls
				: data.thumbnail_url
					? [data.thumbnail_url]
					: [];
		return { json: data as IDataObject, urls };
	}
	const legacy = response as IDataObject;
	return { json: legacy, urls: typeof legacy.imageUrl === 'string' ? [legacy.imageUrl] : [] };
}

const execute: OperationExecute = async function (context, itemIndex, run) {
	const startedAt = Date.now();
	const { signal } = run;
	const imageId = readRequiredText(
		context,
		'imageId',
		itemIndex,
		'Enter the ID of a gallery image.',
	);
	const options = readWaitOptions(context, itemIndex);
	try {
		const times = { startedAt, nodeStartedAt: run.startedAt };
		// A record is one read and its files: five minutes bound the retries, as for images.
		const deadline = waitDeadline(context, times, options.waitTimeout ?? 300).at;
		const response = await readApi<ImageResponse>(context, endpoint`/images/${imageId}`, {
			deadline,
			signal,
		});
		const { json, urls } = readRecord(response);
		if (!options.download || !urls.length) return [{ json }];
		const fileBase = String(json.id ?? imageId);
		const files = urls.map((url, fileIndex) => ({ url, fileBase, fileIndex }));
		return await mediaItems(context, json, files, {
			...options,
			mediaType: 'image',
			deadline,
			signal,
		});
	} catch (error) {
		throw toNodeError(context.getNode(), error, {
			itemIndex,
			notFound: `No MeiGen image with ID ${imageId}`,
		});
	}
};

export const operation = declareOperation({
	resource: 'image',
	operation: 'get',
	properties,
	execute,
	concurrent: false,
	agent: 'asIs',
});
