/** A generation job's life: how it finishes (or fails with a refund) and how its status reads. */
import type { FakeState } from './state';
import type { FakeJob } from './types';

export const FAILED_JOB_ERROR = 'Your prompt was flagged by the safety system';

/**
 * `[fail]` in the prompt fails the job; `[never]` keeps it processing for ever while MeiGen
 * still promises progress; `[stall]` keeps it processing and the promise runs out (hint 0).
 */
export function outcomeOf(prompt: string): FakeJob['outcome'] {
	if (prompt.includes('[fail]')) return 'fail';
	return prompt.includes('[never]') || prompt.includes('[stall]') ? 'never' : 'complete';
}

/** `pollHintSeconds`: counts down against the simulated duration; a `[never]` job keeps promising. */
function pollHint(job: FakeJob, elapsed: number): number {
	const left = Math.max(0, Math.ceil((job.durationMs - elapsed) / 1000));
	return job.outcome === 'never' && !job.prompt.includes('[stall]') ? Math.max(left, 5) : left;
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

/** The fields of GET /generate/v2/status/:id (and of a request lookup). */
export function statusFields(state: FakeState, job: FakeJob): Record<string, unknown> {
	finishIfDue(state, job);
	const processing = job.status === 'processing';
	const elapsed = Date.now() - job.createdAt;
	const model = state.findModel(job.modelId);
	const images = job.mediaType === 'image' && job.status === 'completed' ? job.mediaUrls : [];
	return {
		success: true,
		jobId: job.id,
		status: job.status,
		mediaType: job.mediaType,
		imageUrl: images[0] ?? null,
		imageUrls: images.length ? images : null,
		videoUrl: job.mediaType === 'video' && job.status === 'completed' ? job.mediaUrls[0] : null,
		error: job.error ?? null,
		...(job.failureCode ? { failureCode: job.failureCode } : {}),
		aspectRatio: job.aspectRatio,
		creditsStatus: job.creditsStatus,
		...(processing
			? {
					expectedWaitSeconds: model?.json.estimatedTiming.p90 ?? 60,
					pollHintSeconds: pollHint(job, elapsed),
				}
			: {}),
	};
}
