/**
 * The bench's "back-off" section: status reads, and how late the completion is seen, for a job
 * that runs past MeiGen's expected time (`expectedWaitSeconds`, the model's p90) while the node
 * waits for it (Wait for Completion on).
 *
 * - before: the old rule, inline below: past the expected time, one read every Poll Interval.
 * - after: the node's own `nextPollDelay`: past the expected time the pause grows ×1.5 per read,
 *   from the Poll Interval up to 30 s (or the Poll Interval, if longer).
 * - loop: example 10 (Wait for Completion off, n8n's Wait node, Get Status, If): the Wait lasts
 *   `checkAgainInSeconds`, from Generate (the p90) and then from each Get Status.
 *
 * Simulated time: the schedule the node's wait loop follows (the first read one Poll Interval
 * after the submit, then the rule's pause after each read), on a job whose status reads as the
 * fake's does: `expectedWaitSeconds` = the p90, `pollHintSeconds` counting down to the job's end.
 * Past the estimate `before` and `after` do not look at the hint. The loop does (Get Status has no
 * clock of its own: it does not know how long the job has run), so it is also shown with a hint
 * that reaches 0 at the p90 (MeiGen no longer promising progress; the node's own wait would stop
 * there unless a Timeout is set). Each read adds READ_LATENCY_MS. One case is also measured for real
 * (the node through n8n-core's WorkflowExecute against the fake) to show the simulation matches.
 */
import { nextPollDelay } from '../../nodes/MeiGen/generation/api';
import { checkAgainSeconds, parkedPause } from '../../nodes/MeiGen/jobs/pollPace';
import type { StatusResponse } from '../../nodes/MeiGen/types';
import { startFakeMeiGen } from '../fake-server';
import { generate, runMeiGen } from '../nodes/MeiGen/setup';
import { pollsOf, seenLateMs } from './requests';
import { meiGenNodeTypes, seconds, table } from './util';

/** The node's default Poll Interval (s) */
const POLL_S = 3;
/** n8n's Wait node keeps waits shorter than this in the process (ms) */
const PARK_FROM_MS = 65_000;
/** From a read's start to the node's next pause (request, timers): what the simulation adds per read */
export const READ_LATENCY_MS = 100;

export type BackoffRule = 'before' | 'after' | 'loop' | 'loop-hint-0';

export interface BackoffCase {
	key: string;
	what: string;
	model: string;
	p90S: number;
	jobS: number;
}

export const BACKOFF_CASES: BackoffCase[] = [
	{
		key: 'overrun-60s',
		what: 'Seedance 2.0 (p90 180 s), the job takes 240 s: 60 s past the estimate',
		model: 'seedance-2-0',
		p90S: 180,
		jobS: 240,
	},
	{
		key: '12-minutes',
		what: 'Veo 3.1 (p90 360 s), a 12-minute (720 s) job',
		model: 'veo-3.1',
		p90S: 360,
		jobS: 720,
	},
];

/** Measured for real (80 s): the estimate is short so the 60 s overrun comes soon. */
export const MEASURED_CASE: BackoffCase = {
	key: 'measured-overrun-60s',
	what: 'Seedance 2.0 with p90 set to 20 s, the job takes 80 s: 60 s past the estimate',
	model: 'seedance-2-0',
	p90S: 20,
	jobS: 80,
};

/** The rule before the back-off (the node's nextPollDelay until then), kept here to compare. */
function beforeDelay(status: StatusResponse, intervalMs: number, elapsedMs: number): number {
	const hintMs = (status.pollHintSeconds ?? 0) * 1000;
	if (hintMs <= intervalMs) return intervalMs;
	const expectedMs = (status.expectedWaitSeconds ?? 0) * 1000;
	const untilExpected = expectedMs - elapsedMs;
	return Math.max(intervalMs, Math.min(hintMs, untilExpected));
}

/**
 * A running job's status `atMs` after the submit: the hint counts down to the job's end (as the
 * fake's does), or to the p90 and stays at 0 after it (`loop-hint-0`).
 */
function statusAt(spec: BackoffCase, atMs: number, rule: BackoffRule): StatusResponse {
	const until = rule === 'loop-hint-0' ? spec.p90S : spec.jobS;
	return {
		status: 'processing',
		expectedWaitSeconds: spec.p90S,
		pollHintSeconds: Math.max(0, Math.ceil(until - atMs / 1000)),
	};
}

export interface BackoffRun {
	spec: BackoffCase;
	rule: BackoffRule;
	measured: boolean;
	/** Status reads, ms after the submit */
	readsMs: number[];
	/** The read that saw the job done, ms after it completed */
	lateMs?: number;
	/** loop: time the execution sat in a Wait of under 65 s (held by a worker), and parked */
	heldMs?: number;
	parkedMs?: number;
	waits?: number;
	error?: string;
}

/** The reads one rule makes for one job, on simulated time. */
export function simulateBackoff(spec: BackoffCase, rule: BackoffRule, pollS = POLL_S): BackoffRun {
	const intervalMs = pollS * 1000;
	const jobMs = spec.jobS * 1000;
	const readsMs: number[] = [];
	let heldMs = 0;
	let parkedMs = 0;
	let waits = 0;
	let lastAdviceS = 0;
	const wait = (ms: number) => {
		waits++;
		if (ms < PARK_FROM_MS) heldMs += ms;
		else parkedMs += ms;
	};
	let t: number;
	const loop = rule === 'loop' || rule === 'loop-hint-0';
	if (loop) {
		// Generate without waiting: checkAgainInSeconds is the p90, never below the Poll Interval.
		t = checkAgainSeconds(spec.p90S * 1000, intervalMs) * 1000;
		lastAdviceS = t / 1000;
		wait(t);
	} else t = intervalMs; // a job just submitted is read after one Poll Interval
	for (let guard = 0; guard < 10_000; guard++) {
		readsMs.push(t);
		if (t >= jobMs) break;
		const status = statusAt(spec, t, rule);
		let pause: number;
		if (rule === 'before') pause = beforeDelay(status, intervalMs, t);
		else if (rule === 'after') pause = nextPollDelay(status, intervalMs, t);
		else {
			// Get Status's own clock starts when it runs; with no progress promised (hint 0) it grows
			// the loop's last wait instead (the item's checkAgainInSeconds), as the node does.
			const pauseMs =
				status.pollHintSeconds === 0
					? parkedPause(lastAdviceS, intervalMs)
					: nextPollDelay(status, intervalMs, 0);
			pause = checkAgainSeconds(pauseMs, intervalMs) * 1000;
			lastAdviceS = pause / 1000;
			wait(pause);
		}
		t += READ_LATENCY_MS + pause;
	}
	const last = readsMs[readsMs.length - 1];
	return {
		spec,
		rule,
		measured: false,
		readsMs,
		lateMs: last >= jobMs ? last - jobMs : undefined,
		...(loop ? { heldMs, parkedMs, waits } : {}),
	};
}

/** The node as it is, waiting for a real job on the fake (real time: the job's length). */
export async function measureBackoff(spec: BackoffCase, pollS = POLL_S): Promise<BackoffRun> {
	const fake = await startFakeMeiGen({ jobDurations: { [spec.model]: spec.jobS * 1000 } });
	try {
		const model = fake.models.find((m) => m.json.id === spec.model);
		if (!model) throw new Error(`the fake has no ${spec.model}`);
		model.json.estimatedTiming = { ...model.json.estimatedTiming, p90: spec.p90S };
		const run = await runMeiGen(
			fake,
			generate(spec.model, 'back-off bench: a lighthouse in a storm, slow dolly in', {
				options: { pollInterval: pollS, maxCredits: 1000 },
			}),
			{ binaryMode: 'default', nodeTypes: meiGenNodeTypes() },
		);
		const job = [...fake.jobs.values()][0];
		const error =
			run.status === 'success' ? undefined : (run.nodeError('MeiGen')?.message ?? run.status);
		if (!job) return { spec, rule: 'after', measured: true, readsMs: [], error: error ?? 'no job' };
		return {
			spec,
			rule: 'after',
			measured: true,
			readsMs: pollsOf(fake, job.id).map((request) => request.time - job.createdAt),
			lateMs: seenLateMs(fake, job.id),
			error,
		};
	} finally {
		await fake.close();
	}
}

/** Every case under every rule (simulated), and the measured case (real, and simulated beside it). */
export async function runBackoff(
	log: (text: string) => void,
): Promise<{ simulated: BackoffRun[]; measured: BackoffRun[] }> {
	const rules: BackoffRule[] = ['before', 'after', 'loop', 'loop-hint-0'];
	const simulated = BACKOFF_CASES.flatMap((spec) =>
		rules.map((rule) => simulateBackoff(spec, rule)),
	);
	log(`back-off: measuring ${MEASURED_CASE.key} (${MEASURED_CASE.jobS} s, real time)`);
	const real = await measureBackoff(MEASURED_CASE);
	log(`back-off: measured ${real.readsMs.length} reads${real.error ? `, ${real.error}` : ''}`);
	const measured = [
		simulateBackoff(MEASURED_CASE, 'before'),
		simulateBackoff(MEASURED_CASE, 'after'),
		real,
	];
	return { simulated, measured };
}

// ---- report ---------------------------------------------------------------------------------

const s = (ms: number | undefined, digits = 1) =>
	ms === undefined ? 'n/a' : seconds(ms, digits).replace(/\.0 s$/, ' s');

function ruleLabel(run: BackoffRun): string {
	if (run.measured) return 'after (measured)';
	if (run.rule === 'before') return `before (every ${POLL_S} s past the estimate)`;
	if (run.rule === 'after') return 'after (×1.5 up to 30 s)';
	if (run.rule === 'loop') return 'loop (example 10)';
	return 'loop (example 10), hint 0 past the p90';
}

/** The last pauses between reads: where the rules differ. */
function lastPauses(run: BackoffRun, count = 5): string {
	const pauses = run.readsMs.slice(1).map((t, n) => t - run.readsMs[n]);
	const shown = pauses.slice(-count).map((ms) => (ms / 1000).toFixed(1));
	return `${pauses.length > count ? '…, ' : ''}${shown.join(', ')}`;
}

export function backoffTable(runs: BackoffRun[]): string {
	return table([
		[
			'case',
			'p90',
			'job',
			'rule',
			'status reads',
			'reads past the p90',
			'completion seen after',
			'last pauses (s)',
			'loop: Waits, held / parked',
		],
		...runs.map((run) => [
			run.spec.key,
			`${run.spec.p90S} s`,
			`${run.spec.jobS} s`,
			ruleLabel(run),
			run.error ? `error: ${run.error}` : String(run.readsMs.length),
			String(run.readsMs.filter((t) => t >= run.spec.p90S * 1000).length),
			s(run.lateMs, 2),
			lastPauses(run),
			run.waits !== undefined ? `${run.waits}, ${s(run.heldMs, 0)} / ${s(run.parkedMs, 0)}` : '-',
		]),
	]);
}

export function describeBackoff(result: {
	simulated: BackoffRun[];
	measured: BackoffRun[];
}): string {
	return [
		`Poll Interval ${POLL_S} s (the default). Simulated: the status says expectedWaitSeconds = p90 and pollHintSeconds counting down to the job's end (as the fake's); each read takes ${READ_LATENCY_MS} ms.`,
		`"loop": the Waits of example 10 (checkAgainInSeconds); a Wait under 65 s stays in the worker ("held"), a longer one parks the execution. "hint 0 past the p90": pollHintSeconds reaches 0 at the p90 and stays there.`,
		'',
		...BACKOFF_CASES.map((spec) => `${spec.key}: ${spec.what}`),
		`${MEASURED_CASE.key}: ${MEASURED_CASE.what}; measured through WorkflowExecute, next to the simulation`,
		'',
		backoffTable([...result.simulated, ...result.measured]),
	].join('\n');
}
