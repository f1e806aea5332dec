/**
 * A rate limiter in front of the fake MeiGen API, for the bench: MeiGen documents about 12
 * generate POSTs a minute and answers 429 beyond. The fake has no limiter of its own, so this
 * proxy on 127.0.0.1 counts accepted `POST /api/generate/v2` in a sliding window, answers 429 with
 * `Retry-After` (seconds until the oldest accepted submit leaves the window) when the window is
 * full, and forwards everything else to the fake unchanged.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RateLimitOptions {
	/** Accepted submits per window */
	limit: number;
	windowMs: number;
}

export interface RejectedSubmit {
	time: number;
	retryAfterSeconds: number;
}

export interface RateLimitProxy {
	/** Base URL to give the credential instead of the fake's apiUrl (keeps the /api prefix). */
	apiUrl: string;
	/** Submits answered 429 by the proxy (they never reached the fake). */
	rejected: RejectedSubmit[];
	/** Arrival times of submits the proxy let through. */
	accepted: number[];
	close(): Promise<void>;
}

const SUBMIT_PATH = '/api/generate/v2';

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', () => resolve(Buffer.concat(chunks)));
	});
}

export async function startRateLimitProxy(
	upstreamApiUrl: string,
	options: RateLimitOptions,
): Promise<RateLimitProxy> {
	const upstream = new URL(upstreamApiUrl);
	const accepted: number[] = [];
	const rejected: RejectedSubmit[] = [];

	const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
		const outgoing = http.request(
			{
				host: upstream.hostname,
				port: upstream.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, host: upstream.host },
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		outgoing.on('error', () => res.destroy());
		outgoing.end(body);
	};

	const server = http.createServer((req, res) => {
		void readBody(req).then((body) => {
			const isSubmit =
				req.method === 'POST' && (req.url ?? '').split('?')[0].replace(/\/+$/, '') === SUBMIT_PATH;
			if (!isSubmit) return forward(req, res, body);
			const now = Date.now();
			const inWindow = accepted.filter((time) => time > now - options.windowMs);
			if (inWindow.length >= options.limit) {
				const oldest = inWindow[inWindow.length - options.limit];
				const retryAfterSeconds = Math.max(1, Math.ceil((oldest + options.windowMs - now) / 1000));
				rejected.push({ time: now, retryAfterSeconds });
				const text = JSON.stringify({
					success: false,
					error: 'Too many requests, slow down',
					code: 'rate_limited',
					retryable: true,
					retryAfterSeconds,
				});
				res.writeHead(429, {
					'Content-Type': 'application/json; charset=utf-8',
					'Content-Length': Buffer.byteLength(text),
					'Retry-After': String(retryAfterSeconds),
				});
				res.end(text);
				return;
			}
			accepted.push(now);
			forward(req, res, body);
		});
	});
	server.keepAliveTimeout = 1000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		apiUrl: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/+$/, '')}`,
		accepted,
		rejected,
		close: async () => {
			const closing = new Promise<void>((resolve) => server.close(() => resolve()));
			server.closeAllConnections();
			await closing;
		},
	};
}
