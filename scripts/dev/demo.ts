/**
 * The demo: a local n8n (session.ts) with the fake MeiGen (test/fake-server) in demo mode as a
 * stand-in (real pictures and playable MP4s, jobs of a few seconds), a credential "MeiGen — local
 * demo" pointing at it, and every example imported wired to it (the AI Agent example to a fake chat
 * model). The user folder is kept between runs: a second start only starts n8n, and leaves changed
 * workflows as they are.
 */
import { startFakeMeiGen, TEST_API_KEY } from '../../test/fake-server';
import type { FakeMeiGen, SkillId } from '../../test/fake-server';
import { readExamples, wireExample, type WorkflowJson } from '../lib/examples';
import { startFakeOpenAi, type FakeOpenAi } from '../lib/fake-openai';
import { cutOutBytes, newBackgroundBytes } from '../lib/samples';
import { demoMedia } from './demoMedia';
import { readState, writeState, type DevState } from './folders';
import { startSession, type Session, type SessionOptions } from './session';

export const DEMO_CREDENTIAL_NAME = 'MeiGen — local demo';
const OPENAI_CREDENTIAL_NAME = 'OpenAI — local demo (fake chat model)';

/** Skills poll every 10 s by default (MeiGen's advice); the stand-in's Skills take 3–5 s. */
const DEMO_SKILL_POLL_SECONDS = 2;

/** How long the stand-in's jobs take: about what a person expects to wait, short enough to try things. */
const IMAGE_MS = 4000;
const MIDJOURNEY_MS = 7000;
const VIDEO_MS = 15_000;
const SKILL_MS: Record<SkillId, number> = {
	'remove-bg': 3000,
	upscale: 4000,
	'product-detail': 5000,
	'brand-poster': 5000,
	'white-bg': 4000,
};
/** Enough purchased credits to run every example many times (Skills spend purchased credits only). */
const DEMO_CREDITS = { daily: 50, purchased: 5000 };

/** As a session's: the port (default N8N_PORT or 5678), a folder instead of the cache, quiet, build, watch. */
type DemoOptions = Partial<Omit<SessionOptions, 'profile'>>;

/** A workflow imported from examples/<file>, and where it opens in the editor. */
export type DemoWorkflow = { id: string; name: string; file: string; url: string };

/** The n8n session (session.ts), with the stand-ins and the imported examples. */
export interface Demo extends Session {
	workflows: DemoWorkflow[];
	fake: FakeMeiGen;
	/** The fake chat model example 06 talks to. */
	openAi: FakeOpenAi;
	/** Milliseconds from the call to a ready, logged-in, wired-up demo. */
	startMs: number;
}

/**
 * The fake in demo mode, on the ports of the previous run when they are free (so URLs in workflows
 * stay valid). Remove Background gives the sample mug cut out, Create AI Background the mug in a
 * studio (whatever the input: it is a demo); every other picture is a landscape.
 */
async function startStandIn(previous: DevState['ports']): Promise<FakeMeiGen> {
	const started: { fake?: FakeMeiGen } = {};
	const skillOf = (id: string) =>
		[...(started.fake?.skillRuns.values() ?? [])].find((run) =>
			run.items.some((item) => item.generationId === id),
		)?.skill;
	const media: typeof demoMedia = (id, n, kind, ratio) => {
		const skill = kind === 'png' ? skillOf(id) : undefined;
		if (skill === 'remove-bg') return cutOutBytes();
		return skill === 'white-bg' ? newBackgroundBytes() : demoMedia(id, n, kind, ratio);
	};
	const options = { media, credits: DEMO_CREDITS };
	const fake = await startFakeMeiGen({ ...options, ports: previous }).catch(() =>
		startFakeMeiGen(options),
	);
	started.fake = fake;
	for (const { json } of fake.models) {
		const image = /midjourney/.test(json.id) ? MIDJOURNEY_MS : IMAGE_MS;
		fake.setJobDuration(json.id, json.media_type === 'video' ? VIDEO_MS : image);
	}
	for (const [skill, ms] of Object.entries(SKILL_MS)) fake.setSkillDuration(skill as SkillId, ms);
	return fake;
}

/** Creates the credential, or points the existing one (same name and type) at `data`. */
async function upsertCredential({ rest }: Session, name: string, type: string, data: object) {
	type Credential = { id: string; name: string; type: string };
	const credentials = await rest.request<Credential[]>('GET', '/credentials');
	const existing = credentials.find((c) => c.name === name && c.type === type);
	if (!existing) return await rest.createCredential(name, type, { ...data });
	await rest.request('PATCH', `/credentials/${existing.id}`, { name, type, data });
	return { id: existing.id, name };
}

/**
 * Every example, wired to the demo's credentials and stand-ins: imported when the folder does
 * not hold it yet; one imported before is left as it is, pointed at the stand-in's new address
 * when it moved.
 */
async function importExamples(
	session: Session,
	credentials: Record<'meiGenApi' | 'openAiApi', { id: string; name: string }>,
	fake: FakeMeiGen,
	state: DevState,
): Promise<DemoWorkflow[]> {
	const { rest } = session;
	const existing = new Set((await rest.workflows()).map((workflow) => workflow.id));
	const known = { ...state.workflows };
	const workflows: DemoWorkflow[] = [];
	for (const { file, source } of readExamples()) {
		let id = known[file];
		if (id && existing.has(id)) {
			const moved = state.cdnUrl && state.cdnUrl !== fake.cdnUrl ? state.cdnUrl : undefined;
			type Stored = { versionId?: string; nodes?: WorkflowJson['nodes'] };
			const stored = moved && (await rest.request<Stored>('GET', `/workflows/${id}`));
			const nodes = stored ? JSON.stringify(stored.nodes ?? []) : '';
			if (stored && moved && nodes.includes(moved))
				await rest.request('PATCH', `/workflows/${id}`, {
					nodes: JSON.parse(nodes.split(moved).join(fake.cdnUrl)) as unknown,
					versionId: stored.versionId,
				});
		} else {
			const wiring = { credentials, filesFolder: session.folders.filesFolder };
			const wired = wireExample(source, { ...wiring, skillPollSeconds: DEMO_SKILL_POLL_SECONDS });
			const { name, nodes, connections, settings, pinData, meta } = wired;
			const workflow = { name, nodes, connections, settings, pinData, meta, active: false };
			id = known[file] = (await rest.request<{ id: string }>('POST', '/workflows', workflow)).id;
		}
		workflows.push({ id, name: source.name, file, url: `${session.editorUrl}/workflow/${id}` });
	}
	state.workflows = known;
	return workflows;
}

/** Resolves once n8n is ready, the owner logged in, the credentials and workflows in place. */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
	const started = Date.now();
	const session = await startSession({ watch: false, ...options, profile: 'demo' });
	try {
		const demoStarted = Date.now();
		const state = readState(session.folders);
		const fake = await startStandIn(state.ports);
		session.onStop(async () => await fake.close());
		const openAi = await startFakeOpenAi();
		session.onStop(async () => await openAi.close());
		session.log(`[demo] MeiGen stand-in: API ${fake.apiUrl}, media ${fake.cdnUrl}`);

		const meiGenKey = { apiKey: TEST_API_KEY, baseUrl: fake.apiUrl };
		const openAiKey = { apiKey: 'sk-local-demo-not-a-real-key', url: openAi.url };
		const credentials = {
			meiGenApi: await upsertCredential(session, DEMO_CREDENTIAL_NAME, 'meiGenApi', meiGenKey),
			openAiApi: await upsertCredential(session, OPENAI_CREDENTIAL_NAME, 'openAiApi', openAiKey),
		};
		const workflows = await importExamples(session, credentials, fake, state);
		const port = (url: string) => Number(new URL(url).port);
		await writeState(session.folders, {
			...state,
			ports: { api: port(fake.apiUrl), cdn: port(fake.cdnUrl), storage: port(fake.storageUrl) },
			cdnUrl: fake.cdnUrl,
		});
		session.timings.demo = Date.now() - demoStarted;
		return { ...session, workflows, fake, openAi, startMs: Date.now() - started };
	} catch (error) {
		await session.stop();
		throw error;
	}
}
