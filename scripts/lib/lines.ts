/**
 * The n8n lines the end-to-end test runs the examples in (queue mode, dev and the browser test use
 * 2.x). E2E_N8N=1 or 2 picks one; E2E_N8N1_VERSION / E2E_N8N2_VERSION and E2E_NODE1_VERSION /
 * E2E_NODE2_VERSION override the versions for a try-out.
 */
export type LineId = '1' | '2';

export interface N8nLine {
	id: LineId;
	n8nVersion: string;
	/** Pinned, so the cache key (and the headers sqlite3 is built against) stays stable. */
	nodeVersion: string;
	/** Written into the install folder's package.json before `npm install n8n@…`. */
	overrides: Record<string, string>;
}

/** A line's versions; E2E_N8N<id>_VERSION and E2E_NODE<id>_VERSION override them. */
const line = (id: LineId, n8n: string, node: string, overrides = {}): N8nLine => ({
	id,
	n8nVersion: process.env[`E2E_N8N${id}_VERSION`] ?? n8n,
	nodeVersion: process.env[`E2E_NODE${id}_VERSION`] ?? node,
	overrides,
});

export const LINES: Record<LineId, N8nLine> = {
	// n8n 2.41 declares engines node >=24.
	'2': line('2', '2.41.1', '24.21.0'),
	// n8n 1.123 declares engines node ">=20.19 <= 24.x"; Node 22 puts the package on a second Node
	// major (2.x needs 24). n8n 1.x depends on an xlsx tarball from cdn.sheetjs.com, outside the npm
	// registry: the override takes the registry's last xlsx instead, as a user installing it must.
	'1': line('1', '1.123.81', '22.23.3', { xlsx: '0.18.5' }),
};

/** Default order: the current line first. */
const DEFAULT_ORDER: LineId[] = ['2', '1'];

/** The lines to run: E2E_N8N (1, 2, "1,2" or "all"), else both. */
export function selectLines(env: NodeJS.ProcessEnv): N8nLine[] {
	const value = env.E2E_N8N ?? 'all';
	const ids = value.split(',').flatMap((part) => part.trim() || []);
	if (ids.length === 1 && (ids[0] === 'all' || ids[0] === 'both'))
		return DEFAULT_ORDER.map((id) => LINES[id]);
	if (!ids.length || ids.some((id) => !(id in LINES)))
		throw new Error(`E2E_N8N=${value}: expected 1, 2, "1,2" or "all"`);
	return DEFAULT_ORDER.filter((id) => ids.includes(id)).map((id) => LINES[id]);
}
