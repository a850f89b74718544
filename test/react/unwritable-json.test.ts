/**
 * The hooks compare what a read returns by its JSON, so a new object with the same content does not re-render.
 * A value JSON cannot write (a cyclic fallback, a BigInt in a trusted ruleset's parameter or variant params)
 * is compared by identity instead: rendering never throws for it.
 */
import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { SplitkitProvider, useExperiment, useParam } from '../../src/react/index.js';

/** Shows what `read` (which calls hooks) returns. */
function Shown({ read }: { read: () => string }) {
  return h('p', null, read());
}

describe('hooks given values JSON cannot write', () => {
  it('render a cyclic fallback of a missing parameter, and a BigInt in a trusted ruleset', () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    const errors: string[] = [];
    const client = createClient({
      environment: 'server',
      validate: false,
      ruleset: {
        params: { big: { default: { n: 10n } } },
        experiments: { e: { variants: [{ key: 'a', weight: 100, params: { n: 10n } }] } },
      },
      user: { userID: 'u' },
      onError: (error) => errors.push(error.code),
    });
    const shown: [() => string, string][] = [
      [() => String(useParam('missing', cyclic as never) === cyclic), 'true'],
      [() => String((useParam('big', {}) as { n?: bigint }).n), '10'],
      [
        () => {
          const experiment = useExperiment('e');
          return `${experiment.variant} ${String((experiment.params as { n?: bigint }).n)}`;
        },
        'a 10',
      ],
    ];
    for (const [read, expected] of shown) {
      let html = '';
      expect(() => {
        html = renderToString(h(SplitkitProvider, { client }, h(Shown, { read })));
      }).not.toThrow();
      expect(html).toBe(`<p>${expected}</p>`);
    }
    expect(errors).toContain('FLAG_NOT_FOUND');
  });
});
