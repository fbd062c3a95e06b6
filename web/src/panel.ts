/** What a panel is: a title and a mount function given the compute worker and the address parameters. */
import type { BackendInfo } from './protocol.js';
import type { Compute } from './rpc.js';

export interface PanelContext {
  readonly compute: Compute;
  readonly params: URLSearchParams;
  readonly backend: BackendInfo;
}

export interface Panel {
  readonly id: string;
  readonly title: string;
  /** Build the panel inside `box`; returns the function that stops it. */
  mount(box: HTMLElement, ctx: PanelContext): () => void;
}
