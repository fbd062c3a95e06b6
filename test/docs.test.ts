/**
 * The guides' examples stay true: every TypeScript block in docs/*.md runs as written (with the package import
 * pointed at the sources), and every flag of every `hopfield …` command line in the guides and the README is one
 * that command accepts.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { allCommands } from '../src/cli/commands/index.js';
import { buildProgram } from '../src/cli/main.js';

const docsDir = new URL('../docs/', import.meta.url);
const guides = readdirSync(docsDir)
  .filter((f) => f.endsWith('.md'))
  .map((f) => ({ name: f, text: readFileSync(new URL(f, docsDir), 'utf8') }));
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

const blocks = (text: string, lang: string) =>
  [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);

describe('TypeScript examples in docs/', () => {
  const src = new URL('../src/index.js', import.meta.url).pathname;
  const nodeEntry = new URL('../src/api/node.js', import.meta.url).pathname;
  const dir = new URL('./.tmp/', import.meta.url);
  const cases = guides.flatMap((g) =>
    blocks(g.text, 'ts').map((code, k) => ({ id: `${g.name.replace(/\.md$/, '')}-${k}`, code })),
  );

  it('finds the examples', () => {
    expect(cases.length).toBeGreaterThanOrEqual(7);
  });

  it.each(cases)(
    '$id runs',
    async ({ id, code }) => {
      expect(code).toContain("from 'hopfield'");
      mkdirSync(dir, { recursive: true });
      const file = new URL(`docs-${id}.ts`, dir);
      const code2 = code.replaceAll("from 'hopfield/node'", `from '${nodeEntry}'`);
      writeFileSync(file, code2.replaceAll("from 'hopfield'", `from '${src}'`));
      const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
      try {
        await import(file.pathname);
      } finally {
        spy.mockRestore();
      }
    },
    60_000,
  );
});

/** `hopfield a b --flag …` lines of the shell blocks, continuation lines joined. */
function commandLines(text: string): string[] {
  return blocks(text, 'sh')
    .flatMap((b) => b.replace(/\\\n\s*/g, ' ').split('\n'))
    .map((l) => l.replace(/#.*$/, '').trim())
    .map((l) => /(?:^|\s)(?:npx )?hopfield(\s.*)?$/.exec(l)?.[1]?.trim() ?? '')
    .filter((l) => l.length > 0 && !l.startsWith('--'));
}

const program = buildProgram(await allCommands());

describe('command lines in the README and docs/', () => {
  const lines = [readme, ...guides.map((g) => g.text)].flatMap(commandLines);

  it('finds them', () => {
    expect(lines.length).toBeGreaterThan(40);
  });

  it.each(lines)('hopfield %s', (line) => {
    const words = line.split(/\s+/);
    let cmd = program;
    let k = 0;
    for (; k < words.length && !words[k].startsWith('-'); k++) {
      const sub = cmd.commands.find((c) => c.name() === words[k]);
      if (!sub) break;
      cmd = sub;
    }
    expect(cmd).not.toBe(program);
    expect(cmd.commands.length, `"${words.slice(0, k).join(' ')}" needs a subcommand`).toBe(0);
    const known = new Set(cmd.options.flatMap((o) => [o.long, o.short]).filter(Boolean));
    known.add('--help');
    const flags = words.slice(k).filter((w) => w.startsWith('--'));
    for (const f of flags) expect(known, `${f} of "${line}"`).toContain(f.split('=')[0]);
  });
});
