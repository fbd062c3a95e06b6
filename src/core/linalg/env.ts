/**
 * Environment variables where the runtime has them (Node), read without importing node:* so that src/core runs in
 * browser workers too, where every variable is unset.
 */

/** The value of an environment variable, or undefined when unset (or when this runtime has none). */
export function envVar(name: string): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
}
