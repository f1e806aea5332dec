import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { downloadMedia } from './binary';
import type { MediaType } from '../types';

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

export function dropEmpty(json: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(json).filter(([, value]) => value !== undefined && value !== null),
	);
}

/**
 * Media files → output items, one per file: `base` and the file's own fields, its URL and
 * position, and (Download on) the file itself as binary data.
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
		const binary = await downloadMedia(context, file.url, file.fileBase, file.fileIndex, {
			mediaType: options.mediaType,
			maxBytes: options.maxDownloadBytes,
			deadline: options.deadline,
			signal: options.signal,
		});
		items.push({ json, binary: { [options.binaryPropertyOutput]: binary } });
	}
	return items;
}
