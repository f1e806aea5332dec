import { expectedMediaSha256 } from '../../fake-server';
import { createHash } from 'node:crypto';

import { generate, onlyJob, quickPoll, runMeiGen, useFakeMeiGen } from './setup';

describe('Binary data modes', () => {
	const fake = useFakeMeiGen();

	it("streams a video into n8n's filesystem binary storage with the right bytes", async () => {
		const size = 8 * 1024 * 1024;
		fake().setVideoBytes(size);
		const run = await runMeiGen(
			fake(),
			generate('seedance-2-0', 'a long shot', {
				additionalFields: { duration: 5 },
				options: quickPoll(),
			}),
			{
				binaryMode: 'filesystem',
			},
		);

		expect(run.status).toBe('success');
		const [item] = run.items;
		const job = onlyJob(fake());
		const binary = item.binary?.data;
		// Stored on disk by reference, not inline base64.
		expect(binary?.id).toMatch(/^filesystem/);
		expect(binary?.data).not.toHaveLength(size);
		expect(binary).toMatchObject({ mimeType: 'video/mp4', fileName: `${job.id}.mp4` });
		const bytes = await run.binary(item);
		expect(bytes).toHaveLength(size);
		expect(createHash('sha256').update(bytes).digest('hex')).toBe(
			expectedMediaSha256(job.id, 0, 'mp4', size),
		);
	});

	it('stores images inline in the default (memory) mode', async () => {
		const run = await runMeiGen(
			fake(),
			generate('flux2-klein', 'small', { options: quickPoll() }),
			{ binaryMode: 'default' },
		);
		expect(run.items[0].binary?.data.id).toBeUndefined();
		expect(run.items[0].binary?.data.data.length).toBeGreaterThan(0);
	});
});
