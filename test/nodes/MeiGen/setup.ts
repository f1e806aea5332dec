import type { IDataObject, INode, INodeExecutionData, INodeParameters, IWorkflowSettings } from 'n8n-workflow';

import { startFakeMeiGen, TEST_API_KEY, type FakeMeiGen, type FakeOptions } from '../../fake-server';
import { chain, itemsNode, meiGenNode, runWorkflow, startNode, type RunOptions, type RunResult, type TestItem } from '../../harness';

export { TEST_API_KEY };

export interface MeiGenRun extends RunResult {
	items: INodeExecutionData[];
}

/** A fake MeiGen for the whole test file: started before all tests, reset between them. */
export function useFakeMeiGen(options: FakeOptions = {}): () => FakeMeiGen {
	let fake: FakeMeiGen | undefined;
	beforeAll(async () => {
		fake = await startFakeMeiGen(options);
	});
	afterEach(() => fake?.reset());
	afterAll(async () => {
		await fake?.close();
	});
	return () => {
		if (!fake) throw new Error('fake MeiGen not started');
		return fake;
	};
}

export interface RunMeiGenOptions extends Partial<Omit<RunOptions, 'nodes' | 'connections'>> {
	items?: TestItem[];
	apiKey?: string;
	settings?: IWorkflowSettings;
	node?: Partial<INode>;
}

/** Start → (Items) → MeiGen with `parameters`, through n8n-core's WorkflowExecute, against the fake server. */
export async function runMeiGen(fake: FakeMeiGen, parameters: INode['parameters'], options: RunMeiGenOptions = {}): Promise<MeiGenRun> {
	const { items, apiKey, node: nodeOverrides, ...runOptions } = options;
	const node = { ...meiGenNode(parameters), ...nodeOverrides };
	const nodes: INode[] = [startNode(), ...(items ? [itemsNode(items)] : []), node];
	const result = await runWorkflow({
		...runOptions,
		nodes,
		connections: chain(...nodes.map((n) => n.name)),
		credentials: { 'cred-1': { apiKey: apiKey ?? TEST_API_KEY, baseUrl: fake.apiUrl } },
	});
	return Object.assign(result, { items: result.status === 'success' ? result.output(node.name) : [] });
}

export const generate = (model: string, prompt: string, extra: INodeParameters = {}): INode['parameters'] => ({
	resource: 'image',
	operation: 'generate',
	modelId: { __rl: true, mode: 'id', value: model },
	prompt,
	...extra,
});

/** Options that keep waits short in tests: poll every second. */
export const quickPoll = (extra: INodeParameters = {}): INodeParameters => ({ pollInterval: 1, ...extra });

/** Everything a run left behind — output, errors, run data — as one string, to search for secrets. */
export function everything(run: RunResult): string {
	return JSON.stringify(run.run, (_key, value: unknown) => (value instanceof Error ? { ...value, message: value.message, stack: value.stack } : value));
}

export function jsonOf(item: INodeExecutionData): IDataObject {
	return item.json;
}
