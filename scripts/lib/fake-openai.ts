/**
 * A tiny OpenAI-compatible chat endpoint on loopback, so n8n's AI Agent can run without a real
 * model: the first turn asks for a call to the MeiGen tool, the next turn answers with what the
 * tool returned. Supports `POST /v1/chat/completions`, streamed (SSE) or not.
 */
import http, { type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_OPENAI_PROMPT = 'a red fox in fresh snow, watercolor';

interface ToolSchema {
	type?: string;
	function?: { name?: string; parameters?: { properties?: Record<string, { type?: string }> } };
}

interface ChatRequest {
	model?: string;
	stream?: boolean;
	messages?: Array<{ role: string; content?: string | Array<{ text?: string }> | null }>;
	tools?: ToolSchema[];
}

export interface FakeOpenAi {
	/** Base URL as an OpenAI credential expects it, ending in `/v1`. */
	url: string;
	requests: ChatRequest[];
	/** The tool names offered to the model, per request. */
	toolNames: string[][];
	/** What the tool returned to the model (the `tool` message), when it did. */
	toolResults: string[];
	close(): Promise<void>;
}

/** Arguments for the tool's schema: the prompt where a field is named so, plain values elsewhere. */
function argumentsFor(tool: ToolSchema): Record<string, unknown> {
	const properties = Object.entries(tool.function?.parameters?.properties ?? {});
	const value = (name: string, type?: string) => {
		if (/prompt/i.test(name)) return FAKE_OPENAI_PROMPT;
		if (type === 'number' || type === 'integer') return 1;
		return type === 'boolean' ? false : 'e2e';
	};
	return Object.fromEntries(properties.map(([name, { type }]) => [name, value(name, type)]));
}

function json(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify(body));
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
	const requests: ChatRequest[] = [];
	const toolNames: string[][] = [];
	const toolResults: string[] = [];

	/** The model's turn: a call to the MeiGen tool, or, once the tool answered, the final words. */
	function reply(req: ChatRequest): { content: string | null; toolCalls?: object[] } {
		const toolMessage = [...(req.messages ?? [])].reverse().find((m) => m.role === 'tool');
		if (toolMessage) {
			const { content } = toolMessage;
			const result = Array.isArray(content) ? content.map((p) => p.text ?? '').join('') : content;
			toolResults.push(result ?? '');
			const id = /"generationId"\s*:\s*"([^"]+)"/.exec(result ?? '')?.[1] ?? 'unknown';
			return { content: `Done: I generated the picture (generation ${id}).` };
		}
		const tools = req.tools ?? [];
		const tool = tools.find((t) => /meigen/i.test(t.function?.name ?? '')) ?? tools[0];
		if (!tool?.function?.name) return { content: 'I have no tool to make pictures with.' };
		const call = { name: tool.function.name, arguments: JSON.stringify(argumentsFor(tool)) };
		const id = `call_e2e_${requests.length}`;
		return { content: null, toolCalls: [{ id, type: 'function', function: call }] };
	}

	function send(res: ServerResponse, req: ChatRequest): void {
		const { content, toolCalls } = reply(req);
		const head = { id: `chatcmpl-e2e-${requests.length}`, created: Math.floor(Date.now() / 1000) };
		const model = req.model ?? 'gpt-e2e';
		const finish = toolCalls ? 'tool_calls' : 'stop';
		const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
		if (!req.stream) {
			const message = { role: 'assistant', content, ...(toolCalls && { tool_calls: toolCalls }) };
			const choices = [{ index: 0, message, finish_reason: finish }];
			return json(res, 200, { ...head, object: 'chat.completion', model, choices, usage });
		}
		res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
		const streamed = { ...head, object: 'chat.completion.chunk', model };
		const event = (body: object) =>
			res.write(`data: ${JSON.stringify({ ...streamed, ...body })}\n\n`);
		const chunk = (delta: object, reason: string | null) =>
			event({ choices: [{ index: 0, delta, finish_reason: reason }] });
		chunk({ role: 'assistant', content: content ?? '' }, null);
		if (toolCalls)
			chunk({ tool_calls: toolCalls.map((call, index) => ({ index, ...call })) }, null);
		chunk({}, finish);
		event({ choices: [], usage });
		res.end('data: [DONE]\n\n');
	}

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = req.url ?? '';
			if (req.method === 'GET' && url.startsWith('/v1/models')) {
				const data = [{ id: 'gpt-e2e', object: 'model', owned_by: 'e2e' }];
				return json(res, 200, { object: 'list', data });
			}
			if (req.method !== 'POST' || !url.startsWith('/v1/chat/completions'))
				return json(res, 404, { error: { message: `no route ${req.method} ${url}` } });
			let body: ChatRequest;
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
			} catch {
				return json(res, 400, { error: { message: 'invalid JSON' } });
			}
			requests.push(body);
			toolNames.push((body.tools ?? []).map((t) => t.function?.name ?? ''));
			send(res, body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const close = () => {
		server.closeAllConnections();
		return new Promise<void>((resolve) => server.close(() => resolve()));
	};
	return { url: `http://127.0.0.1:${port}/v1`, requests, toolNames, toolResults, close };
}
