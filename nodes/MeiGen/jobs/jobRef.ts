import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

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

/** The job's fields as output JSON, for an item that reports it (a Continue On Fail item). */
export function jobFields(job: JobRef): IDataObject {
	const json: IDataObject = {};
	for (const field of JOB_FIELDS) if (job[field] !== undefined) json[field] = job[field];
	return json;
}

/** "Generation ID: …, Request ID: …": the IDs that find the job again. */
export function jobIds(job: JobRef): string {
	return [
		job.generationId ? `Generation ID: ${job.generationId}` : '',
		job.requestId ? `Request ID: ${job.requestId}` : '',
	]
		.filter(Boolean)
		.join(', ');
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

/**
 * A description line that says where the job is and how to pick it up again; `fetch` is how,
 * in the words of the job's kind (which operation, with which IDs).
 */
export function resumeLine(job: JobRef, fetch: string): string {
	const ids = jobIds(job);
	if (!ids) return '';
	if (job.status === 'completed') {
		return `${ids}. The job completed and is paid for: to fetch its media again without paying, ${fetch}, or turn Options → Download off and use the URLs.`;
	}
	return `${ids}. The job exists and may still finish: to fetch its result without paying again, ${fetch}.`;
}
