// jest's node environment for the suites that start programs. Two changes: their progress lines
// (installs, set-up times, what a check saw) go straight to the terminal as they happen, without
// jest's per-line headers; and the sandbox gets the real `process` as `hostProcess`, because
// signal handlers on the sandbox's own copy never fire, and Ctrl-C must stop what a suite started
// (scripts/lib/cleanup.ts).
const { Console } = require('node:console');
const { TestEnvironment } = require('jest-environment-node');

class ScriptsEnvironment extends TestEnvironment {
	async setup() {
		await super.setup();
		this.global.console = new Console({ stdout: process.stdout, stderr: process.stderr });
		this.global.hostProcess = process;
	}
}

module.exports = ScriptsEnvironment;
