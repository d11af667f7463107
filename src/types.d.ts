// Module shapes for files Bun imports as text (drizzle's SQL migrations, OAuth2 provider logos).
declare module '*.sql' {
  const text: string;
  export default text;
}

declare module '*.svg' {
  const text: string;
  export default text;
}
