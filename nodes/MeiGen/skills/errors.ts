import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { ApiError } from '../transport/errors';
import { nothingCharged } from '../errors/charges';
import type { JobRef } from '../errors/jobRef';
import { resumeHint } from '../errors/jobRef';

const NOTHING_CHARGED = nothingCharged('refused');

interface Explained {
	message: string;
	description: string;
}

/** What the Skills API's own refusals mean, and how to get past them. */
function explain(error: ApiError, job: JobRef, accepted: boolean): Explained | undefined {
	const { statusCode, body } = error;
	const code = body.code ?? '';
	const said = body.error ?? body.message ?? '';
	const ids = resumeHint(job);
	const requestId = `Request ID: ${job.requestId}.`;
	if (statusCode === 402) {
		return {
			message: `Not enough purchased MeiGen credits for this Skill${code ? ` (${code})` : ''}`,
			description: `${said ? `MeiGen says: ${said}. ` : ''}Skills spend purchased credits only; daily free credits don't count. Buy credits in your MeiGen account, then run again. ${requestId}`,
		};
	}
	if (statusCode === 409 && code === 'price_changed') {
		return {
			message: `The upscale price changed to ${String(body.quotedCredits ?? 'more')} credits (the node confirmed ${String(body.confirmedCredits ?? 'the catalog price')})`,
			description: `MeiGen refused to charge more than the price the node confirmed. ${NOTHING_CHARGED} Run the workflow again to accept the current price. ${requestId}`,
		};
	}
	if (statusCode === 409 && code === 'upscale_resize_required') {
		const size =
			body.sourceWidth && body.sourceHeight
				? ` (${String(body.sourceWidth)}×${String(body.sourceHeight)} px)`
				: '';
		return {
			message: `The image${size} is too large to upscale as it is`,
			description: `Upscale takes at most 4096 px per edge and 16 megapixels. Turn on Allow Downscale to let MeiGen shrink it first, or send a smaller image. ${NOTHING_CHARGED} ${requestId}`,
		};
	}
	if (statusCode === 409 && code === 'idempotency_conflict') {
		return {
			message: 'This request ID was already used for a Skill run with other inputs',
			description: `${ids} Restore the original inputs to continue that run, or clear Options → Request ID so the node derives one from the inputs.`,
		};
	}
	if (statusCode === 409 && code === 'request_id_collision') {
		return {
			message: 'This request ID belongs to another kind of request',
			description: `No job was created. Set Options → Request ID to a new UUID, or clear it so the node derives one. ${NOTHING_CHARGED} ${requestId}`,
		};
	}
	if (statusCode === 409 && code === 'in_progress') {
		return {
			message: 'MeiGen is still taking in this Skill request',
			description: `${ids} Run again in a few minutes: the same request ID continues the same job.`,
		};
	}
	if (statusCode === 410) {
		return {
			message: `MeiGen no longer has this Skill job${code ? ` (${code})` : ''}`,
			description: `${ids} MeiGen made no replacement, and this is not a refund: check the account's credits before running it again.`,
		};
	}
	if (statusCode === 429 && code === 'DAILY_LIMIT_REACHED') {
		return {
			message: "The daily limit of this Skill's runs is reached (DAILY_LIMIT_REACHED)",
			description: `MeiGen allows 1,000 runs per Skill per day; credits don't raise it. Run the workflow again after the daily reset. ${NOTHING_CHARGED} ${requestId}`,
		};
	}
	// Refused before the run was taken in: no job exists, whatever the generic text would say.
	if (!accepted && statusCode >= 400 && statusCode < 500 && statusCode !== 429) {
		const why =
			statusCode === 401 || statusCode === 403
				? 'Skills need a MeiGen API key (meigen_sk_…) of an account with purchased credits: check the credential.'
				: 'Check the fields named in the answer, fix them, and run again (changed inputs get a new request ID).';
		return {
			message: `MeiGen refused the Skill run: ${said || `HTTP ${statusCode}`}${code ? ` (${code})` : ''}`,
			description: `${why} ${NOTHING_CHARGED} ${requestId}`,
		};
	}
	return undefined;
}

/** A Skills API refusal → a node error that says what happened and how to get unstuck. */
export function skillApiError(
	node: INode,
	error: unknown,
	itemIndex: number,
	job: JobRef,
	/** Whether MeiGen had taken the run in: before, a refusal means no job and no charge */
	accepted = true,
): NodeApiError | undefined {
	if (!(error instanceof ApiError)) return undefined;
	const explained = explain(error, job, accepted);
	if (!explained) return undefined;
	return new NodeApiError(node, error.body as JsonObject, {
		...explained,
		httpCode: String(error.statusCode),
		itemIndex,
	});
}
