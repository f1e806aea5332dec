/**
 * One memory case of the bench, in its own process so peaks of different cases never mix:
 * Image → Generate on a video model with Download on, in one n8n binary data mode, against the
 * fake MeiGen the parent runs. Reports RSS before and at peak, and the stored file's size and sha256.
 *
 * Started by bench.ts with child_process.fork; argv[2] is a JSON MemoryCaseInput.
 */
import { Container } from '@n8n/di';
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';

import { BinaryDataService } from 'n8n-core';
import type { IBinaryData, INode } from 'n8n-workflow';

import { TEST_API_KEY } from '../fake-server';
import { chain, meiGenNode, runWorkflow, startNode, type BinaryMode } from '../harness';
import { generate } from '../nodes/MeiGen/setup';
import { meiGenNodeTypes, removeHarnessFolder } from './util';

export interface MemoryCaseInput {
	apiUrl: string;
	binaryMode: BinaryMode;
	videoModel: string;
	warmupModel: string;
}

export interface MemorySample {
	rss: number;
	heapUsed: number;
	external: number;
	arrayBuffers: number;
}

export interface MemoryCaseResult {
	binaryMode: BinaryMode;
	ok: boolean;
	error?: string;
	baseline: MemorySample;
	peak: MemorySample;
	/** process.resourceUsage().maxRSS: the kernel's high-water mark for the whole process life, bytes */
	maxRss: number;
	samples: number;
	downloadMs: number;
	generationId?: string;
	storedBytes?: number;
	storedSha256?: string;
	/** Where the bytes were: a file under n8n's binary data folder, or base64 in the item */
	storage?: string;
}

function sample(): MemorySample {
	const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
	return { rss, heapUsed, external, arrayBuffers };
}

function collectGarbage(): void {
	(globalThis as { gc?: () => void }).gc?.();
}

async function sha256OfFile(file: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

async function runOnce(input: MemoryCaseInput, model: string, prompt: string) {
	const node: INode = meiGenNode(generate(model, prompt, { options: { pollInterval: 1 } }));
	const nodes = [startNode(), node];
	return await runWorkflow({
		nodes,
		connections: chain(...nodes.map((n) => n.name)),
		credentials: { 'cred-1': { apiKey: TEST_API_KEY, baseUrl: input.apiUrl } },
		binaryMode: input.binaryMode,
		nodeTypes: meiGenNodeTypes(),
	});
}

async function main(): Promise<MemoryCaseResult> {
	const input = JSON.parse(process.argv[2] ?? '{}') as MemoryCaseInput;

	// Warm-up: loads n8n-core, the node and every lazy module on the path, so the baseline is fair.
	await runOnce(input, input.warmupModel, 'warm-up image');
	collectGarbage();
	await new Promise((resolve) => setTimeout(resolve, 200));
	collectGarbage();
	const baseline = sample();

	const peak: MemorySample = { ...baseline };
	let samples = 0;
	const take = () => {
		const now = sample();
		samples++;
		peak.rss = Math.max(peak.rss, now.rss);
		peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
		peak.external = Math.max(peak.external, now.external);
		peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers);
	};
	const sampler = setInterval(take, 50);
	const started = Date.now();
	const run = await runOnce(input, input.videoModel, 'a long tracking shot of waves at night');
	const downloadMs = Date.now() - started;
	take();
	clearInterval(sampler);
	const maxRss = process.resourceUsage().maxRSS * 1024;

	const result: MemoryCaseResult = {
		binaryMode: input.binaryMode,
		ok: false,
		baseline,
		peak,
		maxRss,
		samples,
		downloadMs,
	};
	const item = run.status === 'success' ? run.output('MeiGen')[0] : undefined;
	const binary: IBinaryData | undefined = item?.binary?.data;
	if (!item || !binary) {
		const error = run.nodeError('MeiGen') ?? run.error;
		result.error = error
			? `${error.message}${error.description ? ` (${error.description})` : ''}`
			: `run status ${run.status}, no binary`;
		return result;
	}
	result.ok = true;
	result.generationId = String(item.json.generationId);
	if (binary.id) {
		const file = Container.get(BinaryDataService).getPath(binary.id);
		result.storage = `file (${binary.id.split(':')[0]} mode)`;
		result.storedBytes = statSync(file).size;
		result.storedSha256 = await sha256OfFile(file);
	} else {
		const bytes = Buffer.from(binary.data, 'base64');
		result.storage = `base64 string in the item (${binary.data.length.toLocaleString('en-US')} characters)`;
		result.storedBytes = bytes.length;
		result.storedSha256 = createHash('sha256').update(bytes).digest('hex');
	}
	return result;
}

main()
	.then((result) => {
		removeHarnessFolder();
		process.send?.(result, () => process.exit(0));
	})
	.catch((error: Error) => {
		removeHarnessFolder();
		const empty: MemorySample = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
		const result: MemoryCaseResult = {
			binaryMode: 'default',
			ok: false,
			error: `bench child failed: ${error.stack ?? error.message}`,
			baseline: empty,
			peak: empty,
			maxRss: process.resourceUsage().maxRSS * 1024,
			samples: 0,
			downloadMs: 0,
		};
		process.send?.(result, () => process.exit(1));
	});
