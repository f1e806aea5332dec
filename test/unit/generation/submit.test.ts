/**
 * A submit whose answer never came: MeiGen's request ID says whether it made the job, before
 * anything is sent again (on the fake clock, against an API that answers as told).
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { submitGeneration } from '../../../nodes/MeiGen/generation/api';
import { SubmitPacer } from '../../../nodes/MeiGen/transport/retry';
import { fakeApiContext } from '../fakeApi';
import { track, useFakeClock } from '../clock';

useFakeClock();

const KEY = '3f0b9a52-1c4e-4d8e-9a51-2f7f5c0e6b1d';
const body = { prompt: 'a lighthouse', idempotencyKey: KEY };
const timedOut = () =>
	Object.assign(new Error('timeout of 90000ms exceeded'), { code: 'ECONNABORTED' });

const job = {
	status: 'processing',
	generationId: 'gen-1',
	requestId: KEY,
	creditsUsed: 5,
	expectedWaitSeconds: 25,
	pollHintSeconds: 20,
};

function calls(requests: IHttpRequestOptions[]) {
	return requests.map(
		(request) => `${request.method} ${new URL(String(request.url)).pathname.replace('/api', '')}`,
	);
}

describe('submitGeneration after a submit that got no answer in time', () => {
	it('the look-up finds the job: it is the one paid for, nothing is sent again', async () => {
		const { context, requests } = fakeApiContext((request) => {
			if (request.method === 'POST') throw timedOut();
			return { statusCode: 200, body: job };
		});
		const probe = track(
			submitGeneration(context, body, {
				deadline: Date.now() + 600_000,
				pacer: new SubmitPacer(),
			}),
		);
		await jest.runAllTimersAsync();
		expect(probe.value).toMatchObject({ job: { generationId: 'gen-1' }, found: job });
		expect(calls(requests)).toEqual(['POST /generate/v2', `GET /generate/v2/requests/${KEY}`]);
		expect(requests[0].timeout).toBe(90_000);
	});

	it('the look-up says nothing was submitted: sent again, under the same key', async () => {
		let posts = 0;
		const { context, requests } = fakeApiContext((request) => {
			if (request.method === 'POST' && posts++ === 0) throw timedOut();
			if (request.method === 'POST') return { statusCode: 200, body: { success: true, ...job } };
			return { statusCode: 404, body: { success: false, code: 'request_not_found' } };
		});
		const probe = track(
			submitGeneration(context, body, {
				deadline: Date.now() + 600_000,
				pacer: new SubmitPacer(),
			}),
		);
		await jest.runAllTimersAsync();
		expect(probe.value).toMatchObject({ job: { generationId: 'gen-1' } });
		expect(calls(requests)).toEqual([
			'POST /generate/v2',
			`GET /generate/v2/requests/${KEY}`,
			'POST /generate/v2',
		]);
		expect(requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([body, body]);
	});

	it('taken in but no job yet (a look-up without a generation ID): asked again after 5 s', async () => {
		let lookups = 0;
		const { context, requests } = fakeApiContext((request) => {
			if (request.method === 'POST') throw timedOut();
			lookups++;
			const answer = lookups === 1 ? { status: 'processing' } : job;
			return { statusCode: 200, body: answer };
		});
		const probe = track(
			submitGeneration(context, body, {
				deadline: Date.now() + 600_000,
				pacer: new SubmitPacer(),
			}),
		);
		await jest.advanceTimersByTimeAsync(4999);
		expect(lookups).toBe(1);
		await jest.advanceTimersByTimeAsync(1);
		await jest.runAllTimersAsync();
		expect(lookups).toBe(2);
		expect(probe.value).toMatchObject({ found: job });
		expect(calls(requests).filter((call) => call.startsWith('POST'))).toHaveLength(1);
	});
});
