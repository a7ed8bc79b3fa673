"""Peer values for Valora's clustering (src/Valora.Analytics/Clustering) from scikit-learn 1.2.1 and scipy.

Independent of Valora. The data sets come from a tiny generator that C# reproduces bit for bit (tests/Valora.Analytics.Tests/
Clustering/PeerData.cs): a 32-bit LCG (Numerical Recipes constants), uniforms state / 2^32, and "normals" as the sum of
12 uniforms minus 6 — only +, * and / so both languages get identical doubles.
Usage: /usr/bin/python3 bench/peers/clustering.py [path/to/online_retail.csv]
"""
import sys

import numpy as np
import scipy.cluster.hierarchy as sch
from scipy.spatial.distance import cdist
from sklearn.cluster import DBSCAN, AgglomerativeClustering, KMeans
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_samples, silhouette_score


class Lcg:
    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def uniform(self):
        self.state = (1664525 * self.state + 1013904223) & 0xFFFFFFFF
        return self.state / 4294967296.0

    def normal(self):
        s = 0.0
        for _ in range(12):
            s += self.uniform()
        return s - 6.0


def blobs(n, centres, sd, seed):
    """Point i belongs to blob i % len(centres): centre + sd * normal per coordinate."""
    g = Lcg(seed)
    x = np.zeros((n, len(centres[0])))
    y = np.zeros(n, dtype=int)
    for i in range(n):
        c = i % len(centres)
        y[i] = c
        for f in range(len(centres[0])):
            x[i, f] = centres[c][f] + sd * g.normal()
    return x, y


def with_noise(n_noise, low, high, d, seed):
    """n_noise points uniform in [low, high)^d."""
    g = Lcg(seed)
    return np.array([[low + (high - low) * g.uniform() for _ in range(d)] for _ in range(n_noise)])


def r(v):
    return repr(float(v))


def metrics():
    centres = [[0, 0, 0], [3, 1, 0], [1, 4, 1], [4, 4, 3]]
    x, y = blobs(400, centres, 1.0, 7)
    print("== metrics: blobs(400, 4 centres 3-d, sd 1, seed 7), true labels")
    print("silhouette", r(silhouette_score(x, y)))
    print("silhouette_exact_cdist", r(silhouette_score(cdist(x, x), y, metric="precomputed")))
    print("davies_bouldin", r(davies_bouldin_score(x, y)))
    print("calinski_harabasz", r(calinski_harabasz_score(x, y)))
    s = silhouette_samples(x, y)
    print("silhouette_samples[0,1,2,399]", r(s[0]), r(s[1]), r(s[2]), r(s[399]))
    # A singleton cluster: point 0 gets its own label 9.
    y2 = y.copy()
    y2[0] = 9
    print("singleton silhouette", r(silhouette_score(x, y2)), "db", r(davies_bouldin_score(x, y2)), "ch", r(calinski_harabasz_score(x, y2)))
    print("== kmeans on the same points, KMeans(n_init=10, random_state=0)")
    for k in (2, 3, 4, 5, 6):
        km = KMeans(n_clusters=k, n_init=10, random_state=0).fit(x)
        print("kmeans k", k, "inertia", r(km.inertia_))


def dbscan():
    x1, _ = blobs(300, [[0, 0], [2.5, 0], [1, 2.5]], 0.45, 11)
    noise = with_noise(60, -2, 4.5, 2, 13)
    x = np.vstack([x1, noise])
    db = DBSCAN(eps=0.3, min_samples=6).fit(x)
    core = np.zeros(len(x), dtype=int)
    core[db.core_sample_indices_] = 1
    print("== dbscan: blobs(300, [0,0],[2.5,0],[1,2.5], sd 0.45, seed 11) + 60 uniform in [-2,4.5)^2 seed 13; eps 0.3, min_samples 6")
    print("clusters", len(set(db.labels_)) - (1 if -1 in db.labels_ else 0), "noise", int((db.labels_ == -1).sum()), "core", int(core.sum()))
    print("labels", ",".join(str(v) for v in db.labels_))
    print("core", "".join(str(v) for v in core))


def ward():
    x, _ = blobs(60, [[0, 0], [3, 0], [0, 3], [3, 3]], 0.8, 5)
    z = sch.linkage(x, method="ward")
    print("== ward: blobs(60, [0,0],[3,0],[0,3],[3,3], sd 0.8, seed 5)")
    print("heights", ",".join(r(h) for h in z[:, 2]))
    for k in (2, 3, 4, 6):
        labels = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(x)
        print("ward k", k, "labels", ",".join(str(v) for v in labels))
    x2, _ = blobs(500, [[0, 0, 0], [3, 0, 1], [0, 3, 2], [3, 3, 0], [1.5, 1.5, 4]], 1.0, 17)
    for k in (3, 5, 8):
        labels = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(x2)
        print("ward500 k", k, "labels", ",".join(str(v) for v in labels))
    z2 = sch.linkage(x2, method="ward")
    print("ward500 height sum", r(z2[:, 2].sum()), "last", r(z2[-1, 2]))


def online_retail(path):
    import pandas as pd
    df = pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str})
    df = df[~df["InvoiceNo"].str.startswith("C")]
    df = df[df["CustomerID"].notna() & (df["Quantity"] > 0) & (df["UnitPrice"] > 0)]
    df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"])
    df["Total"] = df["Quantity"] * df["UnitPrice"]
    ref = pd.Timestamp("2011-12-10")
    rfm = df.groupby("CustomerID").agg(
        recency=("InvoiceDate", lambda s: (ref - s.max()).days),
        frequency=("InvoiceNo", "nunique"),
        monetary=("Total", "sum"))
    print("== online retail RFM: customers", len(rfm))
    x = np.log1p(rfm.values)
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    for k in range(2, 9):
        km = KMeans(n_clusters=k, n_init=10, random_state=0).fit(x)
        print("retail k", k, "silhouette", r(silhouette_score(x, km.labels_)), "inertia", r(km.inertia_))


if __name__ == "__main__":
    metrics()
    dbscan()
    ward()
    if len(sys.argv) > 1:
        online_retail(sys.argv[1])
