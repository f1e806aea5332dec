import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { MeiGenApi } from '../../../credentials/MeiGenApi.credentials';
import { MeiGen } from '../../../nodes/MeiGen/MeiGen.node';
import { readExamples, type Example } from '../../../scripts/lib/examples';

/**
 * The manual names things as the panel shows them. Its convention: a name of the panel is in bold,
 * and a path in the panel is bold parts joined by " → " (**Options → Max Credits**,
 * **Image → Generate**). Every part of every bold span in README.md, docs/*.md and
 * examples/README.md must be a name the node's panel shows, a node of an example, or one of the few
 * names of n8n's own UI below. Nothing else is bold. An example's sticky note is held to the panel
 * its own MeiGen nodes show: the fields of their operations (a note on Image → Generate can't name
 * a Skill's field), the resources and operations, and the workflow's node names.
 */

const ROOT = join(__dirname, '..', '..', '..');

/** Names of n8n's own UI (not this node's panel) that the manual puts in bold. Keep it short. */
const N8N_NAMES = [
	'Community Nodes',
	'Continue',
	'Continue (using error output)',
	'Execute workflow',
	'HTTP Request',
	'If',
	'Install',
	'MeiGen Tool',
	'On Error',
	'Read/Write Files from Disk',
	'Retry On Fail',
	'Settings',
	'Timeout Workflow',
	'Wait',
	'Workflow Settings',
];

type Entry = INodeProperties | INodePropertyCollection | INodePropertyOptions;

/** Every name a list of fields shows: labels, dropdown options, collection entries and groups. */
function namesOf(entries: readonly Entry[], into: Set<string>): Set<string> {
	for (const entry of entries) {
		if ('values' in entry) {
			// A fixed collection's group, e.g. Custom Modules → Module
			into.add(entry.displayName);
			namesOf(entry.values, into);
			continue;
		}
		if (!('type' in entry) || !('displayName' in entry)) {
			// A dropdown's option
			into.add((entry as INodePropertyOptions).name);
			continue;
		}
		into.add(entry.displayName);
		for (const mode of entry.modes ?? []) into.add(mode.displayName);
		if (entry.options) namesOf(entry.options as Entry[], into);
	}
	return into;
}

function panelNames(): Set<string> {
	const { description } = new MeiGen();
	const credential = new MeiGenApi();
	const names = namesOf(description.properties, new Set([description.displayName]));
	names.add(credential.displayName);
	return namesOf(credential.properties, names);
}

/** The fields one operation shows (other conditions aside), with their options and entries. */
function operationNames(resource: unknown, operation: unknown): Set<string> {
	const shown = new MeiGen().description.properties.filter((property) => {
		const show = property.displayOptions?.show ?? {};
		const fits = (key: string, value: unknown) => !show[key] || show[key]?.includes(value as never);
		return fits('resource', resource) && fits('operation', operation);
	});
	return namesOf(shown, new Set());
}

/** Every resource and every operation of any resource, e.g. Model → Get Many. */
function resourcesAndOperations(): Set<string> {
	const lists = new MeiGen().description.properties.filter((property) =>
		['resource', 'operation'].includes(property.name),
	);
	return new Set(
		lists.flatMap((list) =>
			(list.options ?? []).map((option) => (option as { name: string }).name),
		),
	);
}

/** The manual: README.md, every page in docs/, and examples/README.md. */
function manualFiles(): string[] {
	const docs = readdirSync(join(ROOT, 'docs'))
		.filter((file) => file.endsWith('.md'))
		.map((file) => `docs/${file}`);
	return ['README.md', ...docs.sort(), 'examples/README.md'];
}

const MEIGEN_TYPES = ['n8n-nodes-meigen.meiGen', 'n8n-nodes-meigen.meiGenTool'];
const nodeNames = (example: Example) => example.source.nodes.map((node) => node.name);
const stickyNotes = (example: Example) =>
	example.source.nodes
		.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
		.map((node) => String(node.parameters.content ?? ''));

/** The names an example's sticky note may use: its MeiGen nodes' panels and its node names. */
function exampleNames(example: Example): Set<string> {
	const names = new Set([...resourcesAndOperations(), ...nodeNames(example), ...N8N_NAMES]);
	for (const node of example.source.nodes.filter(({ type }) => MEIGEN_TYPES.includes(type))) {
		const { resource, operation } = node.parameters;
		for (const name of operationNames(resource, operation)) names.add(name);
	}
	return names;
}

/** Bold spans outside code, with their line numbers. */
function boldSpans(markdown: string): Array<{ line: number; span: string }> {
	const spans: Array<{ line: number; span: string }> = [];
	let fenced = false;
	markdown.split('\n').forEach((text, index) => {
		if (/^\s*(```|~~~)/.test(text)) {
			fenced = !fenced;
			return;
		}
		if (fenced) return;
		const prose = text.replace(/`[^`]*`/g, '');
		for (const match of prose.matchAll(/\*\*(.+?)\*\*/g)) {
			spans.push({ line: index + 1, span: match[1] });
		}
	});
	return spans;
}

/** The parts of a bold span that are no name the panel (or n8n's UI) shows. */
function unknownParts(span: string, known: Set<string>): string[] {
	return span
		.split(' → ')
		.map((part) => part.trim())
		.filter((part) => !known.has(part));
}

describe('names in the manual are the names the panel shows', () => {
	const panel = panelNames();
	const examples = readExamples();
	// examples/README.md names the examples' nodes too.
	const known = new Set([...panel, ...N8N_NAMES, ...examples.flatMap(nodeNames)]);
	const files = manualFiles();

	it('reads the panel and the manual', () => {
		expect(panel).toEqual(expect.any(Set));
		for (const name of ['Image', 'Generate', 'Options', 'Max Credits', 'Request ID', 'API Key']) {
			expect(panel.has(name)).toBe(true);
		}
		expect(files).toContain('README.md');
		expect(files).toContain('examples/README.md');
		expect(files.length).toBeGreaterThan(2);
		expect(examples.map(stickyNotes).every((notes) => notes.length > 0)).toBe(true);
	});

	it('every part of every bold span is a name of the panel or of n8n', () => {
		const problems: string[] = [];
		for (const file of files) {
			for (const { line, span } of boldSpans(readFileSync(join(ROOT, file), 'utf8'))) {
				const unknown = unknownParts(span, known);
				if (unknown.length) {
					problems.push(`${file}:${line}: **${span}**: not in the panel: ${unknown.join(', ')}`);
				}
			}
		}
		expect(problems).toEqual([]);
	});

	it("every part of every bold span in an example's sticky note is a name its own nodes show", () => {
		const problems: string[] = [];
		for (const example of examples) {
			const names = exampleNames(example);
			for (const note of stickyNotes(example)) {
				for (const { line, span } of boldSpans(note)) {
					const unknown = unknownParts(span, names);
					if (unknown.length) {
						const where = `examples/${example.file}, sticky note line ${line}`;
						problems.push(`${where}: **${span}**: not in its panel: ${unknown.join(', ')}`);
					}
				}
			}
		}
		expect(problems).toEqual([]);
	});

	it('names no n8n UI the panel already has, and uses each one it allows', () => {
		const texts = [
			...files.map((file) => readFileSync(join(ROOT, file), 'utf8')),
			...examples.flatMap(stickyNotes),
		];
		const used = new Set(
			texts.flatMap((text) =>
				boldSpans(text).flatMap(({ span }) => span.split(' → ').map((part) => part.trim())),
			),
		);
		expect(N8N_NAMES.filter((name) => panel.has(name))).toEqual([]);
		expect(N8N_NAMES.filter((name) => !used.has(name))).toEqual([]);
	});

	it('catches a name the panel does not show', () => {
		const spans = boldSpans(
			'Set **Options → Max Credits**, not **Options → Budget**; `**Made Up**` is code.',
		);
		expect(spans.map(({ span }) => span)).toEqual(['Options → Max Credits', 'Options → Budget']);
		expect(unknownParts('Options → Budget', known)).toEqual(['Budget']);
		expect(unknownParts('Modules', known)).toEqual(['Modules']);
		expect(unknownParts('Options → Idempotency Key', known)).toEqual(['Idempotency Key']);
		expect(unknownParts('Additional Fields → Aspect Ratio Name or ID', known)).toEqual([]);
	});

	it("holds a sticky note to its example's own operations", () => {
		const generate = operationNames('image', 'generate');
		const background = operationNames('skill', 'aiBackground');
		expect(generate.has('Aspect Ratio Name or ID')).toBe(true);
		expect(generate.has('Aspect Ratio')).toBe(false);
		expect(generate.has('Custom Prompt')).toBe(false);
		expect(background.has('Aspect Ratio')).toBe(true);
		expect(background.has('Custom Prompt')).toBe(true);
		expect(resourcesAndOperations().has('Get Many')).toBe(true);
	});
});

/** The engine's source files (nodes/MeiGen), whose messages a user reads, from the repository. */
function sourceFiles(): string[] {
	return readdirSync(join(ROOT, 'nodes', 'MeiGen'), { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith('.ts'))
		.map((file) => join('nodes', 'MeiGen', file));
}

/**
 * The panel paths a line of code says that are not the panel's, e.g. "Options → Budget". A path
 * sits in prose ("Raise Options → Max Credits to …"), so each arrow needs a name of the panel
 * ending the text before it and one starting the text after it; a side that is an interpolated
 * value (`${…}`) is the code's, not a name. Comments are the code's too.
 */
function unknownPaths(line: string, known: Set<string>): string[] {
	if (!line.includes(' → ') || /^\s*(\/\/|\/\*|\*)/.test(line)) return [];
	const sides = line.split(' → ');
	const names = [...known].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
	const problems: string[] = [];
	for (let index = 0; index + 1 < sides.length; index++) {
		const [before, after] = [sides[index], sides[index + 1]];
		// A whole name: "Resolutions" does not start with the name "Resolution".
		const ends =
			before.endsWith('}') || names.some((name) => new RegExp(`(^|\\W)${name}$`).test(before));
		const starts =
			after.startsWith('${') || names.some((name) => new RegExp(`^${name}(\\W|$)`).test(after));
		if (!ends || !starts) problems.push(`${before.slice(-30).trim()} → ${after.slice(0, 30)}`);
	}
	return problems;
}

describe("names in the node's own messages are the names the panel shows", () => {
	const known = new Set([...panelNames(), ...N8N_NAMES]);

	it('every path in an error or a description names fields, resources and operations of the panel', () => {
		const files = sourceFiles();
		expect(files).toContain('nodes/MeiGen/errors/voice.ts');
		const problems: string[] = [];
		for (const file of files) {
			readFileSync(join(ROOT, file), 'utf8')
				.split('\n')
				.forEach((line, index) => {
					for (const path of unknownPaths(line, known)) {
						problems.push(`${file}:${index + 1}: ${path}`);
					}
				});
		}
		expect(problems).toEqual([]);
	});

	it('catches a path the panel does not show', () => {
		expect(unknownPaths("\t'Raise Options → Max Credits, or lower Concurrency.',", known)).toEqual(
			[],
		);
		expect(unknownPaths("\t'Raise Options → Budget.',", known)).toEqual([
			"'Raise Options → Budget.',",
		]);
		expect(unknownPaths("\t'Change Extras → Quality Name or ID.',", known)).toHaveLength(1);
		expect(unknownPaths("\t'Change Additional Fields → Resolutions.',", known)).toHaveLength(1);
		expect(unknownPaths('\t`Clear Options → ${label} to derive one.`,', known)).toEqual([]);
		expect(unknownPaths('\t * Failures → the node errors a user sees', known)).toEqual([]);
	});
});
