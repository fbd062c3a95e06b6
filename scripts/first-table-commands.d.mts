/** Types of first-table-commands.mjs (a plain script the tests import). */
export function smallAlignment(): string;
export function firstTable(dir: string): {
  readonly refused: string[][];
  readonly long: string[][];
  readonly run: string[][];
};
