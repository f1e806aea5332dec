/**
 * Finds an MP4/MOV file's length in seconds from its `mvhd` box while the bytes stream past, so
 * a reference clip can be priced (MeiGen bills its seconds) without holding the file in memory.
 * It walks the boxes: the media data (`mdat`) and every other box is skipped by its size, so
 * bytes inside the media that happen to spell "mvhd" are never taken for the header.
 */
export class Mp4DurationProbe {
	/** Bytes of a box header (or of the mvhd box) not yet complete */
	private pending = Buffer.alloc(0);

	/** Bytes still to skip: the rest of a box that holds nothing the probe needs */
	private skip = 0;

	private found?: number;

	/** The file is not an MP4 the probe can read: stop looking */
	private done = false;

	get seconds(): number | undefined {
		return this.found;
	}

	push(chunk: Buffer): void {
		if (this.done) return;
		let data = chunk;
		if (this.skip > 0) {
			const skipped = Math.min(this.skip, data.length);
			this.skip -= skipped;
			data = data.subarray(skipped);
		}
		if (!data.length) return;
		let buffer = this.pending.length ? Buffer.concat([this.pending, data]) : data;
		for (;;) {
			const step = this.next(buffer);
			if (step === 'more') break;
			if (step === 'stop') {
				this.done = true;
				buffer = Buffer.alloc(0);
				break;
			}
			buffer = buffer.subarray(step.consumed);
			if (step.skip > 0) {
				const skipped = Math.min(step.skip, buffer.length);
				this.skip = step.skip - skipped;
				buffer = buffer.subarray(skipped);
			}
		}
		// Only an unfinished header or mvhd box is ever kept: a few dozen bytes.
		this.pending = Buffer.from(buffer);
	}

	/** One box at the start of `buffer`: how many bytes it used and how many to skip after them. */
	private next(buffer: Buffer): { consumed: number; skip: number } | 'more' | 'stop' {
		if (buffer.length < 8) return 'more';
		const size32 = buffer.readUInt32BE(0);
		const type = buffer.toString('latin1', 4, 8);
		let header = 8;
		let size = size32;
		if (size32 === 1) {
			if (buffer.length < 16) return 'more';
			size = Number(buffer.readBigUInt64BE(8));
			header = 16;
		}
		// A box "to the end of the file" or one smaller than its header: nothing more to find.
		if (size32 === 0 || size < header || !/^[\x20-\x7e]{4}$/.test(type)) return 'stop';
		// The movie box holds the header: walk into it.
		if (type === 'moov') return { consumed: header, skip: 0 };
		if (type !== 'mvhd') return { consumed: header, skip: size - header };
		if (buffer.length < size) return size > 4096 ? 'stop' : 'more';
		this.found = readMvhd(buffer.subarray(header, size));
		// An unreadable header (zero timescale or duration): look on.
		return this.found === undefined ? { consumed: size, skip: 0 } : 'stop';
	}
}

/** mvhd's body: version, flags, times, timescale, duration (32- or 64-bit by version). */
function readMvhd(body: Buffer): number | undefined {
	const version = body[0];
	if (version > 1 || body.length < (version === 1 ? 32 : 20)) return undefined;
	const timescale = version === 1 ? body.readUInt32BE(20) : body.readUInt32BE(12);
	const duration = version === 1 ? Number(body.readBigUInt64BE(24)) : body.readUInt32BE(16);
	if (!timescale || !duration) return undefined;
	return duration / timescale;
}
