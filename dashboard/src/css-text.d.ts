// Stylesheets imported `with { type: 'text' }` (a lazily loaded library's CSS, added as a <style>).
declare module '*.css' {
  const text: string;
  export default text;
}
