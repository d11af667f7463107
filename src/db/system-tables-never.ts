// The executor given to the system tables' Drizzle builders: they only build, a `Conn` runs the text.

/** Builders that never reach a database: only `toSQL()` is asked of what they build. */
export const neverRun = async (): Promise<never> => {
  throw new Error('system-table queries run through a Conn (runAll/runGet/runWrite)');
};
