"""Peer for the Gamma-Gamma fit on the whole CDNOW cohort (CDNOW_master.txt), as lifetimes does it.

Per customer: one purchase occasion per day (orders of a day summed), x = occasions after the first day up to
1998-06-30, z = mean value of those repeat occasions. Customers with x > 0 and z > 0 enter the fit (lifetimes'
GammaGammaFitter is fitted on `summary[summary.monetary_value > 0]`); the likelihood is Fader & Hardie (2013) eq. 3
with all constants, maximised over log-parameters by scipy (Nelder-Mead then BFGS).

Run: /usr/bin/python3 bench/peers/gammagamma_master.py /work/shared/data/cdnow/CDNOW_master.txt
"""
import sys
import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import gammaln

path = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/cdnow/CDNOW_master.txt"
df = pd.read_csv(path, sep=r"\s+", header=0, names=["id", "date", "cds", "dollars"], dtype={"id": str, "date": str})
daily = df.groupby(["id", "date"], as_index=False)["dollars"].sum().sort_values(["id", "date"])
daily["first"] = daily.groupby("id")["date"].transform("min")
repeat = daily[daily["date"] != daily["first"]]
per = repeat.groupby("id")["dollars"].agg(["count", "mean"])
zero = int((per["mean"] <= 0).sum())
per = per[per["mean"] > 0]
x = per["count"].to_numpy(float)
z = per["mean"].to_numpy(float)


def nll(theta):
    p, q, g = np.exp(theta)
    ll = (gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(g) + (p * x - 1) * np.log(z)
          + p * x * np.log(x) - (p * x + q) * np.log(g + x * z))
    return -ll.sum()


start = np.log([1.0, 2.0, z.mean()])
r = minimize(nll, start, method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 20000})
r = minimize(nll, r.x, method="BFGS", options={"gtol": 1e-8})
p, q, g = np.exp(r.x)
print(f"customers {len(x)} left_out_zero_spend {zero}")
print(f"p {p:.9f} q {q:.9f} gamma {g:.9f} ll {-r.fun:.6f}")
