/** What the page's scripts read from and write to the server-rendered HTML (page.ts): the same for both clients. */
import type { PageFlags } from './flags.js';

const field = (name: keyof PageFlags): HTMLElement => document.querySelector<HTMLElement>(`[data-flag="${name}"]`)!;

/** The values in the HTML as the server rendered them (or as `show` last wrote them). */
export function shownFlags(): PageFlags {
  return {
    checkout: field('checkout').textContent === 'true',
    color: field('color').textContent === 'none' ? null : field('color').textContent,
    threshold: Number(field('threshold').textContent),
  };
}

/** Renders `flags` into the page. */
export function show(flags: PageFlags): void {
  field('checkout').textContent = String(flags.checkout);
  field('color').textContent = flags.color ?? 'none';
  field('threshold').textContent = String(flags.threshold);
  document.getElementById('buy')!.className = flags.color ?? 'none';
}

/** Says on the page that the client is ready, and where its ruleset came from. */
export function showReady(from: string): void {
  document.getElementById('client-state')!.textContent = `ready (${from})`;
}
