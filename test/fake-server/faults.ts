/** Fault injection: which pending fault a request meets, and how a faulty answer goes out. */
import http, { type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

import { sendJson, type Reply } from './http';
import type { FakeState } from './state';
import type { Fault, FaultRoute, RecordedRequest } from './types';

const FILLER_BYTES = 1024 * 1024;
const CHUNK = 64 * 1024;

function* filler(bytes: number): Generator<Buffer> {
	for (let sent = 0; sent < bytes; sent += CHUNK)
		yield Buffer.alloc(Math.min(CHUNK, bytes - sent), 7);
}

/** A body whose length the client cannot learn (or must not trust) from Content-Length. */
function sendUnframed(
	kind: 'chunked' | 'untilClose' | 'lyingLength',
	bytes: number,
	res: ServerResponse,
	rec: RecordedRequest,
): void {
	const contentType = /\.mp4(\?|$)/.test(rec.path) ? 'video/mp4' : 'image/png';
	rec.status = 200;
	res.on('error', () => {});
	if (kind === 'chunked') {
		res.writeHead(200, { 'Content-Type': contentType });
		Readable.from(filler(bytes)).pipe(res);
	} else if (kind === 'lyingLength') {
		res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': bytes });
		res.write(Buffer.alloc(Math.min(1024, bytes)));
	} else {
		// Node's ServerResponse always frames a body, so this one goes out on the socket itself.
		const socket = res.socket;
		if (!socket) return;
		socket.on('error', () => {});
		socket.write(`HTTP/1.1 200 OK\r\nContent-Type: ${contentType}\r\nConnection: close\r\n\r\n`);
		Readable.from(filler(bytes)).pipe(socket);
	}
}

/** Takes the first pending fault for `route` (`any` matches API routes only) and counts it down. */
export function takeFault(
	state: FakeState,
	route: FaultRoute | undefined,
	isCdn: boolean,
): Fault | undefined {
	if (!route) return undefined;
	const index = state.faults.findIndex((f) => f.route === route || (f.route === 'any' && !isCdn));
	if (index < 0) return undefined;
	const fault = state.faults[index];
	if (fault.passed < (fault.after ?? 0)) {
		fault.passed++;
		return undefined;
	}
	fault.left--;
	if (fault.left <= 0) state.faults.splice(index, 1);
	return fault;
}

/**
 * Answers with the fault. Returns false when it only delays (the caller answers normally).
 * `normal` is the answer the route would give, for `truncate`.
 */
export async function applyFault(
	fault: Fault,
	res: ServerResponse,
	rec: RecordedRequest,
	normal: () => Promise<Reply>,
): Promise<boolean> {
	const kind = fault.kind ?? (fault.status ? 'status' : undefined);
	if (!kind) return false;
	rec.fault = kind;
	if (kind === 'drop') {
		rec.status = 0;
		res.socket?.destroy();
		return true;
	}
	// Taken in, never answered: the client's time limit is all that ends it (or the fake closing).
	if (kind === 'hang') return true;
	if (kind === 'redirect') {
		rec.status = fault.status ?? 302;
		res.writeHead(rec.status, {
			Location: fault.location ?? 'file:///etc/passwd',
			'Content-Length': 0,
		});
		res.end();
		return true;
	}
	if (kind === 'truncate') {
		const text = JSON.stringify((await normal()).body);
		rec.status = 200;
		res.writeHead(200, {
			'Content-Type': 'application/json',
			'Content-Length': Buffer.byteLength(text),
		});
		res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
		return true;
	}
	if (kind === 'chunked' || kind === 'untilClose' || kind === 'lyingLength') {
		sendUnframed(kind, fault.bytes ?? FILLER_BYTES, res, rec);
		return true;
	}
	const status = fault.status ?? 500;
	const headers: Record<string, string> = { ...fault.headers };
	if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
	if (fault.text !== undefined) {
		rec.status = status;
		res.writeHead(status, {
			'Content-Type': 'text/html; charset=utf-8',
			'Content-Length': Buffer.byteLength(fault.text),
			...headers,
		});
		res.end(fault.text);
		return true;
	}
	// MeiGen's error body; a plain status carries no code (MeiGen documents none for it).
	const body = fault.body ?? { success: false, error: http.STATUS_CODES[status] ?? 'Error' };
	sendJson(res, rec, { status, body, headers });
	return true;
}
