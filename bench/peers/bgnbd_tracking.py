"""Peer for cumulative tracking (Fader, Hardie & Lee 2005, Figure 2) on the CDNOW sample.

Week k of tracking covers days start + 7(k-1) .. start + 7k - 1 (start = 1997-01-01, the first purchase day of the
cohort). At the end of week k each customer's age is (last day of week k - first purchase day) / 7 weeks, the same
way T is measured to the last calibration day (T = 272/7 for a first purchase on 1997-01-01 and calibration to
1997-09-30). Expected cumulative repeat purchases = sum of E[X(age)] over the cohort, with the BG/NBD
E[X(t)] = (a+b-1)/(a-1) * (1 - (alpha/(alpha+t))^r * 2F1(r, b; a+b-1; t/(alpha+t))) at the published parameters
and at the full-precision fitted ones (week 78: 4160.607, the value issue 9 quotes).

Run: /usr/bin/python3 bench/peers/bgnbd_tracking.py /work/shared/data/cdnow/CDNOW_sample.txt
"""
import sys
from datetime import date
import numpy as np
from scipy.special import hyp2f1

path = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/cdnow/CDNOW_sample.txt"
first = {}
for line in open(path):
    f = line.split()
    if not f:
        continue
    d = date(int(f[2][:4]), int(f[2][4:6]), int(f[2][6:])).toordinal()
    first[f[1]] = min(first.get(f[1], d), d)
start = min(first.values())
days = np.array(list(first.values()), dtype=float)
# The published (rounded) parameters, then the full-precision maximum-likelihood ones on this file.
for r, alpha, a, b in ((0.243, 4.414, 0.793, 2.426), (0.242594, 4.413595, 0.792919, 2.425895)):
    def ex(t):
        return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))

    for k in (39, 78):
        last = start + 7 * k - 1
        ages = (last - days[days <= last]) / 7
        print(f"r={r} week {k} expected {sum(ex(t) for t in ages):.6f}")
