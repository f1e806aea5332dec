import type { ApiErrorBody } from '../types';

/** Removes the secret from a text that may be shown, in case a server or proxy echoes it back. */
export function redactText(text: string, secret: string): string {
	return secret && text.includes(secret) ? text.split(secret).join('[redacted]') : text;
}

/** The same for a parsed error body, whatever field the secret sits in. */
export function redact(body: ApiErrorBody, secret: string): ApiErrorBody {
	if (!secret) return body;
	const text = JSON.stringify(body);
	return text.includes(secret) ? (JSON.parse(redactText(text, secret)) as ApiErrorBody) : body;
}
