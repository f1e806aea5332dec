import { CancelledError } from '../../../nodes/MeiGen/transport/errors';
import { cancellableSleep } from '../../../nodes/MeiGen/transport/sleep';
import { track, useFakeClock } from '../clock';

useFakeClock();

describe('cancellableSleep', () => {
	it('waits the time given, and not less', async () => {
		const probe = track(cancellableSleep(120));
		await jest.advanceTimersByTimeAsync(119);
		expect(probe.settled).toBe(false);
		await jest.advanceTimersByTimeAsync(1);
		expect(probe).toEqual({ settled: true, value: undefined });
	});

	it('rejects at once when the signal is already aborted', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(cancellableSleep(2000, controller.signal)).rejects.toBeInstanceOf(CancelledError);
	});

	it('rejects the moment the signal aborts', async () => {
		const controller = new AbortController();
		const probe = track(cancellableSleep(2000, controller.signal));
		await jest.advanceTimersByTimeAsync(50);
		expect(probe.settled).toBe(false);
		controller.abort();
		await jest.advanceTimersByTimeAsync(0);
		expect(probe.error).toBeInstanceOf(CancelledError);
	});

	it('leaves no abort listener behind', async () => {
		const controller = new AbortController();
		const added = jest.spyOn(controller.signal, 'addEventListener');
		const removed = jest.spyOn(controller.signal, 'removeEventListener');
		const sleeping = cancellableSleep(5, controller.signal);
		await jest.advanceTimersByTimeAsync(5);
		await sleeping;
		expect(removed.mock.calls.filter(([type]) => type === 'abort').length).toBe(
			added.mock.calls.filter(([type]) => type === 'abort').length,
		);
	});
});
