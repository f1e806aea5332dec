/**
 * A local n8n with this package, for trying and developing it.
 *
 *   npm run dev     builds, starts n8n 2.x on http://127.0.0.1:5678 (N8N_PORT to change) with the
 *                   package installed, rebuilds and reloads it when nodes/ or credentials/ change.
 *                   Create a MeiGen credential with your own API key in the editor.
 *   npm run demo    the same, plus a local stand-in for MeiGen (no key, no credits), a credential
 *                   "MeiGen — local demo" pointing at it, and every example workflow imported.
 *
 * n8n is installed once into ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-meigen/e2e (a few minutes the
 * first time); each mode keeps its own user folder in ~/.cache/n8n-nodes-meigen/dev, so the next
 * start takes seconds. Ctrl-C stops everything this started.
 */
import { startDemo, DEMO_CREDENTIAL_NAME, type Demo } from './demo';
import { startSession, type Session } from './session';

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

function banner(session: Session, startMs: number): string[] {
	return [
		'',
		`  n8n ${session.runtime.n8nVersion} with n8n-nodes-meigen is ready (started in ${seconds(startMs)}${session.firstStart ? ', first start' : ''})`,
		'',
		`  Editor:    ${session.editorUrl}`,
		`  Log in:    ${session.email} / ${session.password}`,
		`  Data:      ${session.folders.root}`,
		`  Start:     ${Object.entries(session.timings)
			.filter(([name]) => name !== 'total')
			.map(([name, ms]) => `${name} ${seconds(ms)}`)
			.join(', ')}`,
	];
}

function demoLines(demo: Demo): string[] {
	const width = Math.max(...demo.workflows.map((workflow) => workflow.name.length));
	return [
		`  MeiGen:    a local stand-in at ${demo.fake.apiUrl} (no API key, no credits; jobs take a few seconds, videos 15 s)`,
		`  Credential: "${DEMO_CREDENTIAL_NAME}"`,
		'',
		'  Example workflows (open one, then "Execute workflow"):',
		...demo.workflows.map((workflow) => `    ${workflow.name.padEnd(width)}  ${workflow.url}`),
	];
}

async function main(): Promise<void> {
	const demoMode = process.argv.includes('--demo');
	const started = Date.now();
	let session: Session;
	let lines: string[];
	if (demoMode) {
		const demo = await startDemo({ watch: true });
		session = demo.session;
		lines = [...banner(session, demo.startMs), ...demoLines(demo)];
	} else {
		session = await startSession({ profile: 'dev', watch: true });
		lines = [
			...banner(session, Date.now() - started),
			'',
			'  Add a MeiGen credential: Credentials → Create → MeiGen API, with your API key.',
		];
	}
	lines.push(
		'',
		`  Editing nodes/ or credentials/ rebuilds the package and n8n reloads it. n8n's log: ${session.folders.logFile}`,
		'  Ctrl-C stops everything.',
		'',
	);
	console.log(lines.join('\n'));

	let stopping = false;
	const stop = async (why: string, code: number) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n[dev] ${why}; stopping`);
		await session.stop();
		console.log('[dev] stopped');
		process.exit(code);
	};
	process.once('SIGINT', () => void stop('Ctrl-C', 0));
	process.once('SIGTERM', () => void stop('SIGTERM', 0));
	void session.server.exited.then((code) => {
		if (stopping) return;
		console.error(`[dev] n8n exited (${code}). Its last lines:\n${session.server.tail()}`);
		void stop('n8n exited', 1);
	});
}

main().catch((error: unknown) => {
	console.error(`[dev] ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
