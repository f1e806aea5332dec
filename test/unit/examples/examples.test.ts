import type { INodeProperties } from 'n8n-workflow';

import { MeiGen } from '../../../nodes/MeiGen/MeiGen.node';
import { readExamples, type Example, type WorkflowNode } from '../../../scripts/lib/examples';
import { productPhotoBytes } from '../../../scripts/lib/samples';

/**
 * What every workflow in examples/ must keep: a budget on each MeiGen node that can spend credits,
 * no Timeout (the wait ends on its own before the workflow's), short sticky notes, a word on n8n
 * Cloud where a file is written to disk, and the sample product photo as scripts/lib/samples.ts
 * makes it.
 */

const MEIGEN_TYPES = ['n8n-nodes-meigen.meiGen', 'n8n-nodes-meigen.meiGenTool'];
const STICKY_NOTE = 'n8n-nodes-base.stickyNote';
const MAX_NOTE_CHARS = 600;

const examples = readExamples();
const meigenNodes = (example: Example) =>
	example.source.nodes.filter((node) => MEIGEN_TYPES.includes(node.type));
const notes = (example: Example) =>
	example.source.nodes
		.filter((node) => node.type === STICKY_NOTE)
		.map((node) => String(node.parameters.content ?? ''));
const options = (node: WorkflowNode) => (node.parameters.options ?? {}) as Record<string, unknown>;

/** Whether the property shows for this resource and operation (other conditions aside). */
function shownFor(property: INodeProperties, resource: unknown, operation: unknown): boolean {
	const show = property.displayOptions?.show ?? {};
	const fits = (key: string, value: unknown) => !show[key] || show[key]?.includes(value as never);
	return fits('resource', resource) && fits('operation', operation);
}

/**
 * Whether the node's operation can spend credits: its Options have Max Credits (Image → Generate
 * and the Skill runs; not Get Status, Model or Token), and Estimate Only is off.
 */
function spends(node: WorkflowNode): boolean {
	const { resource, operation, estimateOnly } = node.parameters;
	if (estimateOnly === true) return false;
	return new MeiGen().description.properties.some(
		(property) =>
			property.name === 'options' &&
			shownFor(property, resource, operation) &&
			(property.options ?? []).some((option) => 'name' in option && option.name === 'maxCredits'),
	);
}

/** Each problem as `<example>: <node>: <what>`. */
function problems(check: (example: Example) => string[]): string[] {
	return examples.flatMap((example) => check(example).map((what) => `${example.name}: ${what}`));
}

describe('the example workflows', () => {
	it('are read, with their MeiGen nodes', () => {
		expect(examples.length).toBeGreaterThanOrEqual(12);
		const spending = examples.flatMap((example) => meigenNodes(example).filter(spends));
		const operations = new Set(spending.map((node) => node.parameters.operation));
		expect([...operations]).toEqual(
			expect.arrayContaining(['generate', 'removeBackground', 'aiBackground', 'productDetail']),
		);
	});

	it('set Options → Max Credits on every MeiGen node that can spend credits', () => {
		const unset = problems((example) =>
			meigenNodes(example)
				.filter(
					(node) =>
						spends(node) && [undefined, null, ''].includes(options(node).maxCredits as never),
				)
				.map((node) => `${node.name}: no Max Credits`),
		);
		expect(unset).toEqual([]);
	});

	it('set no Options → Timeout on a MeiGen node', () => {
		const timeouts = problems((example) =>
			meigenNodes(example)
				.filter((node) => options(node).waitTimeout !== undefined)
				.map((node) => `${node.name}: Timeout ${String(options(node).waitTimeout)}`),
		);
		expect(timeouts).toEqual([]);
	});

	it(`each have a sticky note, under ${MAX_NOTE_CHARS} characters`, () => {
		const long = problems((example) => {
			const found = notes(example);
			if (!found.length) return ['no sticky note'];
			return found
				.filter((note) => note.length >= MAX_NOTE_CHARS)
				.map((note) => `a sticky note of ${note.length} characters`);
		});
		expect(long).toEqual([]);
	});

	it('say in the sticky note, where a file is written to disk, what to do on n8n Cloud and where the file goes', () => {
		const silent = problems((example) => {
			const writes = example.source.nodes.some(
				(node) =>
					node.type === 'n8n-nodes-base.readWriteFile' && node.parameters.operation === 'write',
			);
			if (!writes) return [];
			const text = notes(example).join('\n');
			return ['n8n Cloud', '`/home/node/.n8n-files`', '`~/.n8n-files`']
				.filter((words) => !text.includes(words))
				.map((words) => `writes a file, and no sticky note says ${words}`);
		});
		expect(silent).toEqual([]);
	});

	it.each(['07-product-photo-cutout-ai-background', '08-product-detail-images'])(
		'%s carries the sample product photo, byte for byte',
		(name) => {
			const example = examples.find((candidate) => candidate.name === name);
			const nodes = example?.source.nodes ?? [];
			const set = nodes.find((node) => node.name === 'Sample Product Photo (Base64)');
			const convert = nodes.find((node) => node.name === 'Convert Photo to File');
			type Assignments = { assignments?: Array<{ name?: string; value?: unknown }> };
			const [photo] = (set?.parameters.assignments as Assignments | undefined)?.assignments ?? [];
			expect(convert?.parameters).toEqual({
				operation: 'toBinary',
				sourceProperty: photo?.name,
				binaryPropertyName: 'data',
				options: { fileName: 'product-photo.png', mimeType: 'image/png' },
			});
			const bytes = Buffer.from(String(photo?.value), 'base64');
			expect(bytes.toString('base64')).toBe(photo?.value);
			expect(bytes.equals(productPhotoBytes())).toBe(true);
		},
	);

	it('sample product photo: an opaque 640×480 PNG of about 9 KB', () => {
		const photo = productPhotoBytes();
		expect(photo.subarray(1, 4).toString()).toBe('PNG');
		const size = { width: photo.readUInt32BE(16), height: photo.readUInt32BE(20) };
		expect({ ...size, colourType: photo[25] }).toEqual({ width: 640, height: 480, colourType: 2 });
		expect(photo.length).toBeGreaterThan(8_000);
		expect(photo.length).toBeLessThan(10_000);
	});
});
