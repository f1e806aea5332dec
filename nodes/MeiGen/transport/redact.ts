import type { ApiErrorBody } from '../types';

/** Removes the secret from any text that may be shown, in case a server or proxy echoes it back. */
export function redact(body: ApiErrorBody, secret: string): ApiErrorBody {
	if (!secret) return body;
	const text = JSON.stringify(body);
	return text.includes(secret)
		? (JSON.parse(text.split(secret).join('[redacted]')) as ApiErrorBody)
		: body;
}
