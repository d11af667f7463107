// The realtime layer asks JSC for a collection every so many connects and frames (src/realtime/gc-nudge.ts).
import { afterEach, expect, spyOn, test } from 'bun:test';
import { noteConnect, noteFrame } from '../../src/realtime/gc-nudge.ts';

let gc: ReturnType<typeof spyOn> | null = null;
afterEach(() => {
  gc?.mockRestore();
  gc = null;
});

test('one non-blocking collection request per 10,000 frames, none in between', () => {
  gc = spyOn(Bun, 'gc').mockImplementation(() => 0);
  // Counters are module state carried over from other callers: start at a request.
  let n = 0;
  while (gc.mock.calls.length === 0 && n++ < 20_000) noteFrame();
  expect(gc).toHaveBeenCalledTimes(1);
  for (let i = 0; i < 9_999; i++) noteFrame();
  expect(gc).toHaveBeenCalledTimes(1);
  noteFrame();
  expect(gc).toHaveBeenCalledTimes(2);
  expect(gc.mock.calls.every((args: unknown[]) => args[0] === false)).toBe(true);
});

test('one per 200 connects', () => {
  gc = spyOn(Bun, 'gc').mockImplementation(() => 0);
  let n = 0;
  while (gc.mock.calls.length === 0 && n++ < 1_000) noteConnect();
  for (let i = 0; i < 199; i++) noteConnect();
  expect(gc).toHaveBeenCalledTimes(1);
  noteConnect();
  expect(gc).toHaveBeenCalledTimes(2);
});
