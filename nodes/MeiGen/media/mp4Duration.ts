/**
 * Finds an MP4/MOV file's length in seconds from its `mvhd` box while the bytes stream past, so
 * a reference clip can be priced (MeiGen bills its seconds) without holding the file in memory.
 */
export class Mp4DurationProbe {
	/** The last bytes seen, so a box split across two chunks is still found */
	private tail = Buffer.alloc(0);

	private found?: number;

	get seconds(): number | undefined {
		return this.found;
	}

	push(chunk: Buffer): void {
		if (this.found !== undefined) return;
		const window = Buffer.concat([this.tail, chunk]);
		let at = window.indexOf('mvhd');
		while (at >= 0) {
			const seconds = readMvhd(window, at + 4);
			if (seconds === 'short') break;
			if (seconds !== undefined) {
				this.found = seconds;
				return;
			}
			at = window.indexOf('mvhd', at + 1);
		}
		// Keep enough to read a whole mvhd header that starts near the end of this chunk.
		this.tail = window.subarray(Math.max(0, window.length - 64));
	}
}

/** mvhd after its type: version, flags, times, timescale, duration (32- or 64-bit by version). */
function readMvhd(buffer: Buffer, at: number): number | undefined | 'short' {
	if (buffer.length < at + 1) return 'short';
	const version = buffer[at];
	const need = version === 1 ? 32 : 20;
	if (buffer.length < at + need) return 'short';
	const timescale = version === 1 ? buffer.readUInt32BE(at + 20) : buffer.readUInt32BE(at + 12);
	const duration =
		version === 1 ? Number(buffer.readBigUInt64BE(at + 24)) : buffer.readUInt32BE(at + 16);
	if (version > 1 || !timescale || !duration) return undefined;
	return duration / timescale;
}
