/**
 * The React app both sides render: the server with `renderToString`, the
 * browser with `hydrateRoot`. Written with `createElement` because the repo's
 * tsconfig compiles no JSX; in your app this is ordinary JSX.
 */
import { createElement as h, type ReactNode } from 'react';
import type { Bootstrap, User } from 'splitkit';
import { useExperiment, useGate, useParam, useSplitkit } from 'splitkit/react';

/** What the server embeds in the page for the browser bundle to hydrate from. */
export interface PageData {
  bootstrap: Bootstrap;
  user: User;
  /** Where the browser posts events; absent: they are logged to the console. */
  collectorUrl?: string;
}

/** The id of the `<script type="application/json">` that carries {@link PageData}. */
export const PAGE_DATA_ID = 'splitkit-data';

/** The checkout panel: one gate, one experiment and one parameter, each shown in a `data-flag` span. */
export function App(): ReactNode {
  const client = useSplitkit();
  const newCheckout = useGate('new_checkout');
  const button = useExperiment('button_color');
  const threshold = useParam('free_shipping_threshold', 50);
  const color = button.get('color', '#000');
  return h(
    'main',
    null,
    h('h1', null, newCheckout ? 'New checkout' : 'Checkout'),
    h(
      'ul',
      null,
      h('li', null, 'new_checkout: ', h('span', { 'data-flag': 'new_checkout' }, String(newCheckout))),
      h('li', null, 'button_color: ', h('span', { 'data-flag': 'variant' }, button.variant ?? 'none')),
      h('li', null, 'color: ', h('span', { 'data-flag': 'color' }, color)),
      h('li', null, 'free shipping from: ', h('span', { 'data-flag': 'threshold' }, String(threshold))),
    ),
    h(
      'button',
      {
        type: 'button',
        style: { background: color, color: '#fff' },
        onClick: () => client.track('purchase', { value: 1 }),
      },
      'Buy',
    ),
  );
}
