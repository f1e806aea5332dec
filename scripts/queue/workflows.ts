/**
 * Webhook-triggered workflows, as a user publishes them: Webhook → MeiGen (Image → Generate,
 * waiting for the job). Production webhooks are what queue mode runs on workers.
 */
import { randomUUID } from 'node:crypto';

export const MEIGEN_NODE = 'MeiGen';

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	position: [number, number];
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface WorkflowJson {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: 'main'; index: number }>> }
	>;
	settings: Record<string, unknown>;
}

export interface GenerationWorkflow {
	name: string;
	/** The webhook path: POST /webhook/<path> with `{ "prompt": "…" }`. */
	path: string;
	model: string;
	/** Image → Generate's Additional Fields (e.g. a video's duration). */
	additionalFields?: Record<string, unknown>;
	/** Image → Generate's Options. */
	options?: Record<string, unknown>;
	/** lastNode: the call answers with the MeiGen node's first item; onReceived: at once. */
	responseMode: 'lastNode' | 'onReceived';
	credential: { id: string; name: string };
}

export function generationWorkflow(spec: GenerationWorkflow): WorkflowJson {
	return {
		name: spec.name,
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				parameters: {
					httpMethod: 'POST',
					path: spec.path,
					responseMode: spec.responseMode,
					options: {},
				},
				webhookId: randomUUID(),
				position: [0, 0],
			},
			{
				id: randomUUID(),
				name: MEIGEN_NODE,
				type: 'n8n-nodes-meigen.meiGen',
				typeVersion: 1,
				parameters: {
					resource: 'image',
					operation: 'generate',
					modelId: { __rl: true, mode: 'id', value: spec.model },
					prompt: '={{ $json.body.prompt }}',
					waitForCompletion: true,
					additionalFields: spec.additionalFields ?? {},
					options: spec.options ?? {},
				},
				credentials: { meiGenApi: spec.credential },
				position: [220, 0],
			},
		],
		connections: {
			Webhook: { main: [[{ node: MEIGEN_NODE, type: 'main', index: 0 }]] },
		},
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
		},
	};
}
