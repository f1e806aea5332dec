/**
 * Runs workflows through n8n-core's real WorkflowExecute, on n8n-core 2.x and (via the jest
 * `n8n 1.x` project's module mapping) 1.x. Only what n8n's server would provide is faked:
 * credentials storage, additionalData and lifecycle hooks.
 */
import { Container } from '@n8n/di';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	BinaryDataConfig,
	BinaryDataService,
	CredentialTestContext,
	ExecuteContext,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	LoadOptionsContext,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
// Not re-exported by n8n-core's index; the 1.x jest project maps deep imports to n8n-core-v1 too.
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import {
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
	createRunExecutionData,
	type ExecutionError,
	type ExecutionStatus,
	type IBinaryData,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type ICredentialType,
	type IConnections,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type IWorkflowSettings,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { CredentialTypeRegistry, HarnessCredentialsHelper, applyDefaults } from './credentials';
import {
	HarnessNodeTypes,
	MEIGEN_CREDENTIAL_TYPE,
	MEIGEN_NODE_TYPE,
	itemsNodeType,
	packageCredentialType,
	packageNodeType,
	startNodeType,
} from './node-types';

export * from './node-types';
export { HarnessCredentialsHelper, CredentialTypeRegistry } from './credentials';

export type BinaryMode = 'default' | 'filesystem';

export interface RunOptions {
	/** Workflow nodes. The harness adds none; the node without incoming connections starts (or `startNode`). */
	nodes: INode[];
	connections: IConnections;
	/** Decrypted credential data by credential id (nodes reference `{ meiGenApi: { id, name } }`). */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** E.g. `{ executionTimeout: 5 }` (seconds): enforced like n8n's WorkflowRunner does. */
	settings?: IWorkflowSettings;
	/** Simulates the user pressing Stop after this many ms. */
	stopAfterMs?: number;
	binaryMode?: BinaryMode;
	/** Extra node types by type name (override built-ins of the same name). */
	nodeTypes?: Record<string, INodeType | IVersionedNodeType>;
	/** Extra credential types by name (e.g. a stand-in while the real one is missing). */
	credentialTypes?: Record<string, ICredentialType>;
	startNode?: string;
	/** Default 'manual'. */
	mode?: WorkflowExecuteMode;
	/** After a cancel, how long the engine may take to settle before the harness gives up (default 10 s). */
	cancelGraceMs?: number;
}

export interface RunResult {
	run: IRun;
	status: ExecutionStatus;
	/** The execution-level error (n8n's `resultData.error`), when any. */
	error?: ExecutionError;
	executionId: string;
	startedAt: number;
	finishedAt: number;
	/** When the harness cancelled the execution (stop or timeout), ms since epoch. */
	stoppedAt?: number;
	stopReason?: 'stop' | 'timeout';
	/** False when a cancelled execution did not settle within cancelGraceMs (a node ignored its cancel signal). */
	settled: boolean;
	/** Names of nodes in the order they finished. */
	nodeExecutionOrder: string[];
	/** Items a node emitted on an output (last run by default). */
	output(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	/** The error a node's task ended with (last run). */
	nodeError(nodeName: string): ExecutionError | undefined;
	/** The bytes of an item's binary property, read back through n8n's BinaryDataService (any mode). */
	binary(item: INodeExecutionData, property?: string): Promise<Buffer>;
}

// ---- process-level setup --------------------------------------------------------------------

/**
 * n8n's InstanceSettings writes a settings file under N8N_USER_FOLDER and filesystem-mode binary
 * data goes to disk: both into a temp dir per test file (jest gives each file its own copy of this
 * module, of the DI container and of process.env), removed after the file's tests.
 */
const tempRoot = mkdtempSync(path.join(tmpdir(), 'meigen-harness-'));
try {
	// Registered at import time: jest refuses hooks added from inside a test. Outside jest (a
	// ts-node script) there is no afterAll and the dir stays in tmpdir().
	if (typeof afterAll === 'function')
		afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));
} catch {
	// Imported from inside a test: nothing to hook into; the OS temp dir keeps it.
}

function prepareEnvironment(): string {
	process.env.N8N_USER_FOLDER = tempRoot;
	process.env.N8N_LOG_LEVEL ??= 'silent';
	process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
	process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'false';
	return tempRoot;
}

let services: Promise<{ config: BinaryDataConfig; service: BinaryDataService }> | undefined;

async function binaryData(mode: BinaryMode): Promise<BinaryDataService> {
	services ??= (async () => {
		const root = prepareEnvironment();
		const config = Container.get(BinaryDataConfig);
		config.localStoragePath = path.join(root, 'binaryData');
		// 1.x only builds the filesystem manager when the mode is listed as available.
		config.availableModes = ['filesystem'];
		// n8n-core 1.x starts a non-unref'd cleanup interval in this singleton (built for every node
		// context), which keeps jest from exiting. No test uses SSH: stop it up front.
		Container.get(SSHClientsManager).onShutdown();
		return { config, service: Container.get(BinaryDataService) };
	})();
	const { config, service } = await services;
	// One service for the process (nodes reach it through Container); switching modes re-runs init,
	// which keeps the filesystem manager, so data stored under either mode stays readable.
	// Runs with different binaryModes must therefore not overlap.
	config.mode = mode;
	await service.init();
	return service;
}

// ---- workflow run ---------------------------------------------------------------------------

let executionCounter = 0;

function nodeTypeRegistry(
	extra: Record<string, INodeType | IVersionedNodeType> = {},
): HarnessNodeTypes {
	return new HarnessNodeTypes(
		{ 'test.start': startNodeType, 'test.items': itemsNodeType, ...extra },
		(name) => (name === MEIGEN_NODE_TYPE ? packageNodeType() : undefined),
	);
}

function credentialRegistry(extra: Record<string, ICredentialType> = {}): CredentialTypeRegistry {
	return new CredentialTypeRegistry(extra, (name) =>
		name === MEIGEN_CREDENTIAL_TYPE ? packageCredentialType() : undefined,
	);
}

const unsupported = (what: string) => async (): Promise<never> => {
	throw new Error(`${what} is not available in the test harness`);
};

/** additionalData with the fields both n8n-core 1.x and 2.x read (extra ones are ignored by 1.x). */
function additionalData(
	credentialsHelper: HarnessCredentialsHelper,
	executionId: string,
	hooks?: ExecutionLifecycleHooks,
	executionTimeoutTimestamp?: number,
): IWorkflowExecuteAdditionalData {
	const base = 'http://localhost:5678';
	return {
		credentialsHelper,
		executionId,
		hooks,
		executionTimeoutTimestamp,
		currentNodeExecutionIndex: 0,
		currentNodeParameters: undefined,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		userId: 'harness-user',
		executeWorkflow: unsupported('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: unsupported('startRunnerTask'),
	};
}

function pickStartNode(nodes: INode[], connections: IConnections, name?: string): INode {
	if (name) {
		const node = nodes.find((n) => n.name === name);
		if (!node) throw new Error(`startNode "${name}" is not in the workflow`);
		return node;
	}
	const targets = new Set(
		Object.values(connections).flatMap((byType) =>
			Object.values(byType).flatMap((outputs) =>
				outputs.flatMap((conns) => (conns ?? []).map((c) => c.node)),
			),
		),
	);
	const start = nodes.find((n) => !targets.has(n.name) && !n.disabled);
	if (!start) throw new Error('No start node: every node has an incoming connection');
	return start;
}

export async function runWorkflow(opts: RunOptions): Promise<RunResult> {
	const binaryService = await binaryData(opts.binaryMode ?? 'default');
	const mode = opts.mode ?? 'manual';
	const executionId = String(++executionCounter);
	const settings: IWorkflowSettings = { executionOrder: 'v1', ...opts.settings };
	const nodeTypes = nodeTypeRegistry(opts.nodeTypes);
	const credentialsHelper = new HarnessCredentialsHelper(
		credentialRegistry(opts.credentialTypes),
		opts.credentials ?? {},
	);

	const workflowData: IWorkflowBase = {
		id: 'harness-workflow',
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: opts.nodes,
		connections: opts.connections,
		settings,
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: opts.nodes,
		connections: opts.connections,
		active: false,
		nodeTypes,
		settings,
		staticData: {},
	});

	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const nodeExecutionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		nodeExecutionOrder.push(nodeName);
	});
	let runFromHook: IRun | undefined;
	hooks.addHandler('workflowExecuteAfter', (run) => {
		runFromHook = run;
	});

	// n8n's WorkflowRunner: the deadline goes into additionalData (the engine checks it between
	// nodes and nodes may read it) and a timer stops the execution when it passes.
	const timeoutSeconds =
		settings.executionTimeout !== undefined && settings.executionTimeout > 0
			? settings.executionTimeout
			: undefined;
	const startedAt = Date.now();
	const deadline = timeoutSeconds ? startedAt + timeoutSeconds * 1000 : undefined;
	const data = additionalData(credentialsHelper, executionId, hooks, deadline);

	const start = pickStartNode(opts.nodes, opts.connections, opts.startNode);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: start, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const execution = new WorkflowExecute(data, mode, runExecutionData).processRunExecutionData(
		workflow,
	);

	let stoppedAt: number | undefined;
	let stopReason: RunResult['stopReason'];
	let settleTimer: NodeJS.Timeout | undefined;
	let giveUp: (() => void) | undefined;
	const gaveUp = new Promise<undefined>((resolve) => {
		giveUp = () => resolve(undefined);
	});
	const stop = (reason: 'stop' | 'timeout') => {
		if (stoppedAt !== undefined) return;
		stoppedAt = Date.now();
		stopReason = reason;
		execution.cancel();
		settleTimer = setTimeout(() => giveUp?.(), opts.cancelGraceMs ?? 10_000);
	};
	const timers = [
		opts.stopAfterMs !== undefined ? setTimeout(() => stop('stop'), opts.stopAfterMs) : undefined,
		timeoutSeconds ? setTimeout(() => stop('timeout'), timeoutSeconds * 1000) : undefined,
	];

	let run: IRun | undefined;
	try {
		run = await Promise.race([execution, gaveUp]);
	} finally {
		for (const t of [...timers, settleTimer]) if (t) clearTimeout(t);
	}
	const settled = run !== undefined;
	run ??= runFromHook;
	if (!run) throw new Error('Execution neither settled nor reported a result');
	const finalRun = run;

	const taskOf = (nodeName: string, runIndex?: number) => {
		const tasks = finalRun.data.resultData.runData[nodeName] ?? [];
		return tasks[runIndex ?? tasks.length - 1];
	};

	return {
		run: finalRun,
		status: finalRun.status,
		error: finalRun.data.resultData.error,
		executionId,
		startedAt,
		finishedAt: Date.now(),
		stoppedAt,
		stopReason,
		settled,
		nodeExecutionOrder,
		output: (nodeName, outputIndex = 0, runIndex) =>
			taskOf(nodeName, runIndex)?.data?.[NodeConnectionTypes.Main]?.[outputIndex] ?? [],
		nodeError: (nodeName) => taskOf(nodeName)?.error,
		binary: async (item, property = 'data') => {
			const binary: IBinaryData | undefined = item.binary?.[property];
			if (!binary) throw new Error(`Item has no binary property "${property}"`);
			return await binaryService.getAsBuffer(binary);
		},
	};
}

/** lodash-style `get` for dotted keys, as n8n applies `responseSuccessBody` rules. */
function valueAt(value: unknown, key: string): unknown {
	return key
		.split('.')
		.reduce<unknown>(
			(v, k) =>
				v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined,
			value,
		);
}

// ---- editor lists --------------------------------------------------------------------------

/** A real LoadOptionsContext for `node`, as n8n builds one when the editor asks a node for a list. */
export async function loadOptionsContext(
	node: INode,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	path = 'parameters',
): Promise<LoadOptionsContext> {
	await binaryData('default'); // the engine's services must exist
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypeRegistry(),
	});
	const helper = new HarnessCredentialsHelper(credentialRegistry(), credentials);
	return new LoadOptionsContext(workflow, node, additionalData(helper, 'load-options'), path);
}

// ---- credential test ------------------------------------------------------------------------

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * Runs a credential type's `test` the way n8n's CredentialsTester does: its request goes through
 * a RoutingNode on a temporary node (so requestDefaults, expressions and `authenticate` apply
 * exactly as in n8n), an HTTP failure becomes Error (rule message, else status text), and
 * `responseSuccessBody` rules are checked on success.
 */
export async function testCredential(
	credentials: ICredentialDataDecryptedObject,
	opts: {
		type?: string;
		credentialTypes?: Record<string, ICredentialType>;
		nodeTypes?: Record<string, INodeType | IVersionedNodeType>;
	} = {},
): Promise<CredentialTestResult> {
	await binaryData('default'); // the engine's services must exist
	const typeName = opts.type ?? MEIGEN_CREDENTIAL_TYPE;
	const registry = credentialRegistry(opts.credentialTypes);
	const type = registry.get(typeName);

	// Like n8n, a node's `testedBy` function wins over the credential's own `test` request.
	const candidates = [
		...Object.values(opts.nodeTypes ?? {}),
		...(typeName === MEIGEN_CREDENTIAL_TYPE ? [packageNodeType()] : []),
	];
	for (const candidate of candidates) {
		if (!candidate) continue;
		const nodeType = NodeHelpers.getVersionedNodeType(candidate);
		const testedBy = nodeType.description.credentials?.find((c) => c.name === typeName)?.testedBy;
		const fn =
			typeof testedBy === 'string' ? nodeType.methods?.credentialTest?.[testedBy] : undefined;
		if (fn) {
			const decryptedForFn: ICredentialsDecrypted = {
				id: 'credential-test',
				name: 'Credential test',
				type: typeName,
				data: applyDefaults(type, credentials),
			};
			const result = await fn.call(new CredentialTestContext(), decryptedForFn);
			return { status: result.status === 'OK' ? 'OK' : 'Error', message: result.message };
		}
	}

	const testRequest = type.test;
	if (!testRequest)
		return { status: 'Error', message: 'No testing function found for this credential.' };

	const data = applyDefaults(type, credentials);
	const credentialId = 'credential-test';
	const decrypted: ICredentialsDecrypted = {
		id: credentialId,
		name: 'Credential test',
		type: typeName,
		data,
	};
	const nodeType: INodeType = {
		description: {
			displayName: 'Temp',
			name: 'test.credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: typeName, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [typeName]: { id: credentialId, name: decrypted.name } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes({ [nodeType.description.name]: nodeType }),
	});
	const helper = new HarnessCredentialsHelper(registry, { [credentialId]: data });
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData(helper, 'credential-test'),
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, nodeType, decrypted).runNode();
	} catch (error) {
		const e = error as Error & {
			cause?: { response?: { status?: number; statusText?: string }; code?: string };
			httpCode?: string;
		};
		const status = e.cause?.response?.status ?? (e.httpCode ? Number(e.httpCode) : undefined);
		if (status !== undefined && !Number.isNaN(status)) {
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status)
					return { status: 'Error', message: rule.properties.message };
			}
			if (status < 199 || status > 299) {
				return {
					status: 'Error',
					message: e.cause?.response?.statusText || `Received HTTP status code: ${status}`,
				};
			}
		} else if (e.cause?.code) {
			return { status: 'Error', message: e.cause.code };
		}
		return { status: 'Error', message: e.message };
	}
	for (const rule of testRequest.rules ?? []) {
		if (
			rule.type === 'responseSuccessBody' &&
			valueAt(response?.[0]?.[0]?.json, rule.properties.key) === rule.properties.value
		) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
