import { SKILL_NAMES, SKILL_POLL_SECONDS } from '../catalog/skills';
import type { JobKind } from '../jobs/job';
import type { JobRef } from '../jobs/jobRef';
import type { SkillId, SkillStatusResponse } from '../types';
import { skillWatch } from './api';
import { skillOutcome } from './result';

/** A Skill run: found by its Skill and request ID, whatever MeiGen calls its images. */
export type SkillJob = JobRef & { skill: SkillId; requestId: string };

/** A Skill as the panel names it (its operation's name); its ID where the node doesn't know it. */
const nameOf = (job: JobRef) =>
	(job.skill && SKILL_NAMES[job.skill as SkillId]) || job.skill || 'Skill';

/** A Skill run as the shared job life cycle sees it: its receipt, read every 10 s by default. */
export const skillKind: JobKind<SkillStatusResponse, SkillJob> = {
	about: 'skill',
	pollIntervalSeconds: SKILL_POLL_SECONDS,
	watch: skillWatch,
	outcome: skillOutcome,
	fetch: (job) =>
		`use Skill → Get Status with Skill ${nameOf(job)} and Request ID ${job.requestId}`,
	paidLine: (jobs) =>
		`Other items' Skill runs were already submitted and charged: ${jobs.map((job) => `${nameOf(job)} (Request ID ${job.requestId})`).join(', ')}. Fetch them with Skill → Get Status (Skill and Request ID) instead of running them again.`,
};
