/**
 * Report section: pseudo-likelihood associative memories on Ising data (paper 000), declared from the registry
 * entries of the `pl` family — retrieval maps (Fig. 2), basins (Fig. 3), stabilities (Fig. 1a), random features
 * (Fig. 4), MNIST (Fig. 5a) and Edwards–Anderson samples (Fig. 7) at small sizes.
 */
import type { SectionDecl } from '../types.js';

const range = (a: number, b: number, step: number) =>
  Array.from({ length: Math.floor((b - a) / step + 1e-9) + 1 }, (_, k) => Number((a + k * step).toFixed(10)));

const swapText = (extra: Record<string, unknown>) => {
  const acc = (extra.swapAcceptance as number[] | undefined) ?? [];
  const lag = (extra.decorrelation as { energyLag1?: number } | undefined)?.energyLag1;
  return acc.length && lag !== undefined
    ? ` (swap acceptance ${Math.min(...acc).toFixed(2)}–${Math.max(...acc).toFixed(2)}, lag-1 energy autocorrelation ${lag.toFixed(3)})`
    : '';
};

export const pseudoLikelihoodSection: SectionDecl = {
  id: 'pseudolikelihood',
  title: 'Pseudo-likelihood associative memories (Ising)',
  intro:
    'Couplings trained by gradient descent on the negative log-pseudo-likelihood (paper 000 Eq. 4, mean over sites ' +
    'and examples, learning rate 100 decaying by 0.999 per epoch), then used as an associative memory with ' +
    'zero-temperature parallel dynamics x ← sign(Jx) (Eq. 5). Training examples become attractors with basins far ' +
    'larger than Hebbian ones, even with asymmetric couplings.',
  figures: [
    {
      id: 'pl-retrieval-map',
      experiment: 'pl.retrieval-map',
      title: 'Retrieval maps during training and against perceptrons (paper 000 Fig. 2)',
      params: {
        n: 200,
        alpha: 0.4,
        epochs: [1, 10, 100, 1000],
        margins: [0.25, 0.75],
        m0: range(0, 1, 0.05),
      },
      quick: { n: 100, epochs: [1, 10, 100, 300], margins: [0.5], m0: range(0, 1, 0.1) },
    },
    {
      id: 'pl-basins',
      experiment: 'pl.basins',
      title: 'Basin size and asymmetry against the load (paper 000 Fig. 3)',
      params: { n: 200, alpha: [0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0, 1.5], epochs: 1000, probe: 0, step: 0.02 },
      quick: { n: 100, alpha: [0.1, 0.3, 0.6, 1.0], epochs: 300, probe: 40, step: 0.04 },
    },
    {
      id: 'pl-stabilities',
      experiment: 'pl.stability',
      title: 'Stability distribution during training (paper 000 Fig. 1a)',
      params: { n: 200, alpha: 0.4, epochs: [10, 100, 1000] },
      quick: { n: 100, epochs: [10, 300] },
    },
    {
      id: 'pl-features',
      experiment: 'pl.features',
      title: 'Random features: storage, learning and generalization (paper 000 Fig. 4)',
      params: {
        n: 100,
        alpha: [0.25, 0.5, 1, 2, 4],
        features: [0.03, 0.05, 0.1, 0.2, 0.4],
        l: 3,
        epochs: 300,
        probe: 100,
      },
      quick: { n: 60, alpha: [0.5, 1, 2], features: [0.05, 0.2, 0.4], epochs: 150, probe: 30 },
    },
    {
      id: 'pl-mnist',
      experiment: 'pl.mnist',
      title: 'Binarized 14×14 MNIST: storage and generalization (paper 000 Fig. 5a)',
      // Non-separable data need a smaller rate at these sizes (docs/pseudolikelihood.md): lr 5, as the command.
      params: { alpha: [0.1, 0.5, 2, 5, 10], epochs: 200, lr: 5, probe: 200 },
      quick: { alpha: [0.1, 0.5, 2], epochs: 100, probe: 60 },
    },
    {
      id: 'pl-spin-glass',
      experiment: 'pl.spin-glass',
      title: 'Edwards–Anderson samples at T = 0.99 (paper 000 Fig. 7)',
      params: {
        size: 8,
        alpha: [0.5, 1, 2, 5, 10, 20, 50],
        temperature: 0.99,
        epochs: 200,
        lr: 10,
        burnIn: 2000,
        test: 500,
        probe: 200,
        maxSweeps: 200,
      },
      quick: { size: 6, alpha: [0.5, 2, 8, 20], epochs: 100, burnIn: 1000, test: 200, probe: 100 },
      captionOf: ({ extra }, c) =>
        `2D EA model, L = ${c.size}, open boundaries, Gaussian couplings; samples by parallel tempering` +
        `${swapText(extra[0] ?? {})}. Training samples are fixed points at small α; as α grows the final overlap ` +
        'from unseen samples approaches the one reached with the true couplings (dashed).',
    },
    {
      id: 'pl-vector-map',
      experiment: 'pl.vector-map',
      title: 'Vector spins: retrieval map and fixed points against the spin dimension d',
      params: {
        n: 200,
        dim: [1, 2, 3, 5],
        alpha: [0.2, 0.1, 0.3, 0.4, 0.5, 0.6],
        m0: range(0, 1, 0.1),
        epochs: 300,
        probe: 20,
      },
      quick: {
        n: 100,
        dim: [1, 2, 3],
        alpha: [0.2, 0.4],
        m0: range(0, 1, 0.25),
        epochs: 150,
        probe: 20,
      },
    },
    {
      id: 'pl-teacher-student',
      experiment: 'pl.teacher-student',
      title: 'Teacher–student perceptron: generalization error against the replica theory',
      params: { n: 200, alpha: [0.25, 0.5, 1, 2, 4, 8], trials: 3, epochs: 1000 },
      quick: { n: 100, alpha: [0.5, 1, 2, 4], trials: 2, epochs: 300, test: 500 },
    },
    {
      id: 'pl-classify',
      experiment: 'pl.classify',
      title: 'Label neurons as a classifier: binarized MNIST accuracy against the load',
      params: { alpha: [0.1, 0.5, 1, 2, 5, 10, 30], epochs: 300 },
      quick: { alpha: [0.5, 2, 10], epochs: 100 },
    },
  ],
};
