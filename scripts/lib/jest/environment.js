// jest's node environment for the suites that start programs: progress lines go straight to the
// terminal, without jest's per-line headers; and the real `process` is `hostProcess`, since signal
// handlers on the sandbox's copy never fire and Ctrl-C must stop what a suite started (cleanup.ts).
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
