/**
 * The workflows in examples/ and how the tests and the demo import them: wired to their own
 * credentials and files folder, so nothing leaves the machine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	position?: [number, number];
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface WorkflowJson {
	id?: string;
	name: string;
	active?: boolean;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	pinData?: Record<string, unknown>;
	meta?: Record<string, unknown>;
}

export interface Example {
	/** The file name; `name` is the same without `.json`. */
	file: string;
	name: string;
	source: WorkflowJson;
}

export const examplesDir = path.resolve(__dirname, '..', '..', 'examples');
/** The folder the examples write to in n8n's Docker image. */
const EXAMPLE_FILES_FOLDER = '/home/node/.n8n-files';
const MEIGEN_NODE_TYPES = ['n8n-nodes-meigen.meiGen', 'n8n-nodes-meigen.meiGenTool'];

export function readExample(file: string): WorkflowJson {
	return JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as WorkflowJson;
}

/** Every example, in file name order. */
export function readExamples(): Example[] {
	return readdirSync(examplesDir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, name: file.replace(/\.json$/, ''), source: readExample(file) }));
}

export interface Wiring {
	credentials: Record<string, { id: string; name: string }>;
	filesFolder: string;
	/** Skill poll interval unless the example sets one (the node's 10 s is long for the fake). */
	skillPollSeconds?: number;
}

/** A copy of the example pointed at the wiring's credentials and files folder. */
export function wireExample(source: WorkflowJson, wiring: Wiring): WorkflowJson {
	const workflow = JSON.parse(JSON.stringify(source)) as WorkflowJson;
	for (const node of workflow.nodes) {
		for (const [type, credential] of Object.entries(wiring.credentials))
			if (node.credentials?.[type]) node.credentials[type] = { ...credential };
		const { parameters } = node;
		for (const [key, value] of Object.entries(parameters)) {
			if (typeof value !== 'string') continue;
			parameters[key] = value.split(EXAMPLE_FILES_FOLDER).join(wiring.filesFolder);
		}
		const pollInterval = wiring.skillPollSeconds;
		const isSkill = MEIGEN_NODE_TYPES.includes(node.type) && parameters.resource === 'skill';
		if (pollInterval && isSkill)
			parameters.options = { pollInterval, ...(parameters.options as object) };
	}
	return workflow;
}
