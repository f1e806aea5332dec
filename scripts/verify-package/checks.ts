/**
 * Each check of `npm run verify` is a jest test, declared where the check is made: its name, and
 * the problems that fail it (none when it passes).
 */
export interface Checks {
	add(name: string, ok: boolean, detail?: string): void;
	/** A check that fails with these problems, or passes when there are none. */
	addProblems(name: string, problems: string[], passDetail?: string): void;
}

export const checks: Checks = {
	add: (name, ok, detail) => checks.addProblems(name, ok ? [] : [detail ?? 'failed']),
	addProblems: (name, problems) => test(name, () => expect(problems).toEqual([])),
};
