/**
 * The `voice` option of `CustomHttpProvider`: the request that places a call. Any option left out
 * is the SMS request's (`contentType`, `method`, `headers`, `messageIdPath`); Content-Type follows
 * this `contentType`.
 */
export interface CustomVoiceOptions {
  /** The gateway's URL for calls, `http:` or `https:`. Required. */
  readonly url: string;
  /**
   * The request body, with `{{mobile}}` (the recipient), `{{body}}` (the whole spoken text, the
   * code in it three times, in the request's language), `{{digits}}` (the code's characters
   * separated by spaces, `1 2 3 4 5 6`) and `{{locale}}` (the language, such as `fr`); `{{mobile}}`
   * and at least one of `{{body}}` and `{{digits}}`. Encoded as the SMS template is. Required.
   */
  readonly payloadTemplate: string;
  /** `'JSON'` or `'FORM'`, case-insensitive. Default: the SMS `contentType`. */
  readonly contentType?: string;
  /** `'POST'` or `'PUT'`, case-insensitive. Default: the SMS `method`. */
  readonly method?: string;
  /** Extra request headers, as the SMS `headers` (a string or an object). Default: the SMS `headers`, but Content-Type. */
  readonly headers?: string | Readonly<Record<string, string>>;
  /** Where the gateway's answer names the call, as the SMS `messageIdPath`. Default: the SMS `messageIdPath`. */
  readonly messageIdPath?: string;
}
