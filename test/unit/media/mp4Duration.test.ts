import { Mp4DurationProbe } from '../../../nodes/MeiGen/media/mp4Duration';
import { mp4Seconds, mvhdBox, patternBytes, syntheticMp4 } from '../../fake-server/clips';

/** What the probe finds when `bytes` stream past in chunks of `size` bytes. */
function probe(bytes: Buffer, size = bytes.length): number | undefined {
	const reader = new Mp4DurationProbe();
	for (let at = 0; at < bytes.length; at += size) reader.push(bytes.subarray(at, at + size));
	return reader.seconds;
}

describe('Mp4DurationProbe: the seconds a reference clip is billed for', () => {
	it('reads a version 0 mvhd (32-bit duration)', () => {
		const file = syntheticMp4(12.5);
		expect(mp4Seconds(file)).toBe(12.5);
		expect(probe(file)).toBe(12.5);
	});

	it('reads a version 1 mvhd (64-bit duration) at any timescale', () => {
		const file = syntheticMp4(7.2, { version: 1, timescale: 90_000 });
		expect(mp4Seconds(file)).toBe(7.2);
		expect(probe(file)).toBe(7.2);
	});

	it('reads a version 1 duration beyond 32 bits', () => {
		// 2^32 ticks at 1 000 000 per second: 4294.967296 s, which a 32-bit read would lose.
		const file = syntheticMp4(4294.967296, { version: 1, timescale: 1_000_000 });
		expect(probe(file)).toBeCloseTo(4294.967296, 6);
	});

	it('finds the movie header after the media data (moov last), streamed in 64 KiB chunks', () => {
		const file = syntheticMp4(30, { moovLast: true, payloadBytes: 1_000_000, seed: 'moov last' });
		expect(file.indexOf('mvhd')).toBeGreaterThan(1_000_000);
		expect(probe(file, 64 * 1024)).toBe(30);
	});

	it('finds the header wherever a chunk boundary falls, even inside it', () => {
		const file = syntheticMp4(5, { payloadBytes: 64, version: 1 });
		for (let split = 1; split < file.length; split++) {
			const reader = new Mp4DurationProbe();
			reader.push(file.subarray(0, split));
			reader.push(file.subarray(split));
			expect([split, reader.seconds]).toEqual([split, 5]);
		}
	});

	it('finds it one byte at a time', () => {
		expect(probe(syntheticMp4(3, { moovLast: true, payloadBytes: 300 }), 1)).toBe(3);
	});

	it('keeps the first duration found; later bytes change nothing', () => {
		const reader = new Mp4DurationProbe();
		reader.push(syntheticMp4(4));
		reader.push(syntheticMp4(9));
		expect(reader.seconds).toBe(4);
	});

	it('skips an mvhd with a zero timescale or duration and reads the next one', () => {
		const broken = mvhdBox(0);
		const file = Buffer.concat([broken, syntheticMp4(6)]);
		expect(probe(file)).toBe(6);
	});
});

describe('Mp4DurationProbe: no duration (undefined), never a made-up one', () => {
	it('before any bytes', () => {
		expect(new Mp4DurationProbe().seconds).toBeUndefined();
	});

	it('for bytes that are not an MP4', () => {
		expect(probe(patternBytes(100_000, 'not a video'), 4096)).toBeUndefined();
		expect(probe(Buffer.from('<html><body>Access denied</body></html>'))).toBeUndefined();
	});

	it('for a file cut off inside its movie header', () => {
		const file = syntheticMp4(10, { version: 1 });
		const header = file.indexOf('mvhd');
		for (const cut of [header + 2, header + 4, header + 20, header + 35]) {
			expect([cut, probe(file.subarray(0, cut))]).toEqual([cut, undefined]);
		}
	});

	it('for a file cut off before its movie header (moov last)', () => {
		const file = syntheticMp4(10, { moovLast: true, payloadBytes: 5000 });
		expect(probe(file.subarray(0, file.indexOf('moov')), 1024)).toBeUndefined();
	});

	it('for an mvhd of an unknown version', () => {
		const box = mvhdBox(10);
		box[8] = 2; // the version byte, right after the box header
		expect(probe(box)).toBeUndefined();
	});

	it('for an mvhd whose duration is 0', () => {
		expect(probe(syntheticMp4(0))).toBeUndefined();
	});
});

describe('Mp4DurationProbe: the media data is skipped, not searched', () => {
	it('bytes in mdat that spell a movie header are not taken for it (moov last)', () => {
		const real = syntheticMp4(10, { moovLast: true });
		// A fake "mvhd" claiming 1000 s, inside the media data, ahead of the real header.
		const decoy = Buffer.alloc(32);
		decoy.write('mvhd', 0, 'latin1');
		decoy.writeUInt32BE(1000, 4 + 12);
		decoy.writeUInt32BE(1_000_000, 4 + 16);
		const mdatAt = real.indexOf('mdat') + 4;
		const file = Buffer.concat([
			real.subarray(0, mdatAt),
			decoy,
			real.subarray(mdatAt + decoy.length),
		]);
		expect(probe(file)).toBe(10);
		expect(probe(file, 7)).toBe(10);
	});
});
