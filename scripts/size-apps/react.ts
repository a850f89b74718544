/**
 * Size app: the full browser client (b) with `splitkit/react` (provider and
 * the three hooks). React itself is the app's and left out (external): the
 * difference to (b) is what the binding adds.
 */
import { createElement as h } from 'react';
import { createClient } from '../../src/browser.js';
import { SplitkitProvider, useExperiment, useGate, useParam } from '../../src/react/index.js';
import { ruleset } from './ruleset.js';
import { COLLECTOR, PAGE_USER } from './page.js';

function Page() {
  return h(
    'p',
    null,
    String(useGate('new_checkout')),
    useExperiment('button_color').variant,
    String(useParam('limit', 1)),
  );
}

const client = createClient({ ruleset, user: PAGE_USER, collector: COLLECTOR });
(globalThis as { page?: unknown }).page = h(SplitkitProvider, { client }, h(Page));
