/**
 * The run's steps, each passed or failed with what it checked, its time and its screenshots; the
 * closing line `N passed, N failed`.
 */
export interface StepResult {
	name: string;
	ok: boolean;
	ms: number;
	/** What the step checked (on success) or why it failed. */
	details: string[];
	screenshots: string[];
}

export function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

export class Report {
	readonly steps: StepResult[] = [];
	/** Steps that never started (the run was interrupted or set-up failed): each counts as failed. */
	notRun: string[] = [];

	get passed(): number {
		return this.steps.filter((step) => step.ok).length;
	}

	get failed(): number {
		return this.steps.filter((step) => !step.ok).length + this.notRun.length;
	}

	add(result: StepResult): void {
		this.steps.push(result);
		const mark = result.ok ? 'PASS' : 'FAIL';
		console.log(`[browser] ${mark} ${result.name} (${seconds(result.ms)})`);
		for (const line of result.details) console.log(`[browser]        ${line}`);
		for (const file of result.screenshots) console.log(`[browser]        screenshot: ${file}`);
	}

	closingLine(): string {
		return `${this.passed} passed, ${this.failed} failed`;
	}
}
