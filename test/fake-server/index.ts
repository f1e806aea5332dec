/**
 * A fake MeiGen: a real HTTP API on 127.0.0.1 (prefix /api) and a media CDN on 127.0.0.2, so the
 * CDN really is another host. Behaviour follows MeiGen's public API reference; faults are injectable.
 *
 * Layout: state.ts holds what the fake remembers; api.ts routes /api requests to the route families
 * in routes/ (one file each, listed in routes/index.ts); cdn.ts serves media; faults.ts injects
 * faults; catalogue.ts, gallery.ts and media.ts are its data. Skills (routes/skills.ts) keep their
 * receipts and uploads in skills.ts, check run bodies in skillInputs.ts and images in
 * skillUploads.ts, and take their fields and prices from skillCatalogue.ts.
 * The upload storage for reference media (storage.ts, 127.0.0.3) is one more host: presigned by
 * routes/uploads.ts (uploads.ts).
 */
import { apiHandler } from './api';
import { cdnHandler } from './cdn';
import { startHost } from './http';
import { storageHandler } from './storage';
import { FakeState } from './state';
import type { FakeMeiGen, FakeOptions } from './types';

export { TEST_API_KEY, TEST_OTHER_ACCOUNT_KEY, TEST_SESSION_TOKEN } from './auth';
export { FAILED_JOB_ERROR } from './jobs';
export {
	expectedMediaBytes,
	expectedMediaSha256,
	GENERATED_VIDEO_SECONDS,
	type MediaKind,
} from './media';
export { mp4Seconds, syntheticMp3, syntheticMp4, syntheticWav, type Mp4Options } from './clips';
export type { FakeUpload, StoragePut } from './uploads';
export type { ModelJson } from './catalogue';
export type * from './types';
export { FAILED_MODULE_ERROR, type FakeSkillItem, type FakeSkillRun } from './skills';
export { POSTER_STYLES, type SkillId } from './skillCatalogue';
export type { FakeUpload as FakeSkillUpload } from './skillUploads';

export async function startFakeMeiGen(opts: FakeOptions = {}): Promise<FakeMeiGen> {
	const state = new FakeState(opts);
	const api = await startHost('127.0.0.1', apiHandler(state), opts.ports?.api);
	const cdn = await startHost('127.0.0.2', cdnHandler(state), opts.ports?.cdn);
	state.cdnUrl = cdn.origin;
	const storage = await startHost('127.0.0.3', storageHandler(state), opts.ports?.storage);
	state.storageUrl = storage.origin;
	const apiPath = (prefix: string) => (prefix.startsWith('/api') ? prefix : `/api${prefix}`);

	return {
		apiUrl: `${api.origin}/api`,
		cdnUrl: cdn.origin,
		requests: state.requests,
		cdnRequests: state.cdnRequests,
		jobs: state.jobs,
		credits: state.credits,
		models: state.catalogue,
		chargedJobs: () => [...state.jobs.values()].filter((j) => j.creditsUsed > 0).length,
		inject: (fault) => state.faults.push({ ...fault, left: fault.times ?? 1, passed: 0 }),
		setJobDuration: (modelId, ms) => {
			state.durations[modelId] = ms;
		},
		setVideoBytes: (bytes) => {
			state.videoBytes = bytes;
		},
		skillRuns: state.skills.runs,
		skillUploads: state.skills.uploads,
		skillCharges: () => state.skills.charges(),
		setSkillPricing: (skill, pricing, target) => state.skills.setPricing(skill, pricing, target),
		setSkillDuration: (skill, ms) => {
			state.skills.durations[skill] = ms;
		},
		interruptSkillRuns: (count) => {
			state.skills.interruptions = count;
		},
		delayMediaUrls: (ms) => {
			state.urlDelayMs = ms;
		},
		omitEstimates: () => {
			state.noEstimates = true;
		},
		storageUrl: storage.origin,
		storagePuts: state.storagePuts,
		uploads: state.uploads,
		serveFile: (name, bytes, contentType) => {
			state.files.set(name, { bytes, contentType });
			return `${cdn.origin}/files/${encodeURIComponent(name)}`;
		},
		requestsTo: (method, prefix) =>
			state.requests.filter(
				(r) => r.method === method && (r.path.split('?')[0] ?? '').startsWith(apiPath(prefix)),
			),
		reset: () => state.reset(),
		close: async () => {
			state.stopTimers();
			await Promise.all([api.close(), cdn.close(), storage.close()]);
		},
	};
}
