/** Types of patterns.mjs. */
export declare const NETWORK: Array<[string, RegExp]>;
export declare const DYNAMIC_CODE: Array<[string, RegExp]>;
export declare const ALLOWED_REQUIRES: ReadonlySet<string>;
export declare const JITLESS_CONFIG: RegExp;
