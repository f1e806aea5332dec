/**
 * The media CDN (127.0.0.2): streams the media of completed jobs, Skill results and gallery
 * records, uploaded reference media (once PUT) and files served as another host's (`serveFile`),
 * needs no auth, and takes `media` faults.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

import { applyFault, takeFault } from './faults';
import { GALLERY } from './gallery';
import { recordRequest, sendJson, type Handler, type Reply } from './http';
import { MIME, mediaChunks, mediaSize, type MediaKind } from './media';
import type { FakeState } from './state';
import type { RecordedRequest } from './types';

interface Media {
	contentType: string;
	size: number;
	chunks: () => Iterable<Buffer>;
}

const notFound = (): Reply => ({ status: 404, body: { error: 'Not found' } });

const stored = (bytes: Buffer, contentType: string): Media => ({
	contentType,
	size: bytes.length,
	chunks: () => [bytes],
});

/** Generated media of completed jobs and of gallery records. */
function generatedAt(state: FakeState, pathname: string): Media | undefined {
	const m = /^\/media\/([^/]+)\/(\d+)\.(png|mp4)$/.exec(pathname);
	if (!m) return undefined;
	const [, id, nText, ext] = m;
	const n = Number(nText);
	const kind = ext as MediaKind;
	const job = state.jobs.get(id);
	const generated = (size: number): Media =>
		state.media
			? stored(state.media(id, n, kind, job?.aspectRatio), MIME[kind])
			: { contentType: MIME[kind], size, chunks: () => mediaChunks(id, n, kind, size) };
	if (job) {
		const expected = job.mediaType === 'video' ? 'mp4' : 'png';
		if (job.status !== 'completed' || kind !== expected || n >= job.mediaUrls.length)
			return undefined;
		return generated(mediaSize(id, n, kind, job.videoBytes ?? state.videoBytes));
	}
	const rec = GALLERY.find((g) => g.id === id);
	if (rec && kind === 'png' && n < rec.images) return generated(mediaSize(id, n, kind));
	// A Skill's output image: one per item.
	if (state.skills.completedItem(id) && kind === 'png' && n === 0)
		return generated(mediaSize(id, n, kind));
	return undefined;
}

/** What the CDN holds at a path. */
function mediaAt(state: FakeState, pathname: string): Media | undefined {
	const path = decodeURIComponent(pathname.slice(1));
	const upload = state.uploads.get(path);
	if (upload) return upload.bytes ? stored(upload.bytes, upload.contentType) : undefined;
	const file = path.startsWith('files/') ? state.files.get(path.slice('files/'.length)) : undefined;
	if (file) return stored(file.bytes, file.contentType);
	return generatedAt(state, pathname);
}

/** Sends the first half of the file, then cuts the connection. */
function sendHalf(
	res: ServerResponse,
	rec: RecordedRequest,
	chunks: Iterable<Buffer>,
	size: number,
): void {
	rec.fault = 'truncate';
	const half = Math.floor(size / 2);
	let sent = 0;
	for (const chunk of chunks) {
		const part = chunk.subarray(0, Math.max(0, half - sent));
		if (part.length) res.write(part);
		sent += part.length;
		if (sent >= half) break;
	}
	res.socket?.destroy();
}

export function cdnHandler(state: FakeState): Handler {
	return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const rec = await recordRequest(req, state.cdnRequests, false);
		const url = new URL(req.url ?? '/', 'http://127.0.0.2');
		const fault = takeFault(state, 'media', true);
		if (fault?.delayMs) await state.sleep(fault.delayMs);
		if (res.destroyed) return;
		const media =
			req.method === 'GET' || req.method === 'HEAD' ? mediaAt(state, url.pathname) : undefined;
		// A truncated download cuts the real file, below.
		if (
			fault &&
			fault.kind !== 'truncate' &&
			(await applyFault(fault, res, rec, async () => notFound()))
		)
			return;
		const upload =
			req.method === 'GET'
				? state.skills.upload(`${state.cdnUrl}${url.pathname}`, state.cdnUrl)
				: undefined;
		if (upload) {
			// A prepared Skill image: the uploaded bytes as they came.
			rec.status = 200;
			res.writeHead(200, {
				'Content-Type': upload.mimeType,
				'Content-Length': upload.bytes.length,
			});
			res.end(upload.bytes);
			return;
		}
		if (!media) {
			sendJson(res, rec, notFound());
			return;
		}
		rec.status = 200;
		res.writeHead(200, {
			'Content-Type': media.contentType,
			'Content-Length': media.size,
			'Cache-Control': 'public, max-age=31536000, immutable',
		});
		if (req.method === 'HEAD') {
			res.end();
			return;
		}
		const chunks = media.chunks();
		if (fault?.kind === 'truncate') {
			sendHalf(res, rec, chunks, media.size);
			return;
		}
		// Readable.from pulls from the generator as the socket drains: never the whole file in memory.
		Readable.from(chunks).pipe(res);
	};
}
