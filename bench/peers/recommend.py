"""Peer for Valora's item-based collaborative filtering and its offline evaluation (issue 14 item 2), on Online Retail.

Independent of Valora: pandas/numpy/scipy and scikit-learn's cosine_similarity on the sparse item × customer 0/1
matrix. Cleaning as issue 14 says (drop 'C…' invoices, missing CustomerID, Quantity <= 0, UnitPrice <= 0, stock codes
not starting with 5 digits). Customers and items are numbered in first-seen order, as Valora's test does, so ties
break alike.

Split: train = purchases before --split, test = from it on. Evaluated: customers with purchases in both periods and
at least one item in the test period they had not bought before; relevant = those new items. Popularity = most
distinct training buyers; item-CF = Σ over bought items of the cosine to the item, each item keeping its --top-k
most similar neighbours (ties by item id), blended (1 − w)·cf/max cf + w·buyers/max buyers; ranked by score, buyers,
item id; bought items excluded.

Usage: /usr/bin/python3 bench/peers/recommend.py online_retail.csv [--split 2011-09-01] [--top 10] [--top-k 10]
           [--weight 0.1] [--lines out.csv]
           [--until 2011-09-01]
Prints the split counts, both methods' hit rate, precision, recall, MAP and coverage at N, and the seconds
cosine_similarity took (the full sparse cosine of every co-purchased pair, as Valora's ItemSimilarity computes).
--lines writes the cleaned purchases as customer,product,date for `valora recommend evaluate --data`.
"""
import argparse
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.metrics.pairwise import cosine_similarity


def load(path):
    df = pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": str})
    df = df[~df.InvoiceNo.str.startswith("C")]
    df = df[df.CustomerID.notna() & (df.Quantity > 0) & (df.UnitPrice > 0)]
    df = df[df.StockCode.str.match(r"^[0-9]{5}")]
    return df


def metrics(lists, relevant, top, catalogue):
    hit = prec = rec = ap = 0.0
    seen = set()
    for ranked, rel in zip(lists, relevant):
        ranked = ranked[:top]
        seen.update(ranked)
        hits = 0
        s = 0.0
        for k, item in enumerate(ranked):
            if item in rel:
                hits += 1
                s += hits / (k + 1)
        hit += hits > 0
        prec += hits / top
        rec += hits / len(rel)
        ap += s / min(len(rel), top)
    n = len(lists)
    return dict(hit_rate=hit / n, precision=prec / n, recall=rec / n, map=ap / n, coverage=len(seen) / catalogue,
                items=len(seen))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("path")
    p.add_argument("--split", default="2011-09-01")
    p.add_argument("--top", type=int, default=10)
    p.add_argument("--top-k", type=int, default=10)
    p.add_argument("--weight", type=float, default=0.1)
    p.add_argument("--lines")
    p.add_argument("--until", help="use only purchases before this day (a validation split inside the training period)")
    a = p.parse_args()

    df = load(a.path)
    if a.until:
        df = df[df.InvoiceDate < a.until]
    if a.lines:
        pd.DataFrame({"customer": df.CustomerID, "product": df.StockCode, "date": df.InvoiceDate}).to_csv(a.lines, index=False)
    cust, _ = pd.factorize(df.CustomerID)
    item, _ = pd.factorize(df.StockCode)
    nc, ni = cust.max() + 1, item.max() + 1
    train = (df.InvoiceDate < a.split).to_numpy()

    def matrix(mask):
        m = sp.csr_matrix((np.ones(mask.sum()), (cust[mask], item[mask])), shape=(nc, ni))
        m.data[:] = 1.0  # repeats count once
        m.sum_duplicates()
        m.data[:] = 1.0
        return m

    x, t = matrix(train), matrix(~train)
    buyers = np.asarray(x.sum(axis=0)).ravel()
    catalogue = int((buyers > 0).sum())
    customers, relevant = [], []
    both = rebought = 0
    for c in range(nc):
        before = set(x.indices[x.indptr[c]:x.indptr[c + 1]])
        after = set(t.indices[t.indptr[c]:t.indptr[c + 1]])
        if not before or not after:
            continue
        both += 1
        new = after - before
        if not new:
            rebought += 1
            continue
        customers.append(c)
        relevant.append(new)
    print(f"customers {nc} items {ni} active-in-both {both} only-rebought {rebought} evaluated {len(customers)} "
          f"catalogue {catalogue} train-pairs {x.nnz}")

    xt = x.T.tocsr()
    clock = time.perf_counter()
    s = cosine_similarity(xt, dense_output=False)
    cosine_seconds = time.perf_counter() - clock
    s = s.tolil()
    s.setdiag(0)
    s = s.tocsr()
    s.eliminate_zeros()
    print(f"cosine_similarity {cosine_seconds:.3f} s, {s.nnz} co-purchased pairs")

    # Keep each item's top-k neighbours, most similar first, ties by item id.
    rows, cols, vals = [], [], []
    for i in range(ni):
        idx = s.indices[s.indptr[i]:s.indptr[i + 1]]
        v = s.data[s.indptr[i]:s.indptr[i + 1]]
        order = np.lexsort((idx, -v))[:a.top_k]
        rows += [i] * len(order)
        cols += list(idx[order])
        vals += list(v[order])
    sk = sp.csr_matrix((vals, (rows, cols)), shape=(ni, ni))

    by_pop = np.lexsort((np.arange(ni), -buyers))
    by_pop = by_pop[buyers[by_pop] > 0]
    pop_lists, cf_lists = [], []
    w = a.weight
    for c in customers:
        bought = x.indices[x.indptr[c]:x.indptr[c + 1]]
        bset = set(bought)
        pop_lists.append([int(i) for i in by_pop if i not in bset][:a.top])
        cf = np.asarray(sk[bought].sum(axis=0)).ravel()
        mx = np.delete(cf, bought).max()  # over the items that can be offered
        score = (cf * ((1 - w) / mx) if mx > 0 else np.zeros(ni)) + buyers * (w / buyers.max())
        ok = ((cf > 0) | (buyers > 0))
        ok[bought] = False
        cand = np.nonzero(ok)[0]
        order = np.lexsort((cand, -buyers[cand], -score[cand]))[:a.top]
        cf_lists.append([int(i) for i in cand[order]])

    for name, lists in (("popularity", pop_lists), ("item-cf", cf_lists)):
        m = metrics(lists, relevant, a.top, catalogue)
        print(f"{name}: hit_rate {m['hit_rate']:.6f} precision {m['precision']:.6f} recall {m['recall']:.6f} "
              f"map {m['map']:.6f} coverage {m['coverage']:.6f} ({m['items']} items)")


if __name__ == "__main__":
    main()
