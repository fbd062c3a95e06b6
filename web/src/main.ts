/**
 * The playground's page: tabs of panels, the backend badge, and the hash router (`#panel?params`). Each panel
 * mounts into <main>, talks to the one compute worker, and writes its parameters back into the address.
 */
import './style.css';
import { downloadBar, markStale } from './downloads.js';
import type { Panel } from './panel.js';
import { audioPanel } from './panels/audio.js';
import { classicalPanel } from './panels/classical.js';
import { densePanel } from './panels/dense.js';
import { phasePanel } from './panels/phase.js';
import { plPanel } from './panels/pl.js';
import { proteinsPanel } from './panels/proteins.js';
import type { BackendInfo } from './protocol.js';
import { Compute } from './rpc.js';
import { el, readHash } from './ui.js';

const panels: Panel[] = [classicalPanel, phasePanel, densePanel, plPanel, audioPanel, proteinsPanel];

const threads = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1));
const compute = new Compute(threads);
const root = document.getElementById('panel')!;
const badge = document.getElementById('backend')!;
const tabs = document.getElementById('tabs')!;
for (const p of panels) tabs.append(el('a', { href: `#${p.id}`, 'data-panel': p.id }, p.title));

declare global {
  interface Window {
    /** What tests and curious users can read: the backend in use and the last numbers of each panel. */
    playground: { backend: BackendInfo | null; results: Record<string, unknown> };
  }
}
window.playground = { backend: null, results: {} };

function showBackend(info: BackendInfo): void {
  window.playground.backend = info;
  const parts = [
    info.name === 'wasm' ? `wasm SIMD${info.relaxedSimd ? ' (relaxed)' : ''}` : 'TypeScript (reference)',
    `${info.threads} thread${info.threads > 1 ? 's' : ''}`,
    info.isolated ? 'cross-origin isolated' : 'not isolated',
  ];
  badge.textContent = `backend: ${parts.join(' · ')}${info.note ? ` — ${info.note}` : ''}`;
  badge.dataset.state = info.name === 'wasm' && info.threads > 1 ? 'fast' : 'slow';
  badge.dataset.backend = info.name;
  badge.dataset.threads = String(info.threads);
}

let unmount: (() => void) | null = null;

async function route(): Promise<void> {
  const { panel, params } = readHash();
  const p = panels.find((x) => x.id === panel) ?? panels[0];
  for (const a of tabs.querySelectorAll('a')) a.classList.toggle('active', a.dataset.panel === p.id);
  unmount?.();
  root.replaceChildren();
  const box = el('section', { class: 'panel', id: `panel-${p.id}`, 'data-state': 'loading' });
  root.append(box);
  try {
    await compute.ready;
    // Leaving a panel stops its work: a long run of the previous panel would otherwise hold the worker.
    if (compute.busy) compute.cancel();
    const info = await compute.ready;
    const stop = p.mount(box, { compute, params, backend: info });
    box.append(downloadBar(p.id, box));
    const unwatch = markStale(box);
    unmount = () => {
      unwatch();
      stop();
    };
  } catch (e) {
    box.append(el('p', { class: 'msg', 'data-kind': 'error' }, `the panel could not start: ${String(e)}`));
    box.dataset.state = 'error';
  }
}

compute.ready.then(showBackend, (e) => {
  badge.textContent = `backend: failed (${String(e)})`;
  badge.dataset.state = 'error';
});
window.addEventListener('hashchange', () => void route());
void route();
