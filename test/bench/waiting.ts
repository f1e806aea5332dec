/**
 * The bench's "waiting" section: how long the node waits for a long video job, how late it sees the
 * completion and how many status polls it sends, for the node as it is ("after": no Timeout set,
 * the wait lasts while MeiGen's pollHintSeconds is above 0) and for the old rule ("before": the
 * fixed 600 s video default, emulated by setting Options → Timeout to 600 s, which takes the same
 * code path the old default took).
 *
 * Time can be scaled down: every duration, the Poll Interval, the Timeout and the model's p90
 * (expectedWaitSeconds) are divided by the same factor, so the job keeps its shape. The Poll
 * Interval cannot go under 1 s, so the factor is at most 3.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startFakeMeiGen, TEST_API_KEY, type FakeMeiGen } from '../fake-server';
import { generate, runMeiGen } from '../nodes/MeiGen/setup';
import { isProbe, isStatus, isSubmit, pollsOf, seenLateMs, taskOf } from './requests';
import { meiGenNodeTypes, seconds, table } from './util';

/** A long video model: MeiGen's Veo 3.1 (the issue's example of a job the old default cut off) */
export const WAIT_MODEL = 'veo-3.1';
/** The node's default Poll Interval, the old video default and the model's p90, unscaled (s) */
const POLL_S = 3;
const OLD_VIDEO_TIMEOUT_S = 600;
const P90_S = 360;

export type Rule = 'before' | 'after';

export interface WaitCase {
	key: string;
	/** Simulated seconds until the job completes, or (stall) until its pollHintSeconds reaches 0 */
	jobS: number;
	stall?: boolean;
	what: string;
}

/** Simulated (unscaled) seconds throughout. */
export const WAIT_CASES: WaitCase[] = [
	{ key: 'within-p90', jobS: 300, what: 'a 300 s job, shorter than the p90' },
	{ key: 'past-p90', jobS: 480, what: 'a 480 s job, past the p90, under 600 s' },
	{ key: '12-minutes', jobS: 720, what: 'a 12-minute (720 s) job, still progressing at 600 s' },
	{
		key: 'stall',
		jobS: 240,
		stall: true,
		what: 'a [stall] job: pollHintSeconds reaches 0 at 240 s, the job never completes',
	},
];

export interface WaitRun {
	spec: WaitCase;
	rule: Rule;
	scale: number;
	ok: boolean;
	outcome: string;
	/** s after the submit, measured (scaled time) */
	completedAtS?: number;
	seenLateMs?: number;
	/** The MeiGen node's task ended, s after the submit */
	endedAtS?: number;
	lastPollAtS?: number;
	/** When the job's pollHintSeconds reached 0 (stall), s after the submit */
	hintZeroAtS?: number;
	/** pollHintSeconds a status read gets once the run is over (stall: shows the promise ran out) */
	hintAfter?: number;
	pollTimesS: number[];
	submits: number;
	other: number;
	cdn: number;
}

export interface WaitScale {
	scale: number;
	pollS: number;
	beforeTimeoutS: number;
	p90S: number;
}

export function waitScale(scale: number): WaitScale {
	if (!(scale >= 1 && POLL_S / scale >= 1))
		throw new Error(`time scale ${scale}: use 1 to ${POLL_S}`);
	return {
		scale,
		pollS: POLL_S / scale,
		beforeTimeoutS: OLD_VIDEO_TIMEOUT_S / scale,
		p90S: P90_S / scale,
	};
}

function nodeOptions(rule: Rule, time: WaitScale): INodeParameters {
	return {
		pollInterval: time.pollS,
		// Veo 3.1 costs 165 credits, over the default Max Credits of 100.
		maxCredits: 1000,
		...(rule === 'before' ? { waitTimeout: time.beforeTimeoutS } : {}),
	};
}

async function readHint(fake: FakeMeiGen, generationId: string): Promise<number | undefined> {
	const response = await fetch(`${fake.apiUrl}/generate/v2/status/${generationId}`, {
		headers: { Authorization: `Bearer ${TEST_API_KEY}`, 'x-bench-probe': '1' },
	});
	const body = (await response.json()) as { pollHintSeconds?: number };
	return body.pollHintSeconds;
}

/** One job, one rule, on a fake of its own (job durations are per model and per fake). */
export async function runWaitCase(spec: WaitCase, rule: Rule, time: WaitScale): Promise<WaitRun> {
	const jobMs = (spec.jobS * 1000) / time.scale;
	const fake = await startFakeMeiGen({ jobDurations: { [WAIT_MODEL]: jobMs } });
	try {
		// expectedWaitSeconds is the model's p90 in the fake: scaled with everything else.
		const model = fake.models.find((m) => m.json.id === WAIT_MODEL);
		if (!model) throw new Error(`the fake has no ${WAIT_MODEL}`);
		model.json.estimatedTiming.p90 = time.p90S;

		const prompt = `waiting bench, ${spec.key}, ${rule}: a lighthouse in a storm, slow dolly in${spec.stall ? ' [stall]' : ''}`;
		const run = await runMeiGen(
			fake,
			generate(WAIT_MODEL, prompt, { options: nodeOptions(rule, time) }),
			{
				binaryMode: 'default',
				nodeTypes: meiGenNodeTypes(),
			},
		);
		const job = [...fake.jobs.values()][0];
		const base = {
			spec,
			rule,
			scale: time.scale,
			pollTimesS: [],
			submits: 0,
			other: 0,
			cdn: fake.cdnRequests.length,
		};
		if (!job)
			return {
				...base,
				ok: false,
				outcome: `no job was created: ${run.nodeError('MeiGen')?.message ?? run.error?.message ?? ''}`,
			};

		const since = (at: number) => (at - job.createdAt) / 1000;
		const polls = pollsOf(fake, job.id);
		const requests = fake.requests.filter((r) => !isProbe(r));
		const task = taskOf(run);
		const ok =
			run.status === 'success' && run.items.length === 1 && run.items[0].binary?.data !== undefined;
		const error = run.nodeError('MeiGen')?.message ?? run.error?.message;
		const pending = run.status === 'success' && run.items[0]?.json.status === 'processing';
		return {
			...base,
			ok,
			outcome: ok
				? 'completed, video downloaded'
				: pending
					? 'returned pending'
					: `error: ${error ?? run.status}`,
			completedAtS: job.completedAt ? since(job.completedAt) : undefined,
			seenLateMs: seenLateMs(fake, job.id),
			endedAtS: task ? since(task.startTime + task.executionTime) : undefined,
			lastPollAtS: polls.length ? since(polls[polls.length - 1].time) : undefined,
			hintZeroAtS: spec.stall ? jobMs / 1000 : undefined,
			hintAfter: spec.stall ? await readHint(fake, job.id) : undefined,
			pollTimesS: polls.map((r) => since(r.time)),
			submits: requests.filter(isSubmit).length,
			other: requests.filter((r) => !isSubmit(r) && !isStatus(r)).length,
		};
	} finally {
		await fake.close();
	}
}

/** Every case under both rules, side by side (they mostly sleep). */
export async function runWaiting(time: WaitScale, log: (text: string) => void): Promise<WaitRun[]> {
	log(
		`waiting: starting ${WAIT_CASES.length * 2} jobs side by side (longest ${seconds((Math.max(...WAIT_CASES.map((c) => c.jobS)) * 1000) / time.scale, 0)})`,
	);
	const runs = await Promise.all(
		WAIT_CASES.flatMap((spec) =>
			(['before', 'after'] as Rule[]).map(async (rule) => {
				const result = await runWaitCase(spec, rule, time);
				log(`waiting ${spec.key} ${rule}: ${result.outcome.slice(0, 60)}`);
				return result;
			}),
		),
	);
	return runs;
}

// ---- report ---------------------------------------------------------------------------------

const s = (value: number | undefined, digits = 1) =>
	value === undefined ? 'n/a' : `${value.toFixed(digits)} s`;

function ruleName(rule: Rule, time: WaitScale): string {
	return rule === 'before' ? `before (Timeout ${time.beforeTimeoutS} s)` : 'after (no Timeout)';
}

function pollList(times: number[], pollS: number): string {
	if (times.length <= 8) return times.map((t) => t.toFixed(1)).join(', ');
	return `${times
		.slice(0, 3)
		.map((t) => t.toFixed(1))
		.join(', ')}, … (every ${pollS} s) …, ${times
		.slice(-2)
		.map((t) => t.toFixed(1))
		.join(', ')}`;
}

/** The polls a client asking every Poll Interval would send over the same wait (to the last poll) */
function everyIntervalPolls(run: WaitRun, time: WaitScale): number {
	const waitedS = run.lastPollAtS ?? 0;
	return Math.floor(waitedS / time.pollS);
}

function describeRun(run: WaitRun, time: WaitScale): string[] {
	const lines = [`  ${ruleName(run.rule, time)}`, `    result                  ${run.outcome}`];
	if (run.completedAtS !== undefined)
		lines.push(`    job completed at        ${s(run.completedAtS)} after submit`);
	if (run.seenLateMs !== undefined)
		lines.push(
			`    completion seen after   ${seconds(run.seenLateMs, 2)} (the poll that saw it; limit one Poll Interval = ${time.pollS} s)`,
		);
	else if (run.completedAtS !== undefined)
		lines.push('    completion seen after   not seen: the node had stopped polling');
	if (run.hintZeroAtS !== undefined) {
		const gaveUp = run.lastPollAtS === undefined ? undefined : run.lastPollAtS - run.hintZeroAtS;
		lines.push(
			`    pollHintSeconds 0 at    ${s(run.hintZeroAtS)} after submit (a status read after the run: pollHintSeconds ${run.hintAfter ?? 'n/a'})`,
			`    last poll               ${s(run.lastPollAtS)} after submit = ${s(gaveUp)} after the hint reached 0`,
		);
	}
	lines.push(
		`    node finished at        ${s(run.endedAtS)} after submit`,
		`    status polls            ${run.pollTimesS.length} (asking every ${time.pollS} s over the same wait: ${everyIntervalPolls(run, time)})`,
		`    polls at (s)            ${pollList(run.pollTimesS, time.pollS)}`,
		`    API requests            ${run.submits + run.pollTimesS.length + run.other} = submit ${run.submits} / status ${run.pollTimesS.length} / other ${run.other}; CDN downloads ${run.cdn}`,
	);
	return lines;
}

export function describeWaiting(runs: WaitRun[], time: WaitScale): string {
	const scaled =
		time.scale !== 1
			? `, time scaled down ${time.scale}× (all durations below are measured on the scaled clock)`
			: '';
	const out = [
		`${WAIT_MODEL}, p90 (expectedWaitSeconds) ${time.p90S} s, Poll Interval ${time.pollS} s${scaled}.`,
		`"before": the old fixed video wait, emulated with Options → Timeout = ${time.beforeTimeoutS} s; "after": the node as it is, no Timeout set. On Timeout: Error (default).`,
		'',
	];
	for (const spec of WAIT_CASES) {
		const jobS = spec.jobS / time.scale;
		out.push(`${spec.key}: ${spec.what}${time.scale !== 1 ? ` (here ${jobS} s)` : ''}`);
		for (const run of runs.filter((r) => r.spec === spec)) out.push(...describeRun(run, time));
		out.push('');
	}
	return out.join('\n');
}

export function waitingTable(runs: WaitRun[], time: WaitScale): string {
	return table([
		[
			'case',
			'job',
			'rule',
			'result',
			'node finished',
			'completion seen after',
			'after hint 0',
			'status polls',
			`every ${time.pollS} s`,
		],
		...runs.map((run) => [
			run.spec.key,
			s(run.spec.jobS / time.scale, 0),
			run.rule === 'before' ? `before (Timeout ${time.beforeTimeoutS} s)` : 'after',
			run.ok ? 'completed' : run.outcome.startsWith('error') ? 'error' : run.outcome,
			s(run.endedAtS),
			run.seenLateMs === undefined ? '-' : seconds(run.seenLateMs, 2),
			run.hintZeroAtS === undefined || run.lastPollAtS === undefined
				? '-'
				: s(run.lastPollAtS - run.hintZeroAtS),
			String(run.pollTimesS.length),
			String(everyIntervalPolls(run, time)),
		]),
	]);
}
