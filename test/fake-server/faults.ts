/** Fault injection: which pending fault a request meets, and how a faulty answer goes out. */
import http, { type ServerResponse } from 'node:http';

import { sendJson, type Reply } from './http';
import type { FakeState } from './state';
import type { Fault, FaultRoute, RecordedRequest } from './types';

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
	const status = fault.status ?? 500;
	const headers: Record<string, string> = { ...fault.headers };
	if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
	const body = fault.body ?? {
		success: false,
		error: http.STATUS_CODES[status] ?? 'Error',
		code: `http_${status}`,
	};
	sendJson(res, rec, { status, body, headers });
	return true;
}
