/**
 * The n8n REST calls a user's editor makes: owner set-up and login, credentials, workflows
 * (create, publish, list), an execution and its Stop, the node types it loaded, and webhooks.
 */
import { randomUUID } from 'node:crypto';

import type { WorkflowJson } from './examples';

/** The owner the queue-mode test sets up (the demo has its own, scripts/dev/session.ts). */
const TEST_OWNER = {
	email: 'owner@example.com',
	firstName: 'Queue',
	lastName: 'Test',
	password: 'QueueTest-Passw0rd',
};

type Entry = { id: string; name: string };

export class N8nRest {
	private cookie = '';
	/** n8n ties the auth cookie to the browser ID it was issued with. */
	private readonly headers = { 'content-type': 'application/json', 'browser-id': randomUUID() };

	constructor(readonly baseUrl: string) {}

	/** A call to `<base><path>` as the logged-in editor; `data` of the answer, or the answer. */
	private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: { ...this.headers, ...(this.cookie ? { cookie: this.cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		const auth = response.headers.getSetCookie().find((cookie) => cookie.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const text = await response.text();
		if (!response.ok)
			throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
		const parsed = (text ? JSON.parse(text) : {}) as { data?: T };
		return (parsed.data ?? parsed) as T;
	}

	request<T>(method: string, route: string, body?: unknown): Promise<T> {
		return this.call<T>(method, `/rest${route}`, body);
	}

	/** Whether n8n still asks for its owner account (a new user folder). */
	async needsOwner(): Promise<boolean> {
		type Settings = { userManagement?: { showSetupOnFirstLoad?: boolean } };
		const settings = await this.request<Settings>('GET', '/settings');
		return settings.userManagement?.showSetupOnFirstLoad === true;
	}

	/** Sets up the owner account, which logs it in. */
	async setupOwner(owner = TEST_OWNER): Promise<void> {
		await this.request('POST', '/owner/setup', owner);
		if (!this.cookie) throw new Error('owner set-up returned no n8n-auth cookie');
	}

	async login(email: string, password: string): Promise<void> {
		await this.request('POST', '/login', { emailOrLdapLoginId: email, password });
	}

	/** The node types n8n loaded, as the editor reads them (`/types/nodes.json`, logged in). */
	nodeTypes(): Promise<Array<{ name: string; subtitle?: string; displayName?: string }>> {
		return this.call('GET', '/types/nodes.json');
	}

	async createCredential(name: string, type: string, data: Record<string, unknown>) {
		const created = await this.request<Entry>('POST', '/credentials', { name, type, data });
		return { id: created.id, name: created.name };
	}

	/** Creates the workflow and publishes (activates) it; returns its id. */
	async publishWorkflow(workflow: WorkflowJson): Promise<string> {
		type Created = { id: string; versionId: string };
		const { id, versionId } = await this.request<Created>('POST', '/workflows', workflow);
		await this.request('POST', `/workflows/${id}/activate`, { versionId });
		return id;
	}

	/** Every workflow's id and name (n8n 2.x answers a page object, 1.x a list). */
	async workflows(): Promise<Entry[]> {
		const answer = await this.request<Entry[] | { data: Entry[] }>('GET', '/workflows');
		return Array.isArray(answer) ? answer : answer.data;
	}

	/** An execution as the editor's executions list sees it (status, and when a parked one resumes). */
	execution(id: string): Promise<{ id?: string; status?: string; waitTill?: string | null }> {
		return this.request('GET', `/executions/${id}`);
	}

	stopExecution(id: string): Promise<{ status?: string }> {
		return this.request('POST', `/executions/${id}/stop`);
	}

	/**
	 * Whether a production webhook is registered: a CORS preflight asks n8n for the path's methods
	 * (204 when registered, 404 when not) without starting an execution.
	 */
	async webhookRegistered(path: string): Promise<boolean> {
		const response = await fetch(`${this.baseUrl}/webhook/${path}`, {
			method: 'OPTIONS',
			headers: { origin: 'http://127.0.0.1', 'access-control-request-method': 'POST' },
			signal: AbortSignal.timeout(5000),
		});
		await response.arrayBuffer();
		const methods = response.headers.get('access-control-allow-methods') ?? '';
		return response.status === 204 && methods.includes('POST');
	}

	/** Calls a production webhook with a JSON body. */
	async callWebhook(path: string, body: unknown, timeoutMs: number) {
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
			// not JSON: `text` is the answer
		}
		return { status: response.status, json, text };
	}
}
