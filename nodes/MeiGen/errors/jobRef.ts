import type {
	IDataObject,
	IExecuteFunctions,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

/** What is known of a paid job; every error about a job that exists names it. */
export interface JobRef {
	generationId?: string;
	requestId?: string;
	/** Set for a Skill run: its ID (e.g. remove-bg) */
	skill?: string;
	modelId?: string;
	/** The job's last known status */
	status?: string;
	failureCode?: string;
	creditsStatus?: string;
}

const JOB_FIELDS: Array<keyof JobRef> = [
	'generationId',
	'requestId',
	'skill',
	'status',
	'failureCode',
	'creditsStatus',
	'modelId',
];

/** Records the job on the error, where the item loop and Continue On Fail read it back. */
export function attachJob<E extends NodeApiError | NodeOperationError>(error: E, job: JobRef): E {
	for (const field of JOB_FIELDS) {
		const value = job[field];
		if (value !== undefined && value !== null && error.context[field] === undefined) {
			error.context[field] = value;
		}
	}
	return error;
}

/** The job an error belongs to, as attachJob recorded it. */
export function jobOf(error: NodeApiError | NodeOperationError): JobRef {
	const job: JobRef = {};
	for (const field of JOB_FIELDS) {
		const value = error.context[field];
		if (typeof value === 'string') job[field] = value;
	}
	return job;
}

/** The job's fields as output JSON, for an item that reports it. */
export function jobFields(job: JobRef): IDataObject {
	const json: IDataObject = {};
	for (const field of JOB_FIELDS) if (job[field] !== undefined) json[field] = job[field];
	return json;
}

/** "generation <id>, request <id>": the IDs in words, for log lines that must stand on their own. */
function describeJob(job: JobRef): string {
	return [
		job.skill ? `skill ${job.skill}` : '',
		job.generationId ? `generation ${job.generationId}` : '',
		job.requestId ? `request ${job.requestId}` : '',
	]
		.filter(Boolean)
		.join(', ');
}

/**
 * Logs a job with its IDs in the message text itself: n8n's default text log drops metadata, and
 * after a crashed worker the log is the only place the paid job can be found again.
 */
export function logJob(
	context: IExecuteFunctions,
	level: 'info' | 'warn',
	what: string,
	job: JobRef,
): void {
	context.logger[level](`MeiGen: ${what} (${describeJob(job)})`, { ...jobFields(job) });
}

/** A description line that tells where the job is and how to pick it up again. */
export function resumeHint(job?: JobRef): string {
	if (!job?.generationId && !job?.requestId) return '';
	const ids = [
		job.generationId ? `Generation ID: ${job.generationId}` : '',
		job.requestId ? `Request ID: ${job.requestId}` : '',
	]
		.filter(Boolean)
		.join(', ');
	const how = job.skill
		? `use Skill → Get Status with skill ${job.skill} and request ID ${job.requestId}`
		: job.generationId
			? `use Generation → Get Status with generation ID ${job.generationId}`
			: `use Generation → Get Status with "Look Up By" Request ID ${job.requestId}`;
	if (job.status === 'completed') {
		return `${ids}. The job completed and is paid for: to fetch its media again without paying, ${how}, or turn Options → Download off and use the URLs.`;
	}
	return `${ids}. The job exists and may still finish: to fetch its result without paying again, ${how}.`;
}
