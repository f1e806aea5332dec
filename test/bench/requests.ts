/** Reading the fake's request log and n8n's task data: shared by the bench's sections. */
import type { ITaskData } from 'n8n-workflow';

import type { FakeMeiGen, RecordedRequest } from '../fake-server';
import type { MeiGenRun } from '../nodes/MeiGen/setup';

export function pathOf(request: RecordedRequest): string {
	return request.path.split('?')[0];
}

export const isSubmit = (r: RecordedRequest) =>
	r.method === 'POST' && pathOf(r) === '/api/generate/v2';
export const isStatus = (r: RecordedRequest) =>
	r.method === 'GET' && pathOf(r).startsWith('/api/generate/v2/status/');
/** The bench's own status reads (not the node's): marked with this header, left out of every count */
export const isProbe = (r: RecordedRequest) => r.headers['x-bench-probe'] !== undefined;

/** The node's status polls of one job, oldest first. */
export function pollsOf(fake: FakeMeiGen, generationId: string): RecordedRequest[] {
	return fake.requests.filter(
		(r) => isStatus(r) && !isProbe(r) && pathOf(r).endsWith(`/${generationId}`),
	);
}

export function taskOf(run: MeiGenRun, nodeName = 'MeiGen'): ITaskData | undefined {
	const tasks = run.run.data.resultData.runData[nodeName] ?? [];
	return tasks[tasks.length - 1];
}

/** When the node saw a job finished: its first status poll at or after the job's completion. */
export function seenLateMs(fake: FakeMeiGen, generationId: string): number | undefined {
	const job = fake.jobs.get(generationId);
	if (!job?.completedAt) return undefined;
	const completedAt = job.completedAt;
	const seen = pollsOf(fake, generationId).find((r) => r.time >= completedAt);
	return seen ? seen.time - completedAt : undefined;
}
