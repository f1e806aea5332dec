/**
 * A tiny OpenAI-compatible chat endpoint on loopback, so n8n's AI Agent can run without a real
 * model: the first turn asks for a call to the MeiGen tool, the next turn answers with what the
 * tool returned. Supports `POST /v1/chat/completions`, streamed (SSE) or not.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_OPENAI_PROMPT = 'a red fox in fresh snow, watercolor';

interface ToolSchema {
	type?: string;
	function?: {
		name?: string;
		description?: string;
		parameters?: { properties?: Record<string, { type?: string }>; required?: string[] };
	};
}

interface ChatMessage {
	role: string;
	content?: string | Array<{ type?: string; text?: string }> | null;
	tool_call_id?: string;
}

interface ChatRequest {
	model?: string;
	stream?: boolean;
	messages?: ChatMessage[];
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

function text(content: ChatMessage['content']): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
	return '';
}

function argumentsFor(tool: ToolSchema): Record<string, unknown> {
	const args: Record<string, unknown> = {};
	const properties = tool.function?.parameters?.properties ?? {};
	for (const [name, schema] of Object.entries(properties)) {
		if (/prompt/i.test(name)) args[name] = FAKE_OPENAI_PROMPT;
		else if (schema.type === 'number' || schema.type === 'integer') args[name] = 1;
		else if (schema.type === 'boolean') args[name] = false;
		else args[name] = 'e2e';
	}
	return args;
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
	const requests: ChatRequest[] = [];
	const toolNames: string[][] = [];
	const toolResults: string[] = [];
	let calls = 0;

	function reply(req: ChatRequest): {
		content: string | null;
		toolCall?: { id: string; name: string; arguments: string };
	} {
		const messages = req.messages ?? [];
		const toolMessage = [...messages].reverse().find((m) => m.role === 'tool');
		if (toolMessage) {
			const result = text(toolMessage.content);
			toolResults.push(result);
			const id = /"generationId"\s*:\s*"([^"]+)"/.exec(result)?.[1] ?? 'unknown';
			return { content: `Done: I generated the picture (generation ${id}).` };
		}
		const tool =
			(req.tools ?? []).find((t) => /meigen/i.test(t.function?.name ?? '')) ?? req.tools?.[0];
		if (!tool?.function?.name) return { content: 'I have no tool to make pictures with.' };
		calls += 1;
		return {
			content: null,
			toolCall: {
				id: `call_e2e_${calls}`,
				name: tool.function.name,
				arguments: JSON.stringify(argumentsFor(tool)),
			},
		};
	}

	function send(res: ServerResponse, req: ChatRequest): void {
		const answer = reply(req);
		const id = `chatcmpl-e2e-${requests.length}`;
		const created = Math.floor(Date.now() / 1000);
		const model = req.model ?? 'gpt-e2e';
		const finish = answer.toolCall ? 'tool_calls' : 'stop';
		const toolCalls = answer.toolCall
			? [
					{
						id: answer.toolCall.id,
						type: 'function',
						function: { name: answer.toolCall.name, arguments: answer.toolCall.arguments },
					},
				]
			: undefined;
		const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
		if (req.stream) {
			res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
			const chunk = (delta: Record<string, unknown>, finishReason: string | null) =>
				`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
			res.write(chunk({ role: 'assistant', content: answer.content ?? '' }, null));
			if (toolCalls)
				res.write(
					chunk({ tool_calls: toolCalls.map((call, index) => ({ index, ...call })) }, null),
				);
			res.write(chunk({}, finish));
			res.write(
				`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`,
			);
			res.end('data: [DONE]\n\n');
			return;
		}
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end(
			JSON.stringify({
				id,
				object: 'chat.completion',
				created,
				model,
				choices: [
					{
						index: 0,
						message: {
							role: 'assistant',
							content: answer.content,
							...(toolCalls ? { tool_calls: toolCalls } : {}),
						},
						finish_reason: finish,
					},
				],
				usage,
			}),
		);
	}

	const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = req.url ?? '';
			if (req.method === 'GET' && url.startsWith('/v1/models')) {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end(
					JSON.stringify({
						object: 'list',
						data: [{ id: 'gpt-e2e', object: 'model', owned_by: 'e2e' }],
					}),
				);
				return;
			}
			if (req.method !== 'POST' || !url.startsWith('/v1/chat/completions')) {
				res.writeHead(404, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `no route ${req.method} ${url}` } }));
				return;
			}
			let body: ChatRequest;
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
			} catch {
				res.writeHead(400, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ error: { message: 'invalid JSON' } }));
				return;
			}
			requests.push(body);
			toolNames.push((body.tools ?? []).map((t) => t.function?.name ?? ''));
			send(res, body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		toolNames,
		toolResults,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
