/** One line per check, then a total. */
export interface CheckResult {
	name: string;
	ok: boolean;
	detail?: string;
}

export class Report {
	private readonly results: CheckResult[] = [];

	add(name: string, ok: boolean, detail?: string): void {
		const result: CheckResult = { name, ok, detail };
		this.results.push(result);
		const line = `${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? ` — ${detail}` : ''}`;
		console.log(line);
	}

	/** Records a failed check for every problem, or one passing check when there are none. */
	addProblems(name: string, problems: string[], passDetail?: string): void {
		if (problems.length === 0) {
			this.add(name, true, passDetail);
			return;
		}
		this.add(name, false, problems.join('; '));
	}

	get passed(): number {
		return this.results.filter((r) => r.ok).length;
	}

	get failed(): number {
		return this.results.filter((r) => !r.ok).length;
	}

	summary(): string {
		return `${this.passed} passed, ${this.failed} failed`;
	}
}
