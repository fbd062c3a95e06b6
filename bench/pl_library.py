"""The pseudo-likelihood library of paper 000's authors (PL/, MIT, PyTorch) timed on the rows of bench/plspins.ts:
its TwoBodiesModel trained as its train_model does (PL/training), one full batch per epoch: loss =
model.loss(x, loss_type="CE", lambd=1) (as PL/training/training_RF.py), backward, clip_grad_norm_(max_grad = 20,
its default), SGD step with lr_t = lr0 * decay^t, in the library's default precision (float32; "dtype": "float64" in the case line for
double). J starts at zero (our trainers' start; the library's Hebb start changes no timing).

The library is imported from its source folder (HOPFIELD_PL_LIBRARY, default ../shared/anchors/PL beside the
repository), never copied. Needs PyTorch (Debian: python3-torch).

Protocol as bench/plspins_numpy.py: one JSON line {"algo": "ising"|"vector", "files": {"xi": path.npy}, "epochs",
"lr", "decay", "threads"}, answered {"ready": true}; then each "run" line is answered {"ms", "check"} (time of the
training loop only; check = the last epoch's loss before its update, as ours).
"""
import json
import os
import sys

import numpy as np
from plspins_numpy import serve


def main():
    case = json.loads(sys.stdin.readline())
    here = os.path.dirname(os.path.abspath(__file__))
    lib = os.environ.get("HOPFIELD_PL_LIBRARY") or os.path.join(here, "..", "..", "shared", "anchors", "PL")
    sys.path.insert(0, lib)
    import torch
    from PL.model.model import TwoBodiesModel

    torch.set_num_threads(int(case["threads"]))
    xi = np.load(case["files"]["xi"])
    if xi.ndim == 2:
        xi = xi[:, :, None]
    p, n, d = xi.shape
    dtype = torch.float64 if case.get("dtype") == "float64" else torch.float32
    x = torch.tensor(xi, dtype=dtype)

    def train():
        model = TwoBodiesModel(n, d, spin_type="vector", device="cpu").to(dtype)
        with torch.no_grad():
            model.J.zero_()
        opt = torch.optim.SGD(model.parameters(), lr=case["lr"])
        loss_value = 0.0
        for t in range(case["epochs"]):
            for group in opt.param_groups:
                group["lr"] = case["lr"] * case["decay"] ** t
            loss = model.loss(x, loss_type="CE", lambd=1.0)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 20.0)
            opt.step()
            loss_value = loss.item()
        return loss_value

    serve(train)


if __name__ == "__main__":
    main()
