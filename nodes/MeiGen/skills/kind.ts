import { SKILL_POLL_SECONDS } from '../catalog/skills';
import type { JobRef } from '../errors/jobRef';
import type { JobKind } from '../jobs/jobKind';
import type { SkillId, SkillStatusResponse } from '../types';
import { skillWatch } from './api';
import { skillApiError } from './errors';
import { skillOutcome } from './result';

/** A Skill run: found by its Skill and request ID, whatever MeiGen calls its images. */
export type SkillJob = JobRef & { skill: SkillId; requestId: string };

/** A Skill run as the shared job life cycle sees it: its receipt, read every 10 s by default. */
export const skillKind: JobKind<SkillStatusResponse, SkillJob> = {
	pollIntervalSeconds: SKILL_POLL_SECONDS,
	watch: (context, job) => skillWatch(context, job),
	outcome: (context, itemIndex, status, job, extra) =>
		skillOutcome(context.getNode(), itemIndex, status, job, extra),
	describeError: (context, error, itemIndex, job) =>
		skillApiError(context.getNode(), error, itemIndex, job),
};
