import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { ApiError, CancelledError } from './errors';
import { TIME_LIMIT_MS, type CallKind } from './limits';
import { redact, redactText } from './redact';
import { asErrorBody, retryAfterMs, transportFailure } from './response';

export type MeiGenFunctions = IExecuteFunctions | ILoadOptionsFunctions;

export interface MeiGenCredentials {
	apiKey: string;
	baseUrl: string;
}

const DEFAULT_BASE_URL = 'https://www.meigen.ai/api';

/** Builds an endpoint path, URL-encoding every interpolated value so an ID can't reach another route. */
export function endpoint(strings: TemplateStringsArray, ...values: Array<string | number>): string {
	return strings.reduce(
		(path, part, index) =>
			path + part + (index < values.length ? encodeURIComponent(String(values[index])) : ''),
		'',
	);
}

/** The execution's cancel signal (stop, timeout, shutdown); none while loading options. */
export function cancelSignal(context: MeiGenFunctions): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
}

export async function getMeiGenCredentials(context: MeiGenFunctions): Promise<MeiGenCredentials> {
	const credentials = await context.getCredentials<MeiGenCredentials>('meiGenApi');
	return {
		apiKey: String(credentials.apiKey ?? ''),
		baseUrl: String(credentials.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, ''),
	};
}

export interface ApiRequestOptions {
	body?: object;
	qs?: IDataObject;
	/** The execution's cancel signal, read once per execution by the caller */
	signal?: AbortSignal;
	/** Which time limit applies (TIME_LIMIT_MS); a read's by default */
	limit?: CallKind;
}

/**
 * One request to the MeiGen API with the credential's Bearer token, within its time limit.
 * Resolves with the parsed body of a 2xx answer; otherwise throws ApiError (any other status),
 * NetworkError (no answer, or none in time) or CancelledError.
 */
export async function apiRequest<T>(
	context: MeiGenFunctions,
	method: IHttpRequestMethods,
	path: string,
	options: ApiRequestOptions = {},
): Promise<T> {
	const { apiKey, baseUrl } = await getMeiGenCredentials(context);
	const { signal, limit = 'read' } = options;
	if (signal?.aborted) throw new CancelledError();

	const request: IHttpRequestOptions = {
		method,
		url: `${baseUrl}${path}`,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		headers: { Accept: 'application/json' },
		timeout: TIME_LIMIT_MS[limit],
	};
	if (options.body) request.body = options.body;
	if (options.qs) request.qs = options.qs;

	let response: IN8nHttpFullResponse;
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			'meiGenApi',
			request,
		)) as IN8nHttpFullResponse;
	} catch (error) {
		throw transportFailure(error, signal, apiKey, TIME_LIMIT_MS[limit]);
	}

	if (response.statusCode >= 200 && response.statusCode < 300) return response.body as T;
	// A text body is cleaned before it is cut to an excerpt, so no part of the key survives.
	const raw = typeof response.body === 'string' ? redactText(response.body, apiKey) : response.body;
	const body = redact(asErrorBody(raw), apiKey);
	throw new ApiError(response.statusCode, body, retryAfterMs(response.headers, body));
}
