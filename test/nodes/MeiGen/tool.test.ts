import {
	deepCopy,
	NodeConnectionTypes,
	NodeHelpers,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
} from 'n8n-workflow';

import { MeiGen } from '../../../nodes/MeiGen/MeiGen.node';
import { TEST_SESSION_TOKEN, type FakeMeiGen } from '../../fake-server';
import { meiGenNode, runWorkflow, startNode } from '../../harness';
import { generate, skill, TEST_API_KEY, useFakeMeiGen } from './setup';

/**
 * The node as an AI Agent's tool, run as n8n runs one: the `meiGenTool` variant n8n's loader
 * builds from a `usableAsTool` node (createAiTools → convertNodeToAiTool), connected to an agent
 * whose tool call goes through n8n-core's own getInputConnectionData → createNodeAsTool →
 * makeHandleToolInvocation, which runs the node's execute() and hands the model
 * `JSON.stringify` of the items' JSON.
 */

const TOOL_TYPE = 'n8n-nodes-meigen.meiGenTool';

/** The tool variant, as n8n's loader makes it (packages/cli, convertNodeToAiTool). */
function toolVariant(): INodeType {
	const base = new MeiGen();
	const description = deepCopy(base.description);
	description.name += 'Tool';
	description.displayName += ' Tool';
	description.inputs = [];
	description.outputs = [NodeConnectionTypes.AiTool];
	delete description.usableAsTool;
	return { description, methods: base.methods, execute: base.execute };
}

/** A stand-in agent: calls each connected tool once and outputs what the model would read. */
const agentType: INodeType = {
	description: {
		displayName: 'Test Agent',
		name: 'test.agent',
		group: ['transform'],
		version: 1,
		description: 'Calls its tools once',
		defaults: { name: 'Agent' },
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, required: true }],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const tools = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as Array<{
			name: string;
			invoke(args: IDataObject): Promise<unknown>;
		}>;
		const out: INodeExecutionData[] = [];
		for (const tool of tools) {
			try {
				out.push({ json: { answer: String(await tool.invoke({})) }, pairedItem: { item: 0 } });
			} catch (error) {
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: 0 } });
			}
		}
		return [out];
	},
};

async function runTool(fake: FakeMeiGen, parameters: INodeParameters, apiKey = TEST_API_KEY) {
	const tool: INode = { ...meiGenNode(parameters), type: TOOL_TYPE };
	const agent: INode = { ...startNode('Agent'), type: 'test.agent', position: [200, 0] };
	const run = await runWorkflow({
		nodes: [startNode(), agent, tool],
		connections: {
			Start: { main: [[{ node: 'Agent', type: NodeConnectionTypes.Main, index: 0 }]] },
			MeiGen: { ai_tool: [[{ node: 'Agent', type: NodeConnectionTypes.AiTool, index: 0 }]] },
		},
		startNode: 'Start',
		nodeTypes: { [TOOL_TYPE]: toolVariant(), 'test.agent': agentType },
		credentials: { 'cred-1': { apiKey, baseUrl: fake.apiUrl } },
	});
	const [item] = run.output('Agent');
	return { run, answer: item?.json.answer as string | undefined, error: item?.json.error };
}

describe('MeiGen as an AI Agent tool', () => {
	const fake = useFakeMeiGen();

	it("offers no Token resource in the tool's panel (n8n's @tool display option)", () => {
		const tool = toolVariant().description;
		// n8n's `@tool` display option is true when the node type's name ends in "Tool".
		const resources = (description: typeof tool) =>
			description.properties
				.filter((p) => p.name === 'resource')
				.filter((p) => NodeHelpers.displayParameter({}, p, { typeVersion: 1 }, description))
				.flatMap((p) => p.options?.map((o) => ('value' in o ? o.value : undefined)) ?? []);
		expect(resources(tool)).toEqual(['generation', 'image', 'model', 'skill']);
		const plain = new MeiGen().description;
		expect(resources(plain)).toContain('token');
	});

	it('refuses Token operations at run time, before anything is sent', async () => {
		const { error } = await runTool(
			fake(),
			{ resource: 'token', operation: 'getAll' },
			TEST_SESSION_TOKEN,
		);
		expect(String(error)).toContain('Token operations are not available to an AI agent');
		expect(String(error)).toContain('Nothing was submitted or charged');
		expect(fake().requests).toEqual([]);
	});

	it('answers a generation with a short JSON summary and downloads nothing', async () => {
		const { answer } = await runTool(
			fake(),
			generate('nanobanana-2', 'a fox', { options: { pollInterval: 1 } }),
		);
		const [summary] = JSON.parse(String(answer)) as IDataObject[];
		const job = [...fake().jobs.values()][0];
		expect(summary).toEqual({
			status: 'completed',
			modelId: 'nanobanana-2',
			mediaType: 'image',
			generationId: job?.id,
			requestId: expect.any(String),
			url: expect.stringContaining(`/media/${job?.id}/`),
			creditsQuoted: 5,
			creditsUsed: 5,
			creditsStatus: 'confirmed',
		});
		expect(fake().cdnRequests).toEqual([]);
	});

	it('downloads only when the user turned Download on, and still answers with the summary', async () => {
		const { answer, run } = await runTool(
			fake(),
			generate('nanobanana-2', 'a fox', { options: { pollInterval: 1, download: true } }),
		);
		expect(fake().cdnRequests).toHaveLength(1);
		const [summary] = JSON.parse(String(answer)) as IDataObject[];
		expect(Object.keys(summary ?? {})).not.toContain('prompt');
		expect(summary?.status).toBe('completed');
		expect(run.status).toBe('success');
	});

	it('answers a Skill run with one short summary per image', async () => {
		const { answer, error } = await runTool(
			fake(),
			skill('productDetail', {
				imageSource: 'url',
				imageUrl: 'https://images.meigen.ai/product.png',
				modules: ['hero', 'scene'],
				options: { pollInterval: 1 },
			}),
		);
		const summaries = JSON.parse(String(answer ?? error)) as IDataObject[];
		expect(summaries.map((s) => s.module)).toEqual(['hero', 'scene']);
		for (const summary of summaries) {
			expect(Object.keys(summary).sort()).toEqual(
				[
					'creditsQuoted',
					'creditsStatus',
					'creditsUsed',
					'generationId',
					'mediaCount',
					'module',
					'requestId',
					'skill',
					'status',
					'url',
				].sort(),
			);
		}
		expect(fake().cdnRequests).toEqual([]);
	});
});
