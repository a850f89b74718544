/** Options both providers take. */
export interface ProviderOptions {
  /**
   * The user attribute OpenFeature's `targetingKey` fills. Default `userID`: a logged-in user. Use
   * `deviceID` when the apps's targeting key is a logged-out visitor's device id.
   */
  targetingKeyAttribute?: string;
  /** How long `initialize` waits for the client's first ruleset (when the client has a source). Default: the client's own. */
  readyTimeoutMs?: number;
}
