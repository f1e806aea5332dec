import type { JobKind } from '../jobs/jobKind';
import { DEFAULT_POLL_SECONDS } from '../jobs/waitOptions';
import type { StatusResponse } from '../types';
import { generationWatch } from './api';
import { generationOutcome } from './result';

/** A generation as the shared job life cycle sees it: watched by its ID, read by its status. */
export const generationKind: JobKind<StatusResponse> = {
	pollIntervalSeconds: DEFAULT_POLL_SECONDS,
	watch: (context, job) => generationWatch(context, String(job.generationId ?? '')),
	outcome: (context, itemIndex, status, job, extra) =>
		generationOutcome(context.getNode(), itemIndex, status, job, extra),
};
