import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { INodeType } from 'n8n-workflow';

import type { MeiGen as MeiGenNode } from '../../nodes/MeiGen/MeiGen.node';
import { MEIGEN_NODE_TYPE } from '../harness/node-types';

/**
 * The harness keeps n8n's user folder (settings, filesystem-mode binary data) in a temp dir it only
 * removes under jest; a bench process removes its own at the end.
 */
export function removeHarnessFolder(): void {
	const folder = process.env.N8N_USER_FOLDER;
	if (
		folder &&
		path.dirname(folder) === tmpdir() &&
		path.basename(folder).startsWith('meigen-harness-')
	) {
		rmSync(folder, { recursive: true, force: true });
	}
}

export const MiB = 1024 * 1024;

export const seconds = (ms: number, digits = 1): string => `${(ms / 1000).toFixed(digits)} s`;

export const mib = (bytes: number): string => `${(bytes / MiB).toFixed(0)} MiB`;

export const signedMib = (bytes: number): string =>
	`${bytes >= 0 ? '+' : ''}${(bytes / MiB).toFixed(0)} MiB`;

/** A plain text table: the first row is the header. */
export function table(rows: string[][]): string {
	const widths = rows[0].map((_, column) =>
		Math.max(...rows.map((row) => (row[column] ?? '').length)),
	);
	const line = (row: string[]) =>
		row
			.map((cell, column) => (cell ?? '').padEnd(widths[column]))
			.join('  ')
			.trimEnd();
	return [
		line(rows[0]),
		widths.map((width) => '-'.repeat(width)).join('  '),
		...rows.slice(1).map(line),
	].join('\n');
}

/** The most events that fall in any window of `windowMs` (events sorted ascending). */
export function peakInWindow(times: number[], windowMs: number): number {
	let peak = 0;
	let start = 0;
	for (let end = 0; end < times.length; end++) {
		while (times[end] - times[start] >= windowMs) start++;
		peak = Math.max(peak, end - start + 1);
	}
	return peak;
}

/**
 * The earliest a batch can finish when `concurrency` items run at once, each job takes `jobMs`,
 * and at most `limit` submits are accepted per `windowMs` (a perfect client: no poll delay).
 */
export function bestSchedule(
	items: number,
	concurrency: number,
	jobMs: number,
	limit = Infinity,
	windowMs = 60_000,
): number {
	const workers: number[] = new Array<number>(Math.min(concurrency, items)).fill(0);
	const accepted: number[] = [];
	let finish = 0;
	for (let item = 0; item < items; item++) {
		const worker = workers.indexOf(Math.min(...workers));
		let at = workers[worker];
		if (accepted.length >= limit) at = Math.max(at, accepted[accepted.length - limit] + windowMs);
		accepted.push(at);
		accepted.sort((a, b) => a - b);
		workers[worker] = at + jobMs;
		finish = Math.max(finish, at + jobMs);
	}
	return finish;
}

/**
 * The MeiGen node type, for RunOptions.nodeTypes. Under plain ts-node (unlike jest) a require of
 * `nodes/MeiGen/MeiGen.node` finds the codex file MeiGen.node.json before MeiGen.node.ts, so the
 * bench loads the .ts file by its full name and hands it to the harness itself.
 */
export function meiGenNodeTypes(): Record<string, INodeType> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { MeiGen } = require(path.join(__dirname, '../../nodes/MeiGen/MeiGen.node.ts')) as {
		MeiGen: typeof MeiGenNode;
	};
	return { [MEIGEN_NODE_TYPE]: new MeiGen() };
}
