/**
 * A catalogue batch, as example 12 runs it: every row of a product list through Create AI
 * Background (White mode) by image URL, with Pay Once per Input and Max Credits, Continue On
 * Fail and Download on; then the same rows again, as a rerun would send them. Prints the time,
 * the requests and the credits each run took.
 *
 * MeiGen publishes no Skill timings: a run is assumed to take RUN_S, and time is divided by
 * SCALE (the node's Poll Interval with it) so 500 rows fit the bench; the table gives both the
 * measured time and the real-time equivalent.
 */
import type { IDataObject } from 'n8n-workflow';

import type { FakeMeiGen } from '../fake-server';
import type { TestItem } from '../harness';
import { runMeiGen, skill } from '../nodes/MeiGen/setup';
import { pathOf } from './requests';
import { meiGenNodeTypes, seconds, table } from './util';

const ROWS = 500;
/** How long one AI Background run is assumed to take on MeiGen, in seconds */
const RUN_S = 20;
/** Time is divided by this: runs of 2 s, polls every second */
const SCALE = 10;
/** The node's default Poll Interval for Skills, in seconds */
const POLL_S = 10;
/** What the White mode costs per image in the fake's catalog (as MeiGen's catalog lists it) */
const CREDITS_PER_ROW = 1;

const nodeTypes = meiGenNodeTypes();

/** One product row, as Extract From File gives a CSV's row. */
function row(index: number): IDataObject {
	const sku = `SKU-${String(index + 1).padStart(4, '0')}`;
	return {
		sku,
		name: `Product ${index + 1}`,
		imageUrl: `https://shop.example.com/images/${sku.toLowerCase()}.jpg`,
		sellingPoints: 'Sturdy, washable, made to last',
	};
}

export interface CatalogueRun {
	label: string;
	concurrency: number;
	maxCredits: number;
	wallMs: number;
	rows: number;
	done: number;
	failed: number;
	/** Skill runs MeiGen was sent (POST …/run) */
	runs: number;
	/** Images MeiGen was asked to fetch from the shop (uploads by URL) */
	uploads: number;
	/** Receipt reads (GET /skills/status) */
	reads: number;
	/** Credits MeiGen charged in this run */
	charged: number;
}

async function runRows(
	fake: FakeMeiGen,
	label: string,
	rows: IDataObject[],
	options: { concurrency: number; maxCredits: number },
): Promise<CatalogueRun> {
	const requestsBefore = fake.requests.length;
	const chargedBefore = fake.skillCharges().credits;
	const items: TestItem[] = rows.map((json) => ({ json }));
	const started = Date.now();
	const run = await runMeiGen(
		fake,
		skill('aiBackground', {
			mode: 'white',
			imageSource: 'url',
			imageUrl: '={{ $json.imageUrl }}',
			options: {
				payOncePerInput: true,
				maxCredits: options.maxCredits,
				concurrency: options.concurrency,
				pollInterval: POLL_S / SCALE,
			},
		}),
		{ items, nodeTypes, binaryMode: 'filesystem', node: { continueOnFail: true } },
	);
	const wallMs = Date.now() - started;
	const requests = fake.requests.slice(requestsBefore);
	const count = (method: string, pattern: RegExp) =>
		requests.filter((request) => request.method === method && pattern.test(pathOf(request))).length;
	return {
		label,
		concurrency: options.concurrency,
		maxCredits: options.maxCredits,
		wallMs,
		rows: rows.length,
		done: run.items.filter((item) => item.json.status === 'completed').length,
		failed: run.items.filter((item) => item.json.error !== undefined).length,
		runs: count('POST', /^\/api\/skills\/[^/]+\/run/),
		uploads: count('POST', /^\/api\/skills\/upload/),
		reads: count('GET', /^\/api\/skills\/status/),
		charged: fake.skillCharges().credits - chargedBefore,
	};
}

/** The runs of the catalogue section, each against the same fake (its receipts carry over). */
export async function runCatalogue(
	fake: FakeMeiGen,
	log: (text: string) => void,
): Promise<CatalogueRun[]> {
	fake.reset();
	fake.setSkillDuration('white-bg', (RUN_S * 1000) / SCALE);
	const rows = Array.from({ length: ROWS }, (_, index) => row(index));
	const full = ROWS * CREDITS_PER_ROW;
	const runs: CatalogueRun[] = [];
	const step = async (label: string, list: IDataObject[], concurrency: number, max: number) => {
		log(`catalogue: ${label}`);
		const result = await runRows(fake, label, list, { concurrency, maxCredits: max });
		log(`catalogue: ${label}: ${seconds(result.wallMs)}`);
		runs.push(result);
	};
	// A budget for half the rows: the rest fail at once, unpaid, into Continue On Fail.
	await step('first run, Max Credits for half the rows', rows, 10, full / 2);
	await step('rerun with the whole budget: only the rest is paid', rows, 10, full);
	await step('rerun of a finished catalogue', rows, 10, full);
	fake.reset();
	fake.setSkillDuration('white-bg', (RUN_S * 1000) / SCALE);
	await step('a fresh catalogue at Concurrency 50', rows, 50, full);
	return runs;
}

export function catalogueTable(runs: CatalogueRun[]): string {
	return table([
		[
			'run',
			'Concurrency',
			'Max Credits',
			'time (scaled)',
			'real-time equivalent',
			'completed',
			'failed',
			'Skill runs sent',
			'uploads',
			'receipt reads',
			'credits charged',
		],
		...runs.map((run) => [
			run.label,
			String(run.concurrency),
			String(run.maxCredits),
			seconds(run.wallMs),
			`${((run.wallMs * SCALE) / 60_000).toFixed(1)} min`,
			String(run.done),
			String(run.failed),
			String(run.runs),
			String(run.uploads),
			String(run.reads),
			String(run.charged),
		]),
	]);
}

export function describeCatalogue(): string {
	return `${ROWS} product rows through Skill → Create AI Background (White mode, ${CREDITS_PER_ROW} credit a row) by image URL, with Pay Once per Input, Max Credits and Continue On Fail, Download on (n8n's filesystem binary mode). Each run is assumed to take ${RUN_S} s on MeiGen and time is divided by ${SCALE} (Poll Interval ${POLL_S} s / ${SCALE}); "real-time equivalent" multiplies the measured time back.`;
}
