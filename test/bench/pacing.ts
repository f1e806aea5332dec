/**
 * The bench's "pacing" section: for jobs that end early, on time and late against MeiGen's
 * estimate, how many status reads the node makes and how late it sees the job done, under the
 * rule of 0.2.0 ("before") and today's ("after"), inside Wait for Completion and in example 10's
 * park-and-check loop.
 *
 * - before (0.2.0): within the estimate the node slept towards `pollHintSeconds`, capped at the
 *   expected end, so a job that ended early was seen at the estimate; past it, ×1.5 back-off.
 *   Its loop said to look again after the hint, capped at the estimate.
 * - after: within the estimate one read every Poll Interval (pollPause); past it the same
 *   back-off. The loop waits the model's p90 first, then 1.5× its last wait, up to 2 minutes.
 *
 * The status reads as MeiGen sends it: `expectedWaitSeconds` = the model's p90, `pollHintSeconds`
 * counting down on its own over MeiGen's observation window (~40 minutes), whatever the job does.
 * Simulated time (each read adds READ_LATENCY_MS); the docs' example is also measured for real,
 * the node through n8n-core's WorkflowExecute against the fake, beside its simulation.
 */
import { checkAgainSeconds, overduePause, pollPause } from '../../nodes/MeiGen/jobs/pace';
import { startFakeMeiGen } from '../fake-server';
import { OBSERVATION_SECONDS } from '../fake-server/jobs';
import { generate, runMeiGen } from '../nodes/MeiGen/setup';
import { pollsOf, seenLateMs } from './requests';
import { meiGenNodeTypes, seconds, table } from './util';

/** The node's default Poll Interval (s) */
const POLL_S = 3;
/** n8n's Wait node keeps waits shorter than this in the process (ms) */
const PARK_FROM_MS = 65_000;
/** From a read's start to the node's next pause (request, timers): what the simulation adds per read */
export const READ_LATENCY_MS = 100;
/** The longest wait 0.2.0's loop and today's are told to take (ms) */
const PARKED_CAP_MS = 120_000;

export type PacingRule = 'before' | 'after' | 'loop-before' | 'loop-after';

export interface PacingCase {
	key: string;
	what: string;
	model: string;
	p90S: number;
	jobS: number;
}

export const PACING_CASES: PacingCase[] = [
	{
		key: 'image-early',
		what: "the docs' example: an estimate of 25 s, the job done after 6 s",
		model: 'gpt-image-2.5',
		p90S: 25,
		jobS: 6,
	},
	{
		key: 'image-on-time',
		what: 'an estimate of 25 s, the job done after 25 s',
		model: 'gpt-image-2.5',
		p90S: 25,
		jobS: 25,
	},
	{
		key: 'image-late',
		what: 'an estimate of 25 s, the job done after 40 s',
		model: 'gpt-image-2.5',
		p90S: 25,
		jobS: 40,
	},
	{
		key: 'video-early',
		what: 'Seedance 2.0 (p90 180 s), the job done after 90 s',
		model: 'seedance-2-0',
		p90S: 180,
		jobS: 90,
	},
	{
		key: 'video-on-time',
		what: 'Seedance 2.0 (p90 180 s), the job done after 180 s',
		model: 'seedance-2-0',
		p90S: 180,
		jobS: 180,
	},
	{
		key: 'video-late',
		what: 'Seedance 2.0 (p90 180 s), the job done after 240 s: 60 s past the estimate',
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

/** Measured for real: the docs' example. */
export const MEASURED_CASE = PACING_CASES[0];

/** MeiGen's hint `atMs` after the submit: how much longer to keep polling, counting down. */
const hintAt = (atMs: number) => Math.max(0, Math.ceil(OBSERVATION_SECONDS - atMs / 1000));

/** 0.2.0's pause: towards the hint, capped at the expected end; past it the back-off. */
function beforePause(spec: PacingCase, atMs: number, intervalMs: number): number {
	const expectedMs = spec.p90S * 1000;
	if (atMs >= expectedMs) return overduePause(atMs - expectedMs, intervalMs);
	const hintMs = hintAt(atMs) * 1000;
	if (hintMs <= intervalMs) return intervalMs;
	return Math.max(intervalMs, Math.min(hintMs, expectedMs - atMs));
}

export interface PacingRun {
	spec: PacingCase;
	rule: PacingRule;
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
export function simulatePacing(spec: PacingCase, rule: PacingRule, pollS = POLL_S): PacingRun {
	const intervalMs = pollS * 1000;
	const jobMs = spec.jobS * 1000;
	const p90Ms = spec.p90S * 1000;
	const readsMs: number[] = [];
	let heldMs = 0;
	let parkedMs = 0;
	let waits = 0;
	const wait = (ms: number) => {
		waits++;
		if (ms < PARK_FROM_MS) heldMs += ms;
		else parkedMs += ms;
	};
	const loop = rule === 'loop-before' || rule === 'loop-after';
	// In the loop, Generate without waiting says the p90; in the node, the first read comes one
	// Poll Interval after the submit.
	let advice = Math.max(p90Ms, intervalMs);
	let t = loop ? advice : intervalMs;
	if (loop) wait(advice);
	for (let guard = 0; guard < 10_000; guard++) {
		readsMs.push(t);
		if (t >= jobMs) break;
		let pause: number;
		if (rule === 'before') pause = beforePause(spec, t, intervalMs);
		else if (rule === 'after') pause = pollPause(p90Ms, t, intervalMs);
		else {
			// Get Status has no clock of the job: 0.2.0 advised the hint, capped at the estimate;
			// today a loop that waited already waits 1.5× its last wait.
			advice =
				rule === 'loop-before'
					? Math.min(hintAt(t) * 1000, p90Ms)
					: checkAgainSeconds({
							estimateMs: p90Ms,
							elapsedMs: 0,
							intervalMs,
							lastAdviceSeconds: advice / 1000,
							noProgress: false,
						}) * 1000;
			advice = Math.min(Math.max(advice, intervalMs), Math.max(PARKED_CAP_MS, intervalMs));
			pause = advice;
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
export async function measurePacing(spec: PacingCase, pollS = POLL_S): Promise<PacingRun> {
	const fake = await startFakeMeiGen({ jobDurations: { [spec.model]: spec.jobS * 1000 } });
	try {
		const model = fake.models.find((m) => m.json.id === spec.model);
		if (!model) throw new Error(`the fake has no ${spec.model}`);
		model.json.estimatedTiming = { ...model.json.estimatedTiming, p90: spec.p90S };
		const run = await runMeiGen(
			fake,
			generate(spec.model, 'pacing bench: a lighthouse in a storm', {
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
export async function runPacing(
	log: (text: string) => void,
): Promise<{ simulated: PacingRun[]; measured: PacingRun[] }> {
	const rules: PacingRule[] = ['before', 'after', 'loop-before', 'loop-after'];
	const simulated = PACING_CASES.flatMap((spec) => rules.map((rule) => simulatePacing(spec, rule)));
	log(`pacing: measuring ${MEASURED_CASE.key} (${MEASURED_CASE.jobS} s, real time)`);
	const real = await measurePacing(MEASURED_CASE);
	log(`pacing: measured ${real.readsMs.length} reads${real.error ? `, ${real.error}` : ''}`);
	const measured = [simulatePacing(MEASURED_CASE, 'after'), real];
	return { simulated, measured };
}

// ---- report ---------------------------------------------------------------------------------

const s = (ms: number | undefined, digits = 1) =>
	ms === undefined ? 'n/a' : seconds(ms, digits).replace(/\.0 s$/, ' s');

function ruleLabel(run: PacingRun): string {
	if (run.measured) return 'after (measured)';
	return {
		before: 'before (0.2.0: towards the hint, up to the estimate)',
		after: 'after (every Poll Interval within the estimate)',
		'loop-before': 'loop, before (0.2.0)',
		'loop-after': 'loop, after',
	}[run.rule];
}

export function pacingTable(runs: PacingRun[]): string {
	return table([
		[
			'case',
			'p90',
			'job',
			'rule',
			'status reads',
			'completion seen after',
			'loop: Waits, held / parked',
		],
		...runs.map((run) => [
			run.spec.key,
			`${run.spec.p90S} s`,
			`${run.spec.jobS} s`,
			ruleLabel(run),
			run.error ? `error: ${run.error}` : String(run.readsMs.length),
			s(run.lateMs, 2),
			run.waits !== undefined ? `${run.waits}, ${s(run.heldMs, 0)} / ${s(run.parkedMs, 0)}` : '-',
		]),
	]);
}

export function describePacing(result: { simulated: PacingRun[]; measured: PacingRun[] }): string {
	return [
		`Poll Interval ${POLL_S} s (the default). Simulated: the status says expectedWaitSeconds = p90 and pollHintSeconds counting down on its own over MeiGen's ${OBSERVATION_SECONDS / 60}-minute window; each read takes ${READ_LATENCY_MS} ms.`,
		`"loop": the Waits of example 10 (checkAgainInSeconds); a Wait under 65 s stays in the worker ("held"), a longer one parks the execution.`,
		'',
		...PACING_CASES.map((spec) => `${spec.key}: ${spec.what}`),
		`${MEASURED_CASE.key} is also measured through WorkflowExecute, next to its simulation`,
		'',
		pacingTable([...result.simulated, ...result.measured]),
	].join('\n');
}
