/**
 * One kernel thread of the page's WebAssembly backend: instantiates the kernel module over the shared memory it
 * is sent, then waits on an Atomics word for jobs (a kernel index and its arguments for one row range), as the
 * Node worker_threads pool of src/core/linalg/threads.ts does.
 */
interface Setup {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  ctrl: SharedArrayBuffer;
  index: number;
  kernels: string[];
  header: number;
  slot: number;
}

self.onmessage = (e: MessageEvent<Setup>) => {
  const { module, memory, ctrl, index, kernels, header, slot } = e.data;
  const ex = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<
    string,
    (...a: number[]) => void
  >;
  const fns = kernels.map((k) => ex[k]);
  const i32 = new Int32Array(ctrl, 0, 16);
  const f64 = new Float64Array(ctrl, header);
  const base = index * slot;
  Atomics.add(i32, 2, 1);
  Atomics.notify(i32, 2);
  let seen = 0;
  for (;;) {
    Atomics.wait(i32, 0, seen);
    seen = Atomics.load(i32, 0);
    if (seen < 0) break;
    const id = f64[base];
    if (id >= 0) {
      const n = f64[base + 1];
      const args: number[] = new Array(n);
      for (let i = 0; i < n; i++) args[i] = f64[base + 2 + i];
      try {
        fns[id](...args);
      } catch {
        Atomics.store(i32, 3, 1);
      }
    }
    Atomics.add(i32, 1, 1);
    Atomics.notify(i32, 1);
  }
  close();
};
