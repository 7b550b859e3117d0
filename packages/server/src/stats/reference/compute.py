#!/usr/bin/python3
"""Independent check of Nudge's statistics: reads fixtures.json, writes expected.json (vitest compares against it).

Run with Debian's python3-scipy and python3-statsmodels:  /usr/bin/python3 compute.py
Fixed-horizon intervals, Holm and the power calculation come from statsmodels and scipy; the delta-method lift and the
Waudby-Smith et al. confidence sequence (arXiv:2103.06476v7 eq. 9, as GrowthBook's gbstats) are written out here from
the papers, not from Nudge's code.
"""
import json
import math
import os

import numpy as np
from scipy import integrate, optimize, stats
from statsmodels.regression.linear_model import OLS
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import confint_proportions_2indep
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

ALPHA = 0.05
TUNING = 5000
HERE = os.path.dirname(os.path.abspath(__file__))


def rho(alpha, tuning=TUNING):
    l = -2 * math.log(alpha)
    return math.sqrt((l + math.log(l + 1)) / tuning)


def cs_half_width(se, n, alpha, r):
    s2 = se**2 * n
    return math.sqrt(s2 * 2 * (n * r**2 + 1) / (n**2 * r**2) * math.log(math.sqrt(n * r**2 + 1) / alpha))


def cs_p(est, se, n, r):
    # smallest alpha whose sequence excludes 0: solve cs_half_width(alpha) = |est| numerically
    f = lambda a: cs_half_width(se, n, a, r) - abs(est)
    if f(1.0) > 0:
        return 1.0
    return optimize.brentq(f, 1e-300, 1.0, xtol=1e-300, rtol=1e-14)


def delta(m0, v0, n0, m1, v1, n1):
    """Relative lift and its delta-method SE (Welch difference when an arm's mean is 0)."""
    if m0 > 0 and m1 > 0:
        return "relative", m1 / m0 - 1, math.sqrt(v1 / (n1 * m0**2) + m1**2 * v0 / (n0 * m0**4))
    return "absolute", m1 - m0, math.sqrt(v0 / n0 + v1 / n1)


def intervals(scale, est, se, n):
    z = stats.norm.ppf(1 - ALPHA / 2)
    r = rho(ALPHA)
    h = cs_half_width(se, n, ALPHA, r)
    return {
        "scale": scale,
        "estimate": est,
        "se": se,
        "fixed": {"ci": [est - z * se, est + z * se], "p": 2 * stats.norm.sf(abs(est / se))},
        "sequential": {"ci": [est - h, est + h], "p": cs_p(est, se, n, r)},
        "chanceToBeat": stats.norm.cdf(est / se),
    }


def proportions(f):
    c, t = f["control"], f["treatment"]
    p0, p1 = c["conversions"] / c["n"], t["conversions"] / t["n"]
    out = intervals(*delta(p0, p0 * (1 - p0), c["n"], p1, p1 * (1 - p1), t["n"]), c["n"] + t["n"])
    # the absolute difference's Wald interval from statsmodels (unpooled variances)
    lo, hi = confint_proportions_2indep(
        t["conversions"], t["n"], c["conversions"], c["n"], method="wald", compare="diff", alpha=ALPHA
    )
    out["waldDifference"] = [lo, hi]
    # exact P(p1 > p0) under Beta(1 + k, 1 + n - k) posteriors, to check the normal approximation of the lift
    a0, b0 = 1 + c["conversions"], 1 + c["n"] - c["conversions"]
    a1, b1 = 1 + t["conversions"], 1 + t["n"] - t["conversions"]
    lo_q, hi_q = stats.beta.ppf([1e-12, 1 - 1e-12], a1, b1)
    prob, _ = integrate.quad(lambda x: stats.beta.pdf(x, a1, b1) * stats.beta.cdf(x, a0, b0), lo_q, hi_q, limit=200)
    out["betaChanceToBeat"] = prob
    return out


def means(f):
    c, t = f["control"], f["treatment"]
    return intervals(
        *delta(c["mean"], c["variance"], c["n"], t["mean"], t["variance"], t["n"]), c["n"] + t["n"]
    )


def holm(ps):
    reject, adjusted, _, _ = multipletests(ps, alpha=ALPHA, method="holm")
    return {"reject": [bool(x) for x in reject], "adjusted": [float(x) for x in adjusted]}


def cuped(f):
    c, t = np.array(f["control"], dtype=float), np.array(f["treatment"], dtype=float)
    y = np.concatenate([c[:, 0], t[:, 0]])
    x = np.concatenate([c[:, 1], t[:, 1]])
    arm = np.concatenate([np.zeros(len(c)), np.ones(len(t))])
    design = np.column_stack([np.ones_like(y), arm, x - x.mean()])
    fit = OLS(y, design).fit(cov_type="HC0")
    raw = CompareMeans(DescrStatsW(t[:, 0]), DescrStatsW(c[:, 0]))
    return {
        "theta": float(fit.params[2]),
        "difference": float(fit.params[1]),
        "se": float(fit.bse[1]),
        "rawDifference": float(t[:, 0].mean() - c[:, 0].mean()),
        "rawSe": float(raw.std_meandiff_separatevar),
    }


def plan(f):
    p0 = f["baseline"]
    p1 = p0 * (1 + f["minLift"])
    a = f["alpha"] / (f["variants"] - 1)
    v = p0 * (1 - p0) + p1 * (1 - p1)
    d = abs(p1 - p0)
    fixed = NormalIndPower().solve_power(
        effect_size=d / math.sqrt(v / 2), alpha=a, power=f["power"], ratio=1, alternative="two-sided"
    )
    zb = stats.norm.ppf(f["power"])
    r = rho(a)
    g = lambda m: cs_half_width(math.sqrt(v / m), 2 * m, a, r) + zb * math.sqrt(v / m) - d
    seq = optimize.brentq(g, 1, 1e12)
    return {"fixed": fixed, "sequential": seq}


def main():
    with open(os.path.join(HERE, "fixtures.json")) as fh:
        fx = json.load(fh)
    expected = {
        "tool": f"scipy {__import__('scipy').__version__}, statsmodels {__import__('statsmodels').__version__}",
        "proportions": [proportions(f) for f in fx["proportions"]],
        "means": [means(f) for f in fx["means"]],
        "holm": [holm(ps) for ps in fx["holm"]],
        "cuped": [cuped(f) for f in fx["cuped"]],
        "plans": [plan(f) for f in fx["plans"]],
    }
    with open(os.path.join(HERE, "expected.json"), "w") as fh:
        json.dump(expected, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
