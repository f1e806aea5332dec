/**
 * The few n8n REST calls a user's editor makes to publish a workflow and stop an execution:
 * owner set-up (which logs in), credentials, workflows, activate, stop.
 */
import { randomUUID } from 'node:crypto';

import type { WorkflowJson } from './examples';

const REQUEST_TIMEOUT_MS = 30_000;

export class N8nRest {
	private cookie = '';
	/** n8n ties the auth cookie to the browser ID it was issued with. */
	private readonly browserId = randomUUID();

	constructor(readonly baseUrl: string) {}

	async request<T>(method: string, route: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/rest${route}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
		});
		const auth = response.headers.getSetCookie().find((cookie) => cookie.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const text = await response.text();
		if (!response.ok)
			throw new Error(`${method} /rest${route} answered ${response.status}: ${text.slice(0, 500)}`);
		const parsed = (text ? JSON.parse(text) : {}) as { data?: T };
		return (parsed.data ?? parsed) as T;
	}

	async setupOwner(): Promise<void> {
		await this.request('POST', '/owner/setup', {
			email: 'owner@example.com',
			firstName: 'Queue',
			lastName: 'Test',
			password: 'QueueTest-Passw0rd',
		});
		if (!this.cookie) throw new Error('owner set-up returned no n8n-auth cookie');
	}

	async createCredential(
		name: string,
		type: string,
		data: Record<string, unknown>,
	): Promise<{ id: string; name: string }> {
		const created = await this.request<{ id: string; name: string }>('POST', '/credentials', {
			name,
			type,
			data,
		});
		return { id: created.id, name: created.name };
	}

	/** Creates the workflow and publishes (activates) it; returns its id. */
	async publishWorkflow(workflow: WorkflowJson): Promise<string> {
		const created = await this.request<{ id: string; versionId: string }>(
			'POST',
			'/workflows',
			workflow,
		);
		await this.request('POST', `/workflows/${created.id}/activate`, {
			versionId: created.versionId,
		});
		return created.id;
	}

	/** An execution as the editor's executions list sees it (status, and when a parked one resumes). */
	async execution(id: string): Promise<{ id?: string; status?: string; waitTill?: string | null }> {
		return await this.request<{ id?: string; status?: string; waitTill?: string | null }>(
			'GET',
			`/executions/${id}`,
		);
	}

	async stopExecution(id: string): Promise<{ status?: string }> {
		return await this.request<{ status?: string }>('POST', `/executions/${id}/stop`);
	}

	/**
	 * Whether a production webhook is registered: a CORS preflight asks n8n for the path's methods
	 * (204 when registered, 404 when not) without starting an execution.
	 */
	async webhookRegistered(path: string): Promise<boolean> {
		const response = await fetch(`${this.baseUrl}/webhook/${path}`, {
			method: 'OPTIONS',
			headers: {
				origin: 'http://127.0.0.1',
				'access-control-request-method': 'POST',
			},
			signal: AbortSignal.timeout(5000),
		});
		await response.arrayBuffer();
		return (
			response.status === 204 &&
			(response.headers.get('access-control-allow-methods') ?? '').includes('POST')
		);
	}

	/** Calls a production webhook with a JSON body. */
	async callWebhook(
		path: string,
		body: unknown,
		timeoutMs: number,
	): Promise<{ status: number; json: unknown; text: string }> {
		const response = await fetch(`${this.baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await response.text();
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: response.status, json, text };
	}
}
