// Module shapes for files Bun imports as text (drizzle's SQL migrations).
declare module '*.sql' {
  const text: string;
  export default text;
}
