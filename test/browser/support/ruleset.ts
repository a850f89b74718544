/** The ruleset the test page runs: a gate and an 80/20 experiment, both on the device id. */
export const BROWSER_RULESET = {
  version: 1,
  revision: 'browser-test-1',
  gates: {
    new_checkout: { unit: 'deviceID', rules: [{ id: 'everyone', rollout: 100 }] },
  },
  experiments: {
    button_color: {
      unit: 'deviceID',
      allocation: 100,
      variants: [
        { key: 'red', weight: 80 },
        { key: 'blue', weight: 20 },
      ],
    },
  },
} as const;
