/**
 * `npm run dev`: n8n 2.x on http://127.0.0.1:5678 (N8N_PORT) with the package installed, rebuilt
 * and reloaded when nodes/ or credentials/ change. `npm run demo`: the same with a local stand-in
 * for MeiGen (no key, no credits), its credential and every example imported. `npm run dev --
 * --external-n8n <user folder>`: builds into the folder of an n8n you run (external.ts). Each mode
 * keeps its user folder in ~/.cache/n8n-nodes-meigen/dev, so a second start takes seconds.
 */
import { seconds } from '../lib/timing';
import { startDemo, DEMO_CREDENTIAL_NAME } from './demo';
import { startExternal } from './external';
import { startSession, type Session } from './session';

function banner(session: Session, startMs: number): string[] {
	const first = session.firstStart ? ', first start' : '';
	const steps = Object.entries(session.timings).map(([name, ms]) => `${name} ${seconds(ms)}`);
	return [
		'',
		`  n8n ${session.runtime.n8nVersion} with n8n-nodes-meigen is ready (started in ${seconds(startMs)}${first})`,
		'',
		`  Editor:    ${session.editorUrl}`,
		`  Log in:    ${session.email} / ${session.password}`,
		`  Data:      ${session.folders.root}`,
		`  Start:     ${steps.join(', ')}`,
	];
}

/** Runs until Ctrl-C (or SIGTERM), then `stop`; `exited` ends it early. */
function runUntilStopped(stop: () => Promise<void>, exited?: Promise<string>): void {
	let stopping = false;
	const end = async (why: string, code: number) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n[dev] ${why}; stopping`);
		await stop();
		console.log('[dev] stopped');
		process.exit(code);
	};
	process.once('SIGINT', () => void end('Ctrl-C', 0));
	process.once('SIGTERM', () => void end('SIGTERM', 0));
	void exited?.then((why) => {
		if (!stopping) console.error(why);
		void end('n8n exited', 1);
	});
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const external = args.indexOf('--external-n8n');
	if (external >= 0) {
		const folder = args[external + 1];
		if (!folder || folder.startsWith('--'))
			throw new Error(
				'--external-n8n needs the n8n user folder: npm run dev -- --external-n8n ~/.n8n',
			);
		const dev = await startExternal({ folder, log: console.log });
		console.log(dev.banner.join('\n'));
		return runUntilStopped(() => dev.stop());
	}

	const started = Date.now();
	const demo = args.includes('--demo') ? await startDemo({ watch: true }) : undefined;
	const session = demo ?? (await startSession({ profile: 'dev', watch: true }));
	const lines = banner(session, demo?.startMs ?? Date.now() - started);
	if (demo) {
		const width = Math.max(...demo.workflows.map((workflow) => workflow.name.length));
		lines.push(
			`  MeiGen:    a local stand-in at ${demo.fake.apiUrl} (no API key, no credits; jobs take a few seconds, videos 15 s)`,
			`  Credential: "${DEMO_CREDENTIAL_NAME}"`,
			'',
			'  Example workflows (open one, then "Execute workflow"):',
			...demo.workflows.map((workflow) => `    ${workflow.name.padEnd(width)}  ${workflow.url}`),
		);
	} else
		lines.push(
			'',
			'  Add a MeiGen credential: Credentials → Create → MeiGen API, with your API key.',
		);
	lines.push(
		'',
		`  Editing nodes/ or credentials/ rebuilds the package and n8n reloads it. n8n's log: ${session.folders.logFile}`,
		'  Ctrl-C stops everything.',
		'',
	);
	console.log(lines.join('\n'));
	const { service } = session.server;
	const lastLines = (code: number | null) =>
		`[dev] n8n exited (${code}). Its last lines:\n${service.tail(30)}`;
	const exited = service.exited.then(lastLines);
	runUntilStopped(() => session.stop(), exited);
}

main().catch((error: unknown) => {
	console.error(`[dev] ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
