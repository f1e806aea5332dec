/** A generation job's life: how it finishes (or fails with a refund) and how its status reads. */
import type { FakeState } from './state';
import type { FakeJob } from './types';

export const FAILED_JOB_ERROR = 'Your prompt was flagged by the safety system';

/**
 * `[fail]` in the prompt fails the job; `[never]` keeps it processing for ever (MeiGen's promise
 * of progress runs out only after its observation window); `[stall]` keeps it processing and the
 * promise runs out at the job's duration (hint 0).
 */
export function outcomeOf(prompt: string): FakeJob['outcome'] {
	if (prompt.includes('[fail]')) return 'fail';
	return prompt.includes('[never]') || prompt.includes('[stall]') ? 'never' : 'complete';
}

/** How long MeiGen watches a job it has not finished: about 40 minutes (its client's notes). */
export const OBSERVATION_SECONDS = 40 * 60;

/**
 * `pollHintSeconds`: how much longer to keep polling. It counts down on its own from the
 * submission, whatever the job does (MeiGen can't know when a job will end): over MeiGen's
 * observation window, or, for a `[stall]` job, its duration.
 */
function pollHint(job: FakeJob, elapsed: number): number {
	const windowMs = job.prompt.includes('[stall]') ? job.durationMs : OBSERVATION_SECONDS * 1000;
	return Math.max(0, Math.ceil((windowMs - elapsed) / 1000));
}

/**
 * Jobs take more or less than the model's estimate, as real ones do: its base time times these
 * factors, in turn. A duration a test sets (setJobDuration) is kept exactly.
 */
const SPREAD = [1, 0.6, 1.4, 0.8, 1.2];

export function jobDuration(state: FakeState, modelId: string, baseMs: number): number {
	const set = state.durations[modelId];
	if (set !== undefined) return set;
	return Math.round(baseMs * SPREAD[state.jobCount++ % SPREAD.length]);
}

export function finishJob(state: FakeState, job: FakeJob, at = Date.now()): void {
	if (job.status !== 'processing') return;
	job.completedAt = at;
	if (job.outcome === 'fail') {
		job.status = 'failed';
		job.error = FAILED_JOB_ERROR;
		job.failureCode = 'content_policy_violation';
		job.creditsStatus = 'refunded';
		state.credits.daily += job.charged.daily;
		state.credits.purchased += job.charged.purchased;
		return;
	}
	const model = state.findModel(job.modelId);
	const ext = job.mediaType === 'video' ? 'mp4' : 'png';
	const count = model?.outputs ?? 1;
	job.mediaUrls = Array.from(
		{ length: count },
		(_, n) => `${state.cdnUrl}/media/${job.id}/${n}.${ext}`,
	);
	job.status = 'completed';
	job.creditsStatus = 'confirmed';
}

/**
 * A job that is due finishes before it is read, even if its timer has not run yet: a job that
 * will complete never reads as processing with its promise of progress run out (hint 0).
 */
function finishIfDue(state: FakeState, job: FakeJob): void {
	const dueAt = job.createdAt + job.durationMs;
	if (job.status === 'processing' && job.outcome !== 'never' && Date.now() >= dueAt)
		finishJob(state, job, dueAt);
}

/**
 * The fields of GET /generate/v2/status/:id (and of a request lookup), in the shape of MeiGen's
 * docs. A completed job's media URLs may come `state.urlDelayMs` after it completed (MeiGen's
 * "result pending"); `state.noEstimates` sends `null` for the estimate and the hint.
 */
export function statusFields(state: FakeState, job: FakeJob): Record<string, unknown> {
	finishIfDue(state, job);
	const processing = job.status === 'processing';
	const elapsed = Date.now() - job.createdAt;
	const model = state.findModel(job.modelId);
	const completed = job.status === 'completed';
	const pending = completed && Date.now() < (job.completedAt ?? 0) + state.urlDelayMs;
	const urls = completed && !pending ? job.mediaUrls : [];
	const images = job.mediaType === 'image' ? urls : [];
	return {
		jobId: job.id,
		status: job.status,
		imageUrl: images[0] ?? null,
		imageUrls: images.length ? images : null,
		videoUrl: job.mediaType === 'video' ? (urls[0] ?? null) : null,
		mediaType: job.mediaType,
		error: job.error ?? null,
		...(job.failureCode ? { failureCode: job.failureCode } : {}),
		aspectRatio: job.aspectRatio,
		creditsStatus: job.creditsStatus,
		...(processing
			? {
					expectedWaitSeconds: state.noEstimates ? null : (model?.json.estimatedTiming.p90 ?? 60),
					pollHintSeconds: state.noEstimates ? null : pollHint(job, elapsed),
				}
			: {}),
	};
}
