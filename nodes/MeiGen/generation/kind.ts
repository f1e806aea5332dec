import type { JobKind } from '../jobs/job';
import { DEFAULT_POLL_SECONDS } from '../jobs/waitOptions';
import type { StatusResponse } from '../types';
import { generationWatch } from './api';
import { generationOutcome } from './result';

/** A generation as the shared job life cycle sees it: watched by its ID, read by its status. */
export const generationKind: JobKind<StatusResponse> = {
	about: 'generation',
	pollIntervalSeconds: DEFAULT_POLL_SECONDS,
	watch: generationWatch,
	outcome: generationOutcome,
	fetch: (job) =>
		job.generationId
			? `use Generation → Get Status with generation ID ${job.generationId}`
			: `use Generation → Get Status with "Look Up By" Request ID ${job.requestId}`,
	paidLine: (jobs) =>
		`Other items' jobs were already submitted and charged: ${jobs.map((job) => job.generationId).join(', ')}. Fetch them with Generation → Get Status instead of running them again.`,
};
