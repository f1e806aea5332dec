import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { MeiGenApi } from '../../../credentials/MeiGenApi.credentials';
import { MeiGen } from '../../../nodes/MeiGen/MeiGen.node';

/**
 * The manual names things as the panel shows them. Its convention: a name of the panel is in bold,
 * and a path in the panel is bold parts joined by " → " (**Options → Max Credits**,
 * **Image → Generate**). Every part of every bold span in README.md and docs/*.md must be a name
 * the node's panel shows, or one of the few names of n8n's own UI below. Nothing else is bold.
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

/** The manual: README.md and every page in docs/. */
function manualFiles(): string[] {
	const docs = readdirSync(join(ROOT, 'docs'))
		.filter((file) => file.endsWith('.md'))
		.map((file) => `docs/${file}`);
	return ['README.md', ...docs.sort()];
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
	const known = new Set([...panel, ...N8N_NAMES]);
	const files = manualFiles();

	it('reads the panel and the manual', () => {
		expect(panel).toEqual(expect.any(Set));
		for (const name of ['Image', 'Generate', 'Options', 'Max Credits', 'Request ID', 'API Key']) {
			expect(panel.has(name)).toBe(true);
		}
		expect(files).toContain('README.md');
		expect(files.length).toBeGreaterThan(1);
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

	it('names no n8n UI the panel already has, and uses each one it allows', () => {
		const used = new Set(
			files.flatMap((file) =>
				boldSpans(readFileSync(join(ROOT, file), 'utf8')).flatMap(({ span }) =>
					span.split(' → ').map((part) => part.trim()),
				),
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
});
