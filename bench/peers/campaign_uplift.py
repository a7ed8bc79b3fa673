"""Peer values for Valora's campaign measurement and Qini coefficient on the Hillstrom e-mail data.

Independent of Valora: pandas/numpy/scipy only. The Qini functions are a line-by-line port of scikit-uplift 0.5's
`qini_curve`, `perfect_qini_curve(negative_effect=True)` and `qini_auc_score` (scikit-uplift is not installable here).
Usage: /usr/bin/python3 bench/peers/campaign_uplift.py ../shared/data/campaign-email/hillstrom.csv
"""
import sys

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.metrics import auc


def qini_curve(y_true, uplift, treatment):
    desc = np.argsort(uplift, kind="mergesort")[::-1]
    y_true, treatment, uplift = y_true[desc], treatment[desc], uplift[desc]
    y_ctrl, y_trmnt = y_true.copy(), y_true.copy()
    y_ctrl[treatment == 1] = 0
    y_trmnt[treatment == 0] = 0
    distinct = np.where(np.diff(uplift))[0]
    thresholds = np.r_[distinct, uplift.size - 1]
    num_trmnt = np.cumsum(treatment)[thresholds].astype(float)
    y_t = np.cumsum(y_trmnt)[thresholds].astype(float)
    num_all = thresholds + 1
    num_ctrl = num_all - num_trmnt
    y_c = np.cumsum(y_ctrl)[thresholds].astype(float)
    values = y_t - y_c * np.divide(num_trmnt, num_ctrl, out=np.zeros_like(num_trmnt), where=num_ctrl != 0)
    return np.r_[0, num_all], np.r_[0, values]


def qini_auc_score(y_true, uplift, treatment):
    xa, ya = qini_curve(y_true, uplift, treatment)
    xp, yp = qini_curve(y_true, y_true * treatment - y_true * (1 - treatment), treatment)
    base = auc([0, xp[-1]], [0, yp[-1]])
    return (auc(xa, ya) - base) / (auc(xp, yp) - base)


def diff(t, c):
    d = t.mean() - c.mean()
    se = np.sqrt(t.var(ddof=1) / len(t) + c.var(ddof=1) / len(c))
    z = stats.norm.ppf(0.975)
    return d, se, d - z * se, d + z * se


df = pd.read_csv(sys.argv[1])
for arm in ["Mens E-Mail", "Womens E-Mail"]:
    t, c = df[df.segment == arm], df[df.segment == "No E-Mail"]
    for col in ["visit", "conversion", "spend"]:
        # For a 0/1 column the sample variance (ddof=1) differs from p(1-p); the proportion interval uses p(1-p):
        if col != "spend":
            p1, p0 = t[col].mean(), c[col].mean()
            se = np.sqrt(p1 * (1 - p1) / len(t) + p0 * (1 - p0) / len(c))
            z = stats.norm.ppf(0.975)
            print(f"{arm:14} {col:10} diff={p1 - p0:.12f} se={se:.12f} ci=({p1 - p0 - z * se:.12f}, {p1 - p0 + z * se:.12f})")
        else:
            d, se, lo, hi = diff(t[col].to_numpy(), c[col].to_numpy())
            print(f"{arm:14} {col:10} diff={d:.12f} se={se:.12f} ci=({lo:.12f}, {hi:.12f})")

sub = df[df.segment.isin(["Mens E-Mail", "No E-Mail"])]
y = sub.visit.to_numpy()
w = (sub.segment == "Mens E-Mail").astype(int).to_numpy()
for name in ["history", "recency"]:
    print(f"qini(score={name}) = {qini_auc_score(y, sub[name].to_numpy().astype(float), w):.12f}")
print(f"qini(score=-recency) = {qini_auc_score(y, -sub['recency'].to_numpy().astype(float), w):.12f}")
