/** Text files bundled into the core (the loopback result page), by Vite, Vitest and esbuild alike. */
declare module '*?raw' {
  const content: string;
  export default content;
}

/** Files shipped beside the main bundle (electron-vite `?asset`): the import is their runtime path. */
declare module '*?asset' {
  const path: string;
  export default path;
}
