/** Vite's `import.meta.glob` (the page's tsconfig loads no Vite types): bundled data files as asset URLs. */
interface ImportMeta {
  glob<T = unknown>(
    pattern: string | readonly string[],
    options?: { readonly query?: string; readonly import?: string; readonly eager?: boolean },
  ): Record<string, T>;
}

/** Vite's `?raw` imports: a file's text bundled into the page (the guide of each panel). */
declare module '*.md?raw' {
  const text: string;
  export default text;
}
