// Resolved by the console's vite config to the widgets package, so the preview renders the real elements.
declare module 'nudge-console:widgets' {
  const loaded: unknown;
  export default loaded;
}
