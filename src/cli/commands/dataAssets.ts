/**
 * The playground's data files (alignments, recordings) live once in the package's data/ folder: the tarball
 * leaves out their copies under dist/web/assets, and `hopfield serve` answers those URLs from data/ through
 * dist/web/data-assets.json (written by the page's build: asset name → path under the package root).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';

/** The data file behind an asset path of the page (`/assets/NAME`), or null when it is not one. */
export function dataAssetFile(root: string, urlPath: string): string | null {
  const list = join(root, 'data-assets.json');
  if (!urlPath.startsWith('/assets/') || !existsSync(list)) return null;
  let entries: Record<string, string>;
  try {
    entries = JSON.parse(readFileSync(list, 'utf8')) as Record<string, string>;
  } catch {
    return null;
  }
  const source = entries[urlPath.slice(1)];
  if (typeof source !== 'string' || !source.startsWith('data/')) return null;
  // dist/web sits two folders below the package root (the repository's or the installed package's)
  const pkg = resolve(root, '..', '..');
  const file = normalize(join(pkg, source));
  if (!file.startsWith(join(pkg, 'data') + sep)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}
