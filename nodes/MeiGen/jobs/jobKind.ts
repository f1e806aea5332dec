import type {
	IDataObject,
	IExecuteFunctions,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import type { JobRef } from '../errors/jobRef';
import type { JobOutcome } from './jobOutcome';
import type { JobWatch } from './wait';

/**
 * What one kind of paid job (a generation, a Skill run) brings to the life cycle all jobs share:
 * how to watch it, what its status means, and its own reading of errors. Everything else (wait
 * options, deadlines, errors that name the job, the wait, the output) is the same for every kind.
 */
export interface JobKind<S, J extends JobRef = JobRef> {
	/** Poll Interval when the user sets none: MeiGen's advice for this kind, in seconds */
	pollIntervalSeconds: number;
	/** Reading the job's status while it runs */
	watch(context: IExecuteFunctions, job: J, itemIndex: number): JobWatch<S>;
	/** Where a status leaves the job: media to output, a failure, or still running */
	outcome(
		context: IExecuteFunctions,
		itemIndex: number,
		status: S,
		job: J,
		extra?: IDataObject,
	): JobOutcome;
	/** This kind's own reading of an error, before the generic one */
	describeError?(
		context: IExecuteFunctions,
		error: unknown,
		itemIndex: number,
		job: J,
	): NodeApiError | NodeOperationError | undefined;
}
