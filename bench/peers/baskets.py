"""Peer for Valora's frequent itemsets and association rules (issue 14), on UCI Online Retail.

Independent of Valora and of any mining library (mlxtend is not installed here): pandas/numpy only, by brute force
over a dense basket × item 0/1 matrix. Level 1 and 2 counts are column sums and the Gram matrix XᵀX (exact
integers); from level 3 on, every candidate (all of whose subsets are frequent) is counted by ANDing its columns
over all baskets. Rule metrics are mlxtend 0.23's definitions, written out here.

Cleaning (issue 14): drop cancelled invoices ('C…'), missing CustomerID, Quantity <= 0, UnitPrice <= 0 and stock codes
not starting with 5 digits (POST, DOT, M, BANK CHARGES, …). Basket = InvoiceNo, item = StockCode.

Usage:
  /usr/bin/python3 bench/peers/baskets.py online_retail.csv [--country "United Kingdom"] [--min-support 0.01]
      [--max-length N] [--until 2011-03-01] [--itemsets out.csv] [--rules out.csv] [--lines out.csv]
Prints the itemset count per length and the seconds each step took; --lines writes the cleaned lines (InvoiceNo,
StockCode) for `valora rules --data`.
"""
import argparse
import itertools
import math
import sys
import time

import numpy as np
import pandas as pd


def load(path, country=None, until=None):
    df = pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": str})
    df = df[~df.InvoiceNo.str.startswith("C")]
    df = df[df.CustomerID.notna() & (df.Quantity > 0) & (df.UnitPrice > 0)]
    df = df[df.StockCode.str.match(r"^[0-9]{5}")]
    if country:
        df = df[df.Country == country]
    if until:
        df = df[df.InvoiceDate < until]
    return df


def mine(lines, min_support, max_length=None):
    """Returns {frozenset(items): count} and the number of baskets."""
    baskets = lines.InvoiceNo.unique()
    n = len(baskets)
    item_counts = lines.drop_duplicates(["InvoiceNo", "StockCode"]).StockCode.value_counts()
    frequent_items = sorted(item_counts[item_counts / n >= min_support].index)
    col = {item: i for i, item in enumerate(frequent_items)}
    row = {b: i for i, b in enumerate(baskets)}
    x = np.zeros((n, len(frequent_items)), dtype=bool)
    kept = lines[lines.StockCode.isin(col)]
    x[kept.InvoiceNo.map(row).to_numpy(), kept.StockCode.map(col).to_numpy()] = True
    result = {}
    counts = x.sum(axis=0)
    level = []
    for i, item in enumerate(frequent_items):
        if counts[i] / n >= min_support:
            result[frozenset([item])] = int(counts[i])
            level.append((i,))
    if max_length is not None and max_length < 2:
        return result, n
    xf = x.astype(np.float64)
    gram = xf.T @ xf  # co-occurrence counts, exact in doubles below 2**53
    pairs = []
    for a, b in itertools.combinations(range(len(frequent_items)), 2):
        c = int(gram[a, b])
        if c / n >= min_support:
            result[frozenset([frequent_items[a], frequent_items[b]])] = c
            pairs.append((a, b))
    level = pairs
    k = 3
    while level and (max_length is None or k <= max_length):
        frequent = set(level)
        candidates = set()
        for s in level:
            for j in range(s[-1] + 1, len(frequent_items)):
                cand = s + (j,)
                if all(sub in frequent for sub in itertools.combinations(cand, k - 1)):
                    candidates.add(cand)
        next_level = []
        for cand in sorted(candidates):
            c = int(np.logical_and.reduce(x[:, list(cand)], axis=1).sum())
            if c / n >= min_support:
                result[frozenset(frequent_items[i] for i in cand)] = c
                next_level.append(cand)
        level = next_level
        k += 1
    return result, n


def rules(itemsets, n):
    """Every split A -> C of every itemset of two or more items, with mlxtend's metrics."""
    out = []
    for items, count in itemsets.items():
        if len(items) < 2:
            continue
        s_ac = count / n
        ordered = sorted(items)
        for r in range(1, len(ordered)):
            for a in itertools.combinations(ordered, r):
                c = tuple(i for i in ordered if i not in a)
                s_a = itemsets[frozenset(a)] / n
                s_c = itemsets[frozenset(c)] / n
                confidence = s_ac / s_a
                lift = confidence / s_c
                leverage = s_ac - s_a * s_c
                conviction = math.inf if confidence == 1 else (1 - s_c) / (1 - confidence)
                denominator = max(s_ac * (1 - s_a), s_a * (s_c - s_ac))
                zhang = 0.0 if denominator == 0 else leverage / denominator
                jaccard = s_ac / (s_a + s_c - s_ac)
                certainty = 0.0 if s_c == 1 else (confidence - s_c) / (1 - s_c)
                kulczynski = (s_ac / s_a + s_ac / s_c) / 2
                out.append((" ".join(a), " ".join(c), count, s_ac, s_a, s_c, confidence, lift, leverage, conviction,
                            zhang, jaccard, certainty, kulczynski))
    return pd.DataFrame(out, columns=["antecedent", "consequent", "count", "support", "antecedent_support",
                                      "consequent_support", "confidence", "lift", "leverage", "conviction", "zhang",
                                      "jaccard", "certainty", "kulczynski"])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("csv")
    p.add_argument("--country")
    p.add_argument("--until")
    p.add_argument("--min-support", type=float, default=0.01)
    p.add_argument("--max-length", type=int)
    p.add_argument("--itemsets")
    p.add_argument("--rules")
    p.add_argument("--lines")
    a = p.parse_args()
    t0 = time.perf_counter()
    lines = load(a.csv, a.country, a.until)
    t1 = time.perf_counter()
    if a.lines:
        lines[["InvoiceNo", "StockCode"]].to_csv(a.lines, index=False)
    itemsets, n = mine(lines, a.min_support, a.max_length)
    t2 = time.perf_counter()
    by_length = pd.Series([len(s) for s in itemsets]).value_counts().sort_index()
    print(f"baskets={n} itemsets={len(itemsets)} by_length={dict(by_length)}")
    print(f"seconds load={t1 - t0:.3f} mine={t2 - t1:.3f}", file=sys.stderr)
    if a.itemsets:
        pd.DataFrame([(" ".join(sorted(s)), c) for s, c in itemsets.items()], columns=["items", "count"]) \
            .sort_values("items").to_csv(a.itemsets, index=False)
    if a.rules:
        t3 = time.perf_counter()
        r = rules(itemsets, n)
        print(f"rules={len(r)}  seconds rules={time.perf_counter() - t3:.3f}", file=sys.stderr)
        r.to_csv(a.rules, index=False, float_format="%.17g")


if __name__ == "__main__":
    main()
