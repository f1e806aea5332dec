import { mediaFileName, mediaFormat } from '../../../nodes/MeiGen/media/binary';

const cdn = 'https://images.meigen.ai/media/abc';

describe('mediaFormat', () => {
	it('trusts a known Content-Type first', () => {
		expect(mediaFormat(`${cdn}/0.png`, 'image/jpeg', 'image')).toEqual({
			mimeType: 'image/jpeg',
			extension: 'jpg',
		});
		expect(mediaFormat(`${cdn}/0`, 'video/webm', 'video')).toEqual({
			mimeType: 'video/webm',
			extension: 'webm',
		});
	});

	it('is not fooled by the case of the Content-Type', () => {
		expect(mediaFormat(`${cdn}/0`, 'IMAGE/PNG', 'image')).toEqual({
			mimeType: 'image/png',
			extension: 'png',
		});
	});

	it("falls back to the URL's extension for octet-stream or no Content-Type", () => {
		expect(mediaFormat(`${cdn}/0.webp`, 'application/octet-stream', 'image')).toEqual({
			mimeType: 'image/webp',
			extension: 'webp',
		});
		expect(mediaFormat(`${cdn}/0.JPEG`, undefined, 'image')).toEqual({
			mimeType: 'image/jpeg',
			extension: 'jpeg',
		});
		expect(mediaFormat(`${cdn}/0.mp4?sig=abc.png`, undefined, 'video')).toEqual({
			mimeType: 'video/mp4',
			extension: 'mp4',
		});
	});

	it('keeps an unknown but specific Content-Type, with a safe extension', () => {
		expect(mediaFormat(`${cdn}/0`, 'image/x-icon', 'image')).toEqual({
			mimeType: 'image/x-icon',
			extension: 'xicon',
		});
	});

	it("falls back to the job's media type", () => {
		expect(mediaFormat(`${cdn}/0`, undefined, 'video')).toEqual({
			mimeType: 'video/mp4',
			extension: 'mp4',
		});
		expect(mediaFormat(`${cdn}/0`, 'application/octet-stream', 'image')).toEqual({
			mimeType: 'image/png',
			extension: 'png',
		});
		expect(mediaFormat(`${cdn}/0`, undefined, undefined)).toEqual({
			mimeType: 'image/png',
			extension: 'png',
		});
	});

	it('ignores extensions it does not know', () => {
		expect(mediaFormat(`${cdn}/0.exe`, undefined, 'image')).toEqual({
			mimeType: 'image/png',
			extension: 'png',
		});
	});
});

describe('mediaFileName', () => {
	it('names the first file <base>.<ext> and the next ones <base>-2, -3 …', () => {
		expect(mediaFileName('gen1', 0, 'png')).toBe('gen1.png');
		expect(mediaFileName('gen1', 1, 'png')).toBe('gen1-2.png');
		expect(mediaFileName('gen1', 3, 'mp4')).toBe('gen1-4.mp4');
	});
});
