/** What the size apps' page does with a client: one gate, one experiment parameter, a tracked click. */
import type { SplitkitClient } from '../../src/index.js';

export const PAGE_USER = { userID: 'user-42', country: 'US' };
export const COLLECTOR = { url: 'https://collector.example.com/events' };

export function usePage(client: SplitkitClient): void {
  const checkout = client.checkGate('new_checkout');
  const color = client.getExperiment('button_color').get('color', 'gray');
  document.body.dataset.checkout = String(checkout);
  document.body.style.setProperty('--button-color', color);
  document.addEventListener('click', () => client.track('click', { value: 1 }));
}
