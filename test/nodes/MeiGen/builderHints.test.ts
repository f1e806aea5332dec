import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import ts from 'typescript';
import type {
	IBuilderHint,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeTypeDescription,
	IParameterBuilderHint,
} from 'n8n-workflow';

import type {
	HintedNodeDescription,
	NodeBuilderHint,
	ParameterBuilderHint,
} from '../../../nodes/MeiGen/actions/builderHint';
import { MeiGen } from '../../../nodes/MeiGen/MeiGen.node';

/**
 * Hints for n8n's AI workflow builder. n8n 2.41's loader (DirectoryLoader.loadNodeFromFile, which
 * runs validateNodeDescription) refuses a package whose node has a builderHint on a resource,
 * operation or mode field; here the node is loaded by that very loader, from its source. On the
 * n8n 1.x line the same test loads it with 1.x's loader, which knows no hints and must ignore them.
 */

const ROOT = path.resolve(__dirname, '../../..');
const NODE_SOURCE = path.join(ROOT, 'nodes/MeiGen/MeiGen.node.ts');
const line = (globalThis as { N8N_LINE?: string }).N8N_LINE;

// The local hint types are 2.x's own, so a hint n8n 2.x would not take does not compile.
type Assignable<T, U> = [T] extends [U] ? true : false;
const parameterHintFits: Assignable<ParameterBuilderHint, IParameterBuilderHint> = true;
const nodeHintFits: Assignable<NodeBuilderHint, IBuilderHint> = true;
const descriptionFits: Assignable<HintedNodeDescription, INodeTypeDescription> = true;

type Entry = INodeProperties | INodePropertyOptions | INodePropertyCollection;
type Hinted = INodeProperties & { builderHint?: { propertyHint: string } };

/** Every field of the description, the fields of collections and fixed collections included. */
function allFields(entries: readonly Entry[]): Hinted[] {
	return entries.flatMap((entry) => {
		if ('values' in entry) return allFields(entry.values);
		if (!('type' in entry)) return [];
		return [entry, ...allFields(entry.options ?? [])];
	});
}

const description: HintedNodeDescription = new MeiGen().description;
const fields = allFields(description.properties);

/** Loads the node file as n8n loads a community package's node, with the line's own loader. */
function loadWithN8n(directory: string, file: string): PackageDirectoryLoader {
	const loader = new PackageDirectoryLoader(directory);
	loader.loadNodeFromFile(file, '0.0.0-test');
	return loader;
}

describe("n8n's loader", () => {
	it('loads the node with its hints', () => {
		const loader = loadWithN8n(ROOT, NODE_SOURCE);
		const [loaded] = loader.types.nodes as HintedNodeDescription[];
		expect(loaded?.name).toBe('meiGen');
		expect(loaded?.builderHint?.searchHint).toBeTruthy();
	});

	const onlyOn2x = line === '1.x' ? it.skip : it;

	onlyOn2x.each(['operation', 'resource', 'mode'])(
		'refuses the node with a hint on %s (the check this test relies on)',
		(field) => {
			// A copy of the node whose first `field` property carries a hint, in a package of its own.
			const directory = mkdtempSync(path.join(tmpdir(), 'meigen-hint-'));
			try {
				writeFileSync(
					path.join(directory, 'package.json'),
					'{"name":"hint-check","version":"0.0.0"}',
				);
				const file = path.join(directory, 'HintOnField.node.js');
				writeFileSync(
					file,
					`const { MeiGen } = require(${JSON.stringify(NODE_SOURCE)});
class HintOnField extends MeiGen {
	constructor() {
		super();
		let done = false;
		const hint = (p) => {
			if (done || p.name !== ${JSON.stringify(field)} || p.type !== 'options') return p;
			done = true;
			return { ...p, builderHint: { propertyHint: 'Pick one' } };
		};
		this.description = { ...this.description, properties: this.description.properties.map(hint) };
	}
}
module.exports = { HintOnField };
`,
				);
				expect(() => loadWithN8n(directory, file)).toThrow(
					`has a builderHint on the "${field}" discriminator property`,
				);
			} finally {
				rmSync(directory, { recursive: true, force: true });
			}
		},
	);
});

describe('hints for the AI workflow builder', () => {
	it('compile as n8n 2.x types', () => {
		expect([parameterHintFits, nodeHintFits, descriptionFits]).toEqual([true, true, true]);
	});

	// n8n-workflow 1.x has no builderHint: the descriptions must still compile against its types.
	const onlyOn1x = line === '1.x' ? it : it.skip;
	onlyOn1x(
		'the descriptions compile against n8n-workflow 1.x',
		() => {
			const program = ts.createProgram([NODE_SOURCE], {
				strict: true,
				noEmit: true,
				skipLibCheck: true,
				target: ts.ScriptTarget.ES2022,
				module: ts.ModuleKind.CommonJS,
				moduleResolution: ts.ModuleResolutionKind.Node10,
				esModuleInterop: true,
				types: [],
				baseUrl: ROOT,
				paths: { 'n8n-workflow': ['node_modules/n8n-workflow-v1'] },
			});
			// Only the description files: some engine files use 2.x-only arguments on purpose.
			const descriptions = [path.join(ROOT, 'nodes/MeiGen/actions'), NODE_SOURCE];
			const errors = ts
				.getPreEmitDiagnostics(program)
				.filter(({ file }) => descriptions.some((from) => file?.fileName.startsWith(from)))
				.map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
			expect(errors).toEqual([]);
			// It did read 1.x's types: INodeProperties has no builderHint there.
			const v1 = program.getSourceFiles().some((file) => file.fileName.includes('n8n-workflow-v1'));
			expect(v1).toBe(true);
		},
		120_000,
	);

	it('the node says what it is for and which nodes go with it', () => {
		const hint = description.builderHint;
		expect(hint?.searchHint).toMatch(/images and videos/);
		expect(hint?.relatedNodes?.map((node) => node.nodeType)).toEqual([
			'n8n-nodes-base.wait',
			'n8n-nodes-base.if',
			'n8n-nodes-base.readWriteFile',
			'@n8n/n8n-nodes-langchain.agent',
		]);
		for (const node of hint?.relatedNodes ?? []) expect(node.relationHint).toBeTruthy();
	});

	it.each([
		['prompt', 1],
		['modelId', 1],
		['referenceImageUrls', 1],
		['referenceImageBinaryProperties', 1],
		// Image → Generate, Generation → Get Status, the five Skill runs, Skill → Get Status
		['waitForCompletion', 8],
	])('%s has a hint wherever it is', (name, count) => {
		const named = fields.filter((field) => field.name === name);
		expect(named).toHaveLength(count);
		for (const field of named) expect(field.builderHint?.propertyHint).toBeTruthy();
	});

	it('no resource, operation or mode field carries one', () => {
		const discriminators = fields.filter((field) =>
			['resource', 'operation', 'mode'].includes(field.name),
		);
		expect(discriminators.length).toBeGreaterThan(5);
		for (const field of discriminators) expect(field.builderHint).toBeUndefined();
	});
});
