import { describe, expect, it, vi } from 'vitest';
import { attachPageLifecycle } from '../../src/adapters/page-lifecycle.js';
import type { EventPipeline } from '../../src/events/pipeline.js';

function fakePage() {
  const win = new EventTarget() as EventTarget & { document: EventTarget & { visibilityState: string } };
  win.document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const pipeline = {
    enqueue: vi.fn(),
    flush: vi.fn(() => Promise.resolve()),
    flushOnUnload: vi.fn(),
    shutdown: vi.fn(),
    stats: vi.fn(),
  } satisfies EventPipeline;
  return { win, pipeline, window: win as unknown as Window };
}

describe('attachPageLifecycle', () => {
  it('hands the queue to the beacon on pagehide', () => {
    const { window, win, pipeline } = fakePage();
    attachPageLifecycle(pipeline, window);
    win.dispatchEvent(new Event('pagehide'));
    expect(pipeline.flushOnUnload).toHaveBeenCalledTimes(1);
  });

  it('hands the queue to the beacon when the page turns hidden, not when it turns visible', () => {
    const { window, win, pipeline } = fakePage();
    attachPageLifecycle(pipeline, window);
    win.document.visibilityState = 'hidden';
    win.document.dispatchEvent(new Event('visibilitychange'));
    win.document.visibilityState = 'visible';
    win.document.dispatchEvent(new Event('visibilitychange'));
    expect(pipeline.flushOnUnload).toHaveBeenCalledTimes(1);
  });

  it('flushes when the browser comes back online', () => {
    const { window, win, pipeline } = fakePage();
    attachPageLifecycle(pipeline, window);
    win.dispatchEvent(new Event('online'));
    expect(pipeline.flush).toHaveBeenCalledTimes(1);
  });

  it('the returned function removes every listener', () => {
    const { window, win, pipeline } = fakePage();
    const detach = attachPageLifecycle(pipeline, window);
    detach();
    win.document.visibilityState = 'hidden';
    win.dispatchEvent(new Event('pagehide'));
    win.document.dispatchEvent(new Event('visibilitychange'));
    win.dispatchEvent(new Event('online'));
    expect(pipeline.flushOnUnload).not.toHaveBeenCalled();
    expect(pipeline.flush).not.toHaveBeenCalled();
  });

  it('does nothing outside a browser', () => {
    const { pipeline } = fakePage();
    expect((globalThis as { window?: unknown }).window).toBeUndefined();
    const detach = attachPageLifecycle(pipeline);
    expect(() => detach()).not.toThrow();
  });

  it('attaches nothing to a global window that cannot take listeners', () => {
    const { pipeline } = fakePage();
    const document = { addEventListener: vi.fn(), removeEventListener: vi.fn() };
    vi.stubGlobal('window', { document });
    try {
      const detach = attachPageLifecycle(pipeline);
      detach();
      expect(document.addEventListener).not.toHaveBeenCalled();
      expect(document.removeEventListener).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
