import { describe, expect, it } from 'vitest';
import { createTimer } from '../../src/events/timer.js';
import { ManualScheduler } from './helpers.js';

describe('createTimer', () => {
  it('fires once per arming, can be disarmed, and arming again replaces the coming firing', async () => {
    const scheduler = new ManualScheduler();
    let fired = 0;
    const timer = createTimer(scheduler, () => fired++);
    expect(timer._pending).toBe(false);
    timer._schedule(100);
    expect(timer._pending).toBe(true);
    await scheduler.advance(100);
    expect(fired).toBe(1);
    expect(timer._pending).toBe(false);

    timer._schedule(100);
    timer._cancel();
    await scheduler.advance(500);
    expect(fired).toBe(1);
    expect(scheduler.pending).toBe(0);

    timer._schedule(100);
    await scheduler.advance(50);
    timer._schedule(100);
    await scheduler.advance(99);
    expect(fired).toBe(1);
    await scheduler.advance(1);
    expect(fired).toBe(2);
    expect(scheduler.pending).toBe(0);
  });
});
