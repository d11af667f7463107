// How large a request line plus headers may be, and Bun's flag that sets it for the process.

/**
 * The request line plus headers Satchel reads: Go's http.DefaultMaxHeaderBytes, what PocketBase
 * accepts. Bun's own default (16 KiB) would answer a long `?filter=` with an empty 431 before the
 * app could explain it; beyond this size the empty 431 is PocketBase's answer too.
 */
export const MAX_HEADER_BYTES = 1 << 20;

/** Bun's flag for it, baked into the compiled binary's own arguments by scripts/build.ts. */
export const MAX_HEADER_FLAG = `--max-http-header-size=${MAX_HEADER_BYTES}`;
