import { generationWatch } from '../../../nodes/MeiGen/generation/api';
import type { StatusResponse } from '../../../nodes/MeiGen/types';

// The watch's readings of a status are pure.
const watch = generationWatch;

const running = (fields: Partial<StatusResponse> = {}): StatusResponse => ({
	status: 'processing',
	...fields,
});

describe('generationWatch: what a status says', () => {
	it("MeiGen's expectedWaitSeconds is the estimate; null, absent or 0 is no estimate", () => {
		expect(watch.estimateMs(running({ expectedWaitSeconds: 25 }))).toBe(25_000);
		expect(watch.estimateMs(running({ expectedWaitSeconds: null }))).toBeUndefined();
		expect(watch.estimateMs(running())).toBeUndefined();
		expect(watch.estimateMs(running({ expectedWaitSeconds: 0 }))).toBeUndefined();
	});

	it('the hint never sets the pace: only 0 says MeiGen stopped promising progress', () => {
		expect(watch.noProgress(running({ pollHintSeconds: 0 }))).toBe(true);
		expect(watch.noProgress(running({ pollHintSeconds: 20 }))).toBe(false);
		expect(watch.noProgress(running({ pollHintSeconds: null }))).toBe(false);
		expect(watch.noProgress(running())).toBe(false);
	});

	it('a job is over once it failed or its media are in; completed without URLs is read again', () => {
		expect(watch.isDone(running())).toBe(false);
		expect(watch.isDone({ status: 'failed', error: 'flagged' })).toBe(true);
		expect(watch.isDone({ status: 'completed', imageUrl: 'https://images.meigen.ai/a.png' })).toBe(
			true,
		);
		expect(watch.isDone({ status: 'completed', videoUrl: 'https://images.meigen.ai/a.mp4' })).toBe(
			true,
		);
		expect(watch.isDone({ status: 'completed', imageUrl: null, imageUrls: [] })).toBe(false);
		// ...with no estimate left, so the reads back off.
		expect(watch.estimateMs({ status: 'completed' })).toBe(0);
	});
});
