"""L2-regularised logistic regression by Newton's method (iteratively reweighted least squares)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["design", "feature_names", "fit_logistic", "predict", "sigmoid"]

Matrix = NDArray[np.float64]


def feature_names(rows: Sequence[Mapping[str, float]], min_count: int = 1) -> list[str]:
    """The features that are non-zero in at least `min_count` rows, sorted (a stable column order)."""
    counts: dict[str, int] = {}
    for row in rows:
        for name, value in row.items():
            if value:
                counts[name] = counts.get(name, 0) + 1
    return sorted(name for name, n in counts.items() if n >= min_count)


def design(rows: Sequence[Mapping[str, float]], names: Sequence[str]) -> Matrix:
    """The rows as a matrix, one column per name (a missing feature is 0)."""
    index = {name: j for j, name in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for i, row in enumerate(rows):
        for name, value in row.items():
            j = index.get(name)
            if j is not None:
                x[i, j] = value
    return x


def sigmoid(z: Matrix) -> Matrix:
    """The logistic function, clipped so large logits do not overflow."""
    out: Matrix = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
    return out


def fit_logistic(
    x: Matrix, y: NDArray[np.float64], lam: float, *, iterations: int = 100, tol: float = 1e-10
) -> tuple[Matrix, float]:
    """Weights and bias minimising log-loss + lam/2 · |w|² (the bias is not penalised).

    Newton steps on the penalised log-likelihood: with the penalty the Hessian is positive
    definite, so the steps converge in a few iterations even on separable data.
    """
    n, k = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    beta = np.zeros(k + 1)
    penalty = np.full(k + 1, lam)
    penalty[-1] = 0.0
    for _ in range(iterations):
        p = sigmoid(xb @ beta)
        grad = xb.T @ (p - y) + penalty * beta
        w = p * (1.0 - p)
        hessian = (xb * w[:, None]).T @ xb + np.diag(penalty) + 1e-9 * np.eye(k + 1)
        step = np.linalg.solve(hessian, grad)
        beta -= step
        if float(np.max(np.abs(step))) < tol:
            break
    return beta[:-1], float(beta[-1])


def predict(x: Matrix, weights: Matrix, bias: float) -> Matrix:
    """The predicted probabilities of the rows of `x`."""
    return sigmoid(x @ weights + bias)
