/**
 * Characters that can forge or hide what a person reads: C0 and C1 controls (CR rewrites a row, ESC
 * drives the terminal), line and paragraph separators, zero-width characters and bidi overrides,
 * isolates and marks (which reorder what is shown).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const UNSAFE_KEEP_LINES =
  // eslint-disable-next-line no-control-regex -- the same, but line feeds and tabs are layout
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/**
 * Text from files, providers or users, made safe to show: every such character becomes a visible
 * `\uXXXX`. With `keepLines`, line feeds and tabs stay (for whole messages whose layout is ours).
 */
export function neutralise(text: string, keepLines = false): string {
  return text.replace(
    keepLines ? UNSAFE_KEEP_LINES : UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
