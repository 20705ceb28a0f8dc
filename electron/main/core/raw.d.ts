/** Text files bundled into the core (the loopback result page), by Vite, Vitest and esbuild alike. */
declare module '*?raw' {
  const content: string;
  export default content;
}
