/**
 * Real, playable MP4s for demo mode: H.264 (Constrained Baseline) in an ISO MP4. The smallest
 * encoder the standard allows: every coded macroblock is I_PCM (raw samples), and in P frames an
 * unchanged macroblock is skipped. Deblocking is off, so decoding is exact and a skip a true copy.
 */
import { mvhdBox } from '../../test/fake-server/clips';

/** YUV 4:2:0 frame whose width and height are multiples of 16. */
export type YuvFrame = { y: Uint8Array; u: Uint8Array; v: Uint8Array };

class BitWriter {
	private readonly bytes: number[] = [];
	private current = 0;
	private count = 0;

	/** `value` in `bits` bits, most significant first (u(n) of the standard). */
	u(value: number, bits = 1): void {
		for (let i = bits - 1; i >= 0; i--) {
			this.current = (this.current << 1) | ((value >>> i) & 1);
			if (++this.count === 8) {
				this.bytes.push(this.current);
				this.current = this.count = 0;
			}
		}
	}

	/** Exp-Golomb, unsigned. */
	ue(value: number): void {
		const length = 31 - Math.clz32(value + 1);
		this.u(0, length);
		this.u(value + 1, length + 1);
	}

	/** Exp-Golomb, signed. */
	se(value: number): void {
		this.ue(value <= 0 ? -2 * value : 2 * value - 1);
	}

	alignZero(): void {
		while (this.count !== 0) this.u(0);
	}

	/** Raw bytes; the writer must be byte-aligned. */
	raw(data: Uint8Array): void {
		this.bytes.push(...data);
	}

	/** rbsp_trailing_bits, then the bytes. */
	finish(): Buffer {
		this.u(1);
		this.alignZero();
		return Buffer.from(this.bytes);
	}
}

/** A NAL unit: its header byte, then the payload with emulation prevention bytes inserted. */
function nal(refIdc: number, type: number, rbsp: Buffer): Buffer {
	const out: number[] = [(refIdc << 5) | type];
	let zeros = 0;
	for (const byte of rbsp) {
		if (zeros >= 2 && byte <= 3) {
			out.push(3);
			zeros = 0;
		}
		out.push(byte);
		zeros = byte === 0 ? zeros + 1 : 0;
	}
	return Buffer.from(out);
}

const PROFILE_BASELINE = 66;
/** constraint_set0 and constraint_set1: Constrained Baseline. */
const CONSTRAINTS = 0xc0;
const LEVEL = 30;
const LOG2_MAX_FRAME_NUM = 8;
const I_PCM = 25;

type Geometry = { width: number; height: number; mbWidth: number; mbHeight: number };

function sps(g: Geometry): Buffer {
	const w = new BitWriter();
	for (const byte of [PROFILE_BASELINE, CONSTRAINTS, LEVEL]) w.u(byte, 8);
	w.ue(0); // seq_parameter_set_id
	w.ue(LOG2_MAX_FRAME_NUM - 4);
	w.ue(2); // pic_order_cnt_type: output order = decoding order
	w.ue(1); // max_num_ref_frames
	w.u(0); // gaps_in_frame_num_value_allowed_flag
	w.ue(g.mbWidth - 1);
	w.ue(g.mbHeight - 1);
	w.u(1); // frame_mbs_only_flag
	w.u(1); // direct_8x8_inference_flag
	const cropRight = (g.mbWidth * 16 - g.width) / 2;
	const cropBottom = (g.mbHeight * 16 - g.height) / 2;
	const crop = cropRight > 0 || cropBottom > 0;
	w.u(crop ? 1 : 0);
	if (crop) for (const offset of [0, cropRight, 0, cropBottom]) w.ue(offset);
	w.u(0); // vui_parameters_present_flag
	return nal(3, 7, w.finish());
}

function pps(): Buffer {
	const w = new BitWriter();
	// pic_parameter_set_id, seq_parameter_set_id
	for (let i = 0; i < 2; i++) w.ue(0);
	w.u(0); // entropy_coding_mode_flag: CAVLC
	w.u(0); // bottom_field_pic_order_in_frame_present_flag
	// num_slice_groups_minus1, num_ref_idx_l0_default_active_minus1, num_ref_idx_l1_…
	for (let i = 0; i < 3; i++) w.ue(0);
	w.u(0); // weighted_pred_flag
	w.u(0, 2); // weighted_bipred_idc
	// pic_init_qp_minus26, pic_init_qs_minus26, chroma_qp_index_offset
	for (let i = 0; i < 3; i++) w.se(0);
	w.u(1); // deblocking_filter_control_present_flag
	w.u(0); // constrained_intra_pred_flag
	w.u(0); // redundant_pic_cnt_present_flag
	return nal(3, 8, w.finish());
}

/** The rows of one macroblock in each plane: 16 of 16 luma samples, then 8 of 8 for Cb and Cr. */
function* macroblockRows(frame: YuvFrame, g: Geometry, mbx: number, mby: number) {
	for (const plane of [frame.y, frame.u, frame.v]) {
		const size = plane === frame.y ? 16 : 8;
		for (let row = 0; row < size; row++) {
			const start = (mby * size + row) * g.mbWidth * size + mbx * size;
			yield plane.subarray(start, start + size);
		}
	}
}

function sameMacroblock(a: YuvFrame, b: YuvFrame, g: Geometry, mbx: number, mby: number): boolean {
	const rows = [...macroblockRows(b, g, mbx, mby)];
	return [...macroblockRows(a, g, mbx, mby)].every((row, i) => Buffer.compare(row, rows[i]) === 0);
}

/** One frame as an AVCC sample; without `previous`, an IDR with every macroblock. */
function codeFrame(
	frame: YuvFrame,
	previous: YuvFrame | undefined,
	g: Geometry,
	frameNum: number,
	idrId: number,
): Buffer {
	const idr = previous === undefined;
	const w = new BitWriter();
	w.ue(0); // first_mb_in_slice
	w.ue(idr ? 7 : 5); // slice_type: I or P, the same for every slice of the picture
	w.ue(0); // pic_parameter_set_id
	w.u(frameNum, LOG2_MAX_FRAME_NUM);
	if (idr) {
		w.ue(idrId);
		w.u(0); // no_output_of_prior_pics_flag
		w.u(0); // long_term_reference_flag
	} else {
		w.u(0); // num_ref_idx_active_override_flag
		w.u(0); // ref_pic_list_modification_flag_l0
		w.u(0); // adaptive_ref_pic_marking_mode_flag
	}
	w.se(0); // slice_qp_delta
	w.ue(1); // disable_deblocking_filter_idc: off, so PCM and skipped blocks stay exact
	let skipped = 0;
	for (let mby = 0; mby < g.mbHeight; mby++) {
		for (let mbx = 0; mbx < g.mbWidth; mbx++) {
			if (previous && sameMacroblock(frame, previous, g, mbx, mby)) {
				skipped++;
				continue;
			}
			if (!idr) {
				w.ue(skipped); // mb_skip_run
				skipped = 0;
			}
			w.ue(idr ? I_PCM : 5 + I_PCM); // in a P slice, intra types follow the 5 P types
			w.alignZero(); // pcm_alignment_zero_bit
			for (const row of macroblockRows(frame, g, mbx, mby)) w.raw(row);
		}
	}
	if (skipped > 0) w.ue(skipped);
	const unit = nal(idr ? 3 : 2, idr ? 5 : 1, w.finish());
	return Buffer.concat([u32(unit.length), unit]);
}

function box(type: string, ...payload: Buffer[]): Buffer {
	const body = Buffer.concat(payload);
	return Buffer.concat([u32(8 + body.length), Buffer.from(type, 'ascii'), body]);
}

/** A full box of version 0 (every box here is): its flags, then the payload. */
function fullBox(type: string, flags: number, ...payload: Buffer[]): Buffer {
	return box(type, u32(flags), ...payload);
}

function u32(...values: number[]): Buffer {
	const out = Buffer.alloc(values.length * 4);
	values.forEach((value, i) => out.writeUInt32BE(value >>> 0, i * 4));
	return out;
}

function u16(...values: number[]): Buffer {
	const out = Buffer.alloc(values.length * 2);
	values.forEach((value, i) => out.writeUInt16BE(value & 0xffff, i * 2));
	return out;
}

const MATRIX = u32(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000);

interface VideoOptions {
	width: number;
	height: number;
	fps: number;
	seconds: number;
	/** Paints frame `index` (0-based) into `frame`, sized to the macroblock grid. */
	paint(index: number, frame: YuvFrame, stride: { luma: number; chroma: number }): void;
}

/** An MP4 file of `seconds` at `fps`: ftyp, moov (one H.264 video track), mdat. */
export function encodeMp4(options: VideoOptions): Buffer {
	const { width, height, fps, seconds } = options;
	const [mbWidth, mbHeight] = [Math.ceil(width / 16), Math.ceil(height / 16)];
	const g: Geometry = { width, height, mbWidth, mbHeight };
	const frames = Math.round(seconds * fps);
	// A keyframe every two seconds, the first frame among them.
	const keyframeEvery = fps * 2;
	const lumaSize = mbWidth * 16 * mbHeight * 16;
	const stride = { luma: mbWidth * 16, chroma: mbWidth * 8 };
	const samples: Buffer[] = [];
	const sync: number[] = [];
	let previous: YuvFrame | undefined;
	let frameNum = 0;
	let idrId = 0;
	for (let index = 0; index < frames; index++) {
		const chroma = () => new Uint8Array(lumaSize / 4);
		const frame: YuvFrame = { y: new Uint8Array(lumaSize), u: chroma(), v: chroma() };
		options.paint(index, frame, stride);
		const key = index % keyframeEvery === 0;
		if (key) {
			frameNum = 0;
			sync.push(index + 1);
		}
		samples.push(codeFrame(frame, key ? undefined : previous, g, frameNum, idrId));
		if (key) idrId = (idrId + 1) % 2;
		frameNum = (frameNum + 1) % (1 << LOG2_MAX_FRAME_NUM);
		previous = frame;
	}

	const [spsUnit, ppsUnit] = [sps(g), pps()];
	const config = Buffer.from([1, PROFILE_BASELINE, CONSTRAINTS, LEVEL, 0xff, 0xe1]);
	const [spsSize, ppsSize] = [u16(spsUnit.length), u16(ppsUnit.length)];
	const avcC = box('avcC', config, spsSize, spsUnit, Buffer.from([1]), ppsSize, ppsUnit);
	// data_reference_index 1; frame_count 1; a 32-byte empty compressor name; depth, pre_defined
	const entry = [Buffer.alloc(6), u16(1), Buffer.alloc(16), u16(width, height)];
	const resolution = [u32(0x00480000, 0x00480000, 0), u16(1), Buffer.alloc(32)];
	const avc1 = box('avc1', ...entry, ...resolution, u16(0x0018, 0xffff), avcC);
	const sampleTable = (chunkOffset: number) =>
		box(
			'stbl',
			fullBox('stsd', 0, u32(1), avc1),
			fullBox('stts', 0, u32(1, frames, 1000)),
			fullBox('stss', 0, u32(sync.length, ...sync)),
			fullBox('stsc', 0, u32(1, 1, frames, 1)),
			fullBox('stsz', 0, u32(0, frames, ...samples.map((s) => s.length))),
			fullBox('stco', 0, u32(1, chunkOffset)),
		);
	const handler = [u32(0), Buffer.from('vide', 'ascii'), Buffer.alloc(12)];
	const media = (chunkOffset: number) =>
		box(
			'mdia',
			fullBox('mdhd', 0, u32(0, 0, fps * 1000, frames * 1000), u16(0x55c4, 0)),
			fullBox('hdlr', 0, ...handler, Buffer.from('VideoHandler\0', 'ascii')),
			box(
				'minf',
				fullBox('vmhd', 1, u16(0, 0, 0, 0)),
				box('dinf', fullBox('dref', 0, u32(1), fullBox('url ', 1))),
				sampleTable(chunkOffset),
			),
		);
	// tkhd flags 3: enabled, in movie.
	const trackHeader = [u32(0, 0, 1, 0, Math.round(seconds * 1000), 0, 0), u16(0, 0, 0, 0), MATRIX];
	const moov = (chunkOffset: number) =>
		box(
			'moov',
			mvhdBox(seconds, 1000),
			box(
				'trak',
				fullBox('tkhd', 3, ...trackHeader, u32(width << 16, height << 16)),
				media(chunkOffset),
			),
		);
	const ftyp = box('ftyp', Buffer.from('isom'), u32(0x200), Buffer.from('isomiso2avc1mp41'));
	const offset = ftyp.length + moov(0).length + 8;
	return Buffer.concat([ftyp, moov(offset), box('mdat', ...samples)]);
}
