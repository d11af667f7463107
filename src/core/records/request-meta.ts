// What `@request.*` reads of a request besides the caller (filter-and-rules.md §2.4): plain values, no HTTP.

export interface RequestMeta {
  method?: string;
  /** First value per query key. */
  query?: Record<string, unknown>;
  /** Header names in any case; the compiler normalises them to lower snake_case. */
  headers?: Record<string, unknown>;
  /** `default`, `expand`, `batch`, `realtime`, `protectedFile`, `oauth2`, `otp`, `password`. */
  context?: string;
}
