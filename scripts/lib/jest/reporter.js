// One line per test as it ends, so a suite of several minutes shows its progress; jest's own
// reporter prints the failures and the totals at the end.
class LiveReporter {
	onTestCaseResult(_test, result) {
		const mark = { passed: 'PASS', failed: 'FAIL' }[result.status] ?? result.status.toUpperCase();
		const name = [...result.ancestorTitles, result.title].join(' › ');
		const time =
			typeof result.duration !== 'number' ? '' : ` (${(result.duration / 1000).toFixed(1)} s)`;
		process.stdout.write(`${mark} ${name}${time}\n`);
	}
}

module.exports = LiveReporter;
