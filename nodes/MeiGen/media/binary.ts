import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { openDownload } from '../transport/download';
import { markOrigin } from './origin';
import { NotMediaError } from '../transport/errors';
import type { MediaType } from '../types';
import { classifyReadError, downloadPolicy, withRetries } from '../transport/retry';

const EXTENSION_BY_MIME: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/jpg': 'jpg',
	'image/webp': 'webp',
	'image/gif': 'gif',
	'image/avif': 'avif',
	'video/mp4': 'mp4',
	'video/webm': 'webm',
	'video/quicktime': 'mov',
};

const MIME_BY_EXTENSION: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif',
	avif: 'image/avif',
	mp4: 'video/mp4',
	webm: 'video/webm',
	mov: 'video/quicktime',
};

function extensionOfUrl(url: string): string | undefined {
	const match = /\.([a-z0-9]{2,5})$/i.exec(new URL(url).pathname);
	const extension = match?.[1].toLowerCase();
	return extension && MIME_BY_EXTENSION[extension] ? extension : undefined;
}

/** The MIME type and file extension of a media file: the server's Content-Type, else the URL, else the job's media type. */
export function mediaFormat(
	url: string,
	contentType: string | undefined,
	mediaType: MediaType | undefined,
): { mimeType: string; extension: string } {
	const declared = contentType?.toLowerCase();
	if (declared && EXTENSION_BY_MIME[declared])
		return { mimeType: declared, extension: EXTENSION_BY_MIME[declared] };
	const fromUrl = extensionOfUrl(url);
	if (fromUrl) return { mimeType: MIME_BY_EXTENSION[fromUrl], extension: fromUrl };
	if (declared && declared !== 'application/octet-stream') {
		return {
			mimeType: declared,
			extension: declared.split('/')[1]?.replace(/[^a-z0-9]/g, '') || 'bin',
		};
	}
	return mediaType === 'video'
		? { mimeType: 'video/mp4', extension: 'mp4' }
		: { mimeType: 'image/png', extension: 'png' };
}

/** Images, videos, and the generic binary type some CDNs send for either. */
function isMediaType(mimeType: string): boolean {
	const type = mimeType.toLowerCase();
	return (
		type.startsWith('image/') ||
		type.startsWith('video/') ||
		type === 'application/octet-stream' ||
		type === 'binary/octet-stream'
	);
}

/** `<base>.png` for the first file, `<base>-2.png` for the second, and so on. */
export function mediaFileName(base: string, index: number, extension: string): string {
	return `${base}${index === 0 ? '' : `-${index + 1}`}.${extension}`;
}

/** One media file of a result, as the output names it. */
export interface MediaFile {
	url: string;
	/** The file name without extension and counter, e.g. the generation ID */
	fileBase: string;
	/** 0 for `<base>.png`, 1 for `<base>-2.png`, … */
	fileIndex: number;
	/** Fields only this file's item has (e.g. the product-detail module) */
	json?: IDataObject;
}

export interface MediaItemsOptions {
	download: boolean;
	maxDownloadBytes: number;
	binaryPropertyOutput: string;
	mediaType?: MediaType;
	/** Download retries stay within this epoch ms; the first try always runs */
	deadline: number;
	signal?: AbortSignal;
}

/**
 * Media files → output items, one per file: `base` and the file's own fields, its URL and
 * position, and (Download on) the file itself as binary data. The body is streamed into
 * prepareBinaryData, so with n8n's filesystem or S3 binary mode a large video never sits in
 * memory whole. A transient failure (network, 429, 5xx) starts that download again, a bounded
 * number of times.
 */
export async function mediaItems(
	context: IExecuteFunctions,
	base: IDataObject,
	files: MediaFile[],
	options: MediaItemsOptions,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	for (const [index, file] of files.entries()) {
		const json = {
			...base,
			...file.json,
			url: file.url,
			mediaIndex: index + 1,
			mediaCount: files.length,
		};
		if (!options.download) {
			items.push({ json });
			continue;
		}
		const { signal } = options;
		const binary = await withRetries(
			async () => {
				const download = await openDownload(context, file.url, options.maxDownloadBytes, signal);
				if (download.mimeType && !isMediaType(download.mimeType)) {
					download.stream.destroy();
					throw new NotMediaError(download.mimeType);
				}
				const { mimeType, extension } = mediaFormat(
					download.url,
					download.mimeType,
					options.mediaType,
				);
				const data = await context.helpers.prepareBinaryData(
					download.stream,
					mediaFileName(file.fileBase, file.fileIndex, extension),
					mimeType,
				);
				// The stream has ended: its hash covers the whole file.
				return markOrigin(data, file.url, download.sha256());
			},
			classifyReadError,
			downloadPolicy({ deadline: options.deadline, signal }),
		);
		items.push({ json, binary: { [options.binaryPropertyOutput]: binary } });
	}
	return items;
}
