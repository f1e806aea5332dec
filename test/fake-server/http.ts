/** HTTP plumbing shared by the fake's hosts: replies, request recording, starting and closing a host. */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { RecordedRequest } from './types';

/** A JSON answer. */
export interface Reply {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface Host {
	/** `http://<address>:<port>` */
	origin: string;
	close(): Promise<void>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** MeiGen's error body: `{ success: false, error, code?, ...extra }`. */
export function fail(
	status: number,
	code: string | undefined,
	error: string,
	extra: Record<string, unknown> = {},
): Reply {
	return { status, body: { success: false, error, ...(code ? { code } : {}), ...extra } };
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		// A client that goes away mid-body still gets recorded with what arrived.
		req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
	});
}

/** Reads the whole request and appends it to `log`; `json` parses the body (undefined when not JSON). */
export async function recordRequest(
	req: IncomingMessage,
	log: RecordedRequest[],
	json: boolean,
): Promise<RecordedRequest> {
	const time = Date.now();
	const rawBody = await readBody(req);
	let body: unknown;
	if (json && rawBody) {
		try {
			body = JSON.parse(rawBody);
		} catch {
			body = undefined;
		}
	}
	const rec: RecordedRequest = {
		method: req.method ?? 'GET',
		path: req.url ?? '/',
		headers: req.headers,
		body,
		rawBody,
		time,
	};
	log.push(rec);
	return rec;
}

export function sendJson(res: ServerResponse, rec: RecordedRequest, reply: Reply): void {
	const text = JSON.stringify(reply.body);
	rec.status = reply.status;
	res.writeHead(reply.status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		...reply.headers,
	});
	res.end(text);
}

/** A bug in the fake answers 500 (or cuts the stream) instead of leaving the client hanging. */
function guard(handler: Handler) {
	return (req: IncomingMessage, res: ServerResponse): void => {
		handler(req, res).catch((error: Error) => {
			if (!res.headersSent) {
				res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ success: false, error: `fake server bug: ${error.message}` }));
			} else res.destroy();
		});
	};
}

/** Serves `handler` on a free port of a loopback address (127.0.0.x: each host its own address). */
export async function startHost(address: string, handler: Handler, port = 0): Promise<Host> {
	const server = http.createServer(guard(handler));
	// Keep-alive sockets would hold close() open; close() ends them itself.
	server.keepAliveTimeout = 1000;
	const listening = await new Promise<number>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, address, () => resolve((server.address() as AddressInfo).port));
	});
	return {
		origin: `http://${address}:${listening}`,
		close: async () => {
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			server.closeAllConnections();
			await closed;
		},
	};
}
