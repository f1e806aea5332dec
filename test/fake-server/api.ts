/** The API host (127.0.0.1, prefix /api): records each request, finds its route, applies faults. */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { applyFault, takeFault } from './faults';
import { fail, recordRequest, sendJson, type Handler, type Reply } from './http';
import { API_ROUTES } from './routes';
import { matchRoute } from './routes/route';
import type { FakeState } from './state';
import type { FaultRoute } from './types';

const notFound = (): Reply => fail(404, undefined, 'Not found');

/** The request's fault route and how to answer it; no fault route for an unknown path. */
function route(
	state: FakeState,
	req: IncomingMessage,
	body: unknown,
): { fault: FaultRoute | undefined; handle: () => Promise<Reply> } {
	const method = req.method ?? 'GET';
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	const path = url.pathname.replace(/\/+$/, '');
	if (path.startsWith('/api/')) {
		const parts = path.slice('/api/'.length).split('/').map(decodeURIComponent);
		for (const candidate of API_ROUTES) {
			const params = matchRoute(candidate, method, parts);
			if (!params) continue;
			const request = { req, method, url, params, body };
			return { fault: candidate.fault, handle: async () => await candidate.handle(state, request) };
		}
	}
	return { fault: undefined, handle: async () => notFound() };
}

export function apiHandler(state: FakeState): Handler {
	return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const rec = await recordRequest(req, state.requests, true);
		const { fault: faultRoute, handle } = route(state, req, rec.body);
		const fault = takeFault(state, faultRoute, false);
		if (fault?.delayMs) await state.sleep(fault.delayMs);
		if (res.destroyed) return;
		if (fault && !fault.afterProcessing && (await applyFault(fault, res, rec, handle))) return;
		const reply = await handle();
		if (fault?.afterProcessing && (await applyFault(fault, res, rec, async () => reply))) return;
		sendJson(res, rec, reply);
	};
}
