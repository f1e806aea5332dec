/** What a route family file exports: routes below /api/, each with the fault name it answers to. */
import type { IncomingMessage } from 'node:http';

import type { Reply } from '../http';
import type { FakeState } from '../state';
import type { FaultRoute } from '../types';

export interface ApiRequest {
	req: IncomingMessage;
	method: string;
	url: URL;
	/** Values of the path's `:name` segments, URL-decoded; an absent optional one is undefined. */
	params: Record<string, string | undefined>;
	/** The parsed JSON body, undefined when there was none or it was not JSON. */
	body: unknown;
}

export interface ApiRoute {
	/** What `Fault.route` names to hit this route. */
	fault: FaultRoute;
	/** Undefined: any method (the handler answers the ones it does not serve). */
	method?: string;
	/** Below /api/, e.g. `generate/v2/status/:id`; `:name?` = an optional trailing segment. */
	path: string;
	handle(state: FakeState, request: ApiRequest): Reply | Promise<Reply>;
}

/** The route's params when `parts` (the decoded segments below /api/) match it, else undefined. */
export function matchRoute(
	route: ApiRoute,
	method: string,
	parts: string[],
): Record<string, string | undefined> | undefined {
	if (route.method && route.method !== method) return undefined;
	const pattern = route.path.split('/');
	const required = pattern.filter((segment) => !segment.endsWith('?')).length;
	if (parts.length < required || parts.length > pattern.length) return undefined;
	const params: Record<string, string | undefined> = {};
	for (const [index, segment] of pattern.entries()) {
		if (segment.startsWith(':')) params[segment.replace(/^:|\?$/g, '')] = parts[index];
		else if (segment !== parts[index]) return undefined;
	}
	return params;
}
