import type { IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../errors/nodeErrors';
import { apiRequest } from '../transport';
import { openDownload } from '../transport/download';
import { type CallOptions, classifyReadError, uploadPolicy, withRetries } from '../transport/retry';
import { putToStorage } from '../transport/storage';
import {
	binaryBody,
	CONTENT_TYPES,
	type MediaKind,
	type ReferenceMedia,
	type ReferenceSource,
} from './referenceMedia';

/**
 * Reference media to MeiGen's storage: a presigned PUT of the bytes (from a binary field, or
 * streamed from another host), retried afresh; MeiGen-hosted URLs go as they are.
 */

interface PresignResponse {
	success?: boolean;
	presignedUrl?: string;
	publicUrl?: string;
	key?: string;
}

/** POST /upload/reference-video: where to PUT the bytes, and the URL MeiGen will then accept. */
async function presign(
	context: IExecuteFunctions,
	body: { filename: string; contentType: string; size: number; modelId: string; kind: MediaKind },
	call: CallOptions,
): Promise<{ presignedUrl: string; publicUrl: string }> {
	const answer = await apiRequest<PresignResponse>(context, 'POST', '/upload/reference-video', {
		body,
		signal: call.signal,
		limit: 'presign',
	});
	if (answer?.success === false || !answer?.presignedUrl || !answer.publicUrl) {
		throw new Error('MeiGen accepted the upload request but sent no upload URL');
	}
	return { presignedUrl: answer.presignedUrl, publicUrl: answer.publicUrl };
}

/** The URL MeiGen is sent for a reference: hosted ones as they are, the rest uploaded first. */
export async function uploadReferenceMedia(
	context: IExecuteFunctions,
	itemIndex: number,
	entry: ReferenceMedia,
	modelId: string,
	maxBytes: number,
	call: CallOptions,
): Promise<string> {
	const { source } = entry;
	if (source.type === 'hosted') return source.url;
	const upload =
		source.type === 'binary'
			? async () => await uploadBinary(context, itemIndex, entry.kind, source, modelId, call)
			: async () =>
					await relayUrl(context, itemIndex, entry.kind, source.url, { modelId, maxBytes, call });
	// Presigning is free, but MeiGen counts failed uploads: presign and PUT are tried again once.
	return await withRetries(upload, classifyReadError, uploadPolicy(call));
}

/** A binary field's bytes, PUT to the presigned URL. */
async function uploadBinary(
	context: IExecuteFunctions,
	itemIndex: number,
	kind: MediaKind,
	source: Extract<ReferenceSource, { type: 'binary' }>,
	modelId: string,
	call: CallOptions,
): Promise<string> {
	const target = await presign(
		context,
		{
			filename: source.fileName,
			contentType: source.mimeType,
			size: source.size,
			modelId,
			kind,
		},
		call,
	);
	const body = await binaryBody(context, itemIndex, source);
	await putToStorage(context, target.presignedUrl, body, source.mimeType, source.size, call.signal);
	return target.publicUrl;
}

/** A file on another host, streamed from there straight into MeiGen's storage. */
async function relayUrl(
	context: IExecuteFunctions,
	itemIndex: number,
	kind: MediaKind,
	url: string,
	upload: { modelId: string; maxBytes: number; call: CallOptions },
): Promise<string> {
	const { modelId, maxBytes, call } = upload;
	const download = await openDownload(context, url, maxBytes, call.signal);
	const contentType = (download.mimeType ?? '').toLowerCase();
	if (download.size === undefined || !CONTENT_TYPES[kind].includes(contentType)) {
		download.stream.destroy();
		throw inputError(
			context.getNode(),
			itemIndex,
			download.size === undefined
				? `${url} answered without a Content-Length`
				: `${url} is not ${kind === 'video' ? 'an MP4 or MOV video' : 'WAV or MP3 audio'} (${contentType || 'no type'})`,
			'Fetch the file with an HTTP Request node first and pass its binary field instead.',
		);
	}
	const size = download.size;
	const fileName = decodeURIComponent(
		new URL(download.url).pathname.split('/').pop() || 'reference',
	);
	const target = await presign(
		context,
		{ filename: fileName, contentType, size, modelId, kind },
		call,
	).then(
		(answer) => answer,
		(error: unknown) => {
			download.stream.destroy();
			return Promise.reject(error);
		},
	);
	await putToStorage(context, target.presignedUrl, download.stream, contentType, size, call.signal);
	return target.publicUrl;
}
