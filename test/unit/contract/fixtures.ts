import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', 'fixtures', 'meigen');

/** One of MeiGen's own examples (test/fixtures/meigen/SOURCES.md): `docs/…` or `client/…`. */
export function fixture<T = Record<string, unknown>>(name: string): T {
	return JSON.parse(readFileSync(path.join(ROOT, `${name}.json`), 'utf8')) as T;
}
