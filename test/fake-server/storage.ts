/**
 * The upload storage host (127.0.0.3): takes the presigned PUTs of reference media, like the
 * object storage behind MeiGen's presigned URLs. It records every PUT, stores the object only
 * when its Content-Type is the presigned one and its size the presigned size, and takes
 * `storage` faults (after the body came in; `afterProcessing` stores it first: a lost answer).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { applyFault, takeFault } from './faults';
import type { Handler } from './http';
import type { FakeState } from './state';
import type { StoragePut } from './uploads';

interface Received {
	bytes: Buffer;
	complete: boolean;
}

function receive(req: IncomingMessage): Promise<Received> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let done = false;
		const finish = (complete: boolean) => {
			if (done) return;
			done = true;
			resolve({ bytes: Buffer.concat(chunks), complete });
		};
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => finish(true));
		req.on('error', () => finish(false));
		req.on('close', () => finish(req.complete));
	});
}

/** An S3-style XML error. */
function sendError(
	res: ServerResponse,
	put: StoragePut,
	status: number,
	code: string,
	text: string,
) {
	const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${text}</Message></Error>`;
	put.status = status;
	res.writeHead(status, {
		'Content-Type': 'application/xml',
		'Content-Length': Buffer.byteLength(body),
	});
	res.end(body);
}

export function storageHandler(state: FakeState): Handler {
	return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.3');
		const time = Date.now();
		const fault = takeFault(state, 'storage', true);
		const { bytes, complete } = await receive(req);
		const declared = req.headers['content-length'];
		const put: StoragePut = {
			method: req.method ?? 'PUT',
			path: req.url ?? '/',
			headers: req.headers,
			body: undefined,
			rawBody: '',
			time,
			key: decodeURIComponent(url.pathname.slice(1)),
			authorization: req.headers.authorization !== undefined,
			contentType: req.headers['content-type'],
			contentLength: declared === undefined ? undefined : Number(declared),
			bytesReceived: bytes.length,
			sha256: createHash('sha256').update(bytes).digest('hex'),
			bytes,
			complete,
		};
		state.storagePuts.push(put);
		if (!complete || res.destroyed) return;
		if (fault?.delayMs) await state.sleep(fault.delayMs);
		if (res.destroyed) return;

		const upload = state.uploads.get(put.key);
		if (req.method !== 'PUT')
			return sendError(res, put, 405, 'MethodNotAllowed', 'Only PUT is presigned');
		if (!upload || url.searchParams.get('X-Amz-Signature') !== upload.signature)
			return sendError(res, put, 403, 'AccessDenied', 'No such presigned upload');
		if (fault && !fault.afterProcessing && (await applyFault(fault, res, put, notUsed))) return;
		if (put.contentLength === undefined)
			return sendError(res, put, 411, 'MissingContentLength', 'Send a Content-Length');
		// The content type is part of the signature.
		if (put.contentType !== upload.contentType) {
			return sendError(
				res,
				put,
				403,
				'SignatureDoesNotMatch',
				`Content-Type ${put.contentType ?? '(none)'} was not signed (${upload.contentType} was)`,
			);
		}
		if (put.contentLength !== upload.size || bytes.length !== upload.size) {
			return sendError(
				res,
				put,
				400,
				'IncompleteBody',
				`Expected ${upload.size} bytes, got ${bytes.length}`,
			);
		}
		upload.bytes = bytes;
		if (fault?.afterProcessing && (await applyFault(fault, res, put, notUsed))) return;
		put.status = 200;
		res.writeHead(200, { ETag: `"${put.sha256.slice(0, 32)}"`, 'Content-Length': 0 });
		res.end();
	};
}

/** The storage host answers no JSON: a `truncate` fault has nothing to cut. */
async function notUsed() {
	return { status: 200, body: {} };
}
