/**
 * Webhook-triggered workflows, as a user publishes them: Webhook → MeiGen (Image → Generate,
 * waiting for the job), and example 10's park-and-check loop behind a Webhook. Production
 * webhooks are what queue mode runs on workers.
 */
import { randomUUID } from 'node:crypto';

import { readExample, wireExample, type WorkflowJson, type WorkflowNode } from '../lib/examples';

export const MEIGEN_NODE = 'MeiGen';

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

const SAVE_ALL = { saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' };

function webhook(path: string, responseMode: string, position: [number, number] = [0, 0]) {
	const parameters = { httpMethod: 'POST', path, responseMode, options: {} };
	const node = { name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, parameters };
	return { ...node, id: randomUUID(), webhookId: randomUUID(), position } satisfies WorkflowNode;
}

export function generationWorkflow(spec: GenerationWorkflow): WorkflowJson {
	const generate: WorkflowNode = {
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
	};
	return {
		name: spec.name,
		nodes: [webhook(spec.path, spec.responseMode), generate],
		connections: { Webhook: { main: [[{ node: MEIGEN_NODE, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1', ...SAVE_ALL },
	};
}

/** Example 10, the park-and-check loop, as the queue-mode test and benchmark run it. */
const LOOP_EXAMPLE = '10-long-video-without-holding-a-worker.json';
/** The loop's nodes the tests and benchmark name, as example 10 names them. */
export const LOOP_NODES = {
	generate: 'Generate Video',
	check: 'Check Status',
	save: 'Save Video to Disk',
} as const;
export interface LoopWorkflow {
	name: string;
	/** The webhook path: POST /webhook/<path> with `{ "prompt": "…" }`; answered at once. */
	path: string;
	credential: { id: string; name: string };
	/** Where Save Video to Disk writes (every n8n process must be allowed to). */
	filesFolder: string;
	/** Generate Video's Wait for Completion: off in the example; on for the comparison. */
	waitForCompletion?: boolean;
	/** Options for both MeiGen nodes (e.g. a Poll Interval), over the example's own. */
	options?: Record<string, unknown>;
}

/**
 * Example 10 with a Webhook in place of the manual trigger: Generate Video (prompt from the
 * request) → Wait → Check Status → Done? → Save Video to Disk, the false branch back to Wait.
 * With `waitForCompletion` the Generate node waits and the clip goes straight to the file.
 */
export function loopWorkflow(spec: LoopWorkflow): WorkflowJson {
	const example = wireExample(readExample(LOOP_EXAMPLE), {
		credentials: { meiGenApi: spec.credential },
		filesFolder: spec.filesFolder,
	});
	const trigger = example.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error(`${LOOP_EXAMPLE} has no manual trigger`);
	const settings = { ...example.settings, ...SAVE_ALL };
	const nodes = example.nodes
		.filter((node) => node.type !== 'n8n-nodes-base.stickyNote')
		.map((node) => {
			if (node === trigger) return webhook(spec.path, 'onReceived', node.position);
			if (node.type === 'n8n-nodes-meigen.meiGen')
				node.parameters.options = { ...(node.parameters.options as object), ...spec.options };
			if (node.name === LOOP_NODES.generate) {
				node.parameters.prompt = '={{ $json.body.prompt }}';
				node.parameters.waitForCompletion = spec.waitForCompletion === true;
			}
			return node;
		});
	const connections: WorkflowJson['connections'] = {};
	for (const [from, outputs] of Object.entries(example.connections))
		connections[from === trigger.name ? 'Webhook' : from] = outputs;
	if (!spec.waitForCompletion) return { name: spec.name, nodes, connections, settings };
	// Waiting inside the node: the clip goes from Generate Video to the file, no loop.
	const kept = new Set(['Webhook', LOOP_NODES.generate, LOOP_NODES.save]);
	const toSave = { main: [[{ node: LOOP_NODES.save, type: 'main', index: 0 }]] };
	return {
		name: spec.name,
		nodes: nodes.filter((node) => kept.has(node.name)),
		connections: { Webhook: connections.Webhook, [LOOP_NODES.generate]: toSave },
		settings,
	};
}

/** The model example 10's Generate Video names. */
export function loopModelId(): string {
	const generate = readExample(LOOP_EXAMPLE).nodes.find(
		(node) => node.name === LOOP_NODES.generate,
	);
	const model = generate?.parameters.modelId as { value?: unknown } | undefined;
	if (typeof model?.value !== 'string')
		throw new Error(`${LOOP_EXAMPLE}: no model ID in ${LOOP_NODES.generate}`);
	return model.value;
}
