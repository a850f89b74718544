/** The SDK's name and version, sent with every event batch (kept equal to package.json by a test). */
export const SDK = { name: 'splitkit', version: '0.1.0' } as const;
