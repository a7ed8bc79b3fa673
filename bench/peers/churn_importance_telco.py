"""Peer permutation importance on IBM Telco churn: scikit-learn logistic regression fitted on folds 1–4 of the
dataset's fold file, each raw column shuffled within fold 0 (so its one-hot columns move together, as in Valora's
PermutationImportance), 5 seeded repeats, mean drop in ROC AUC. Features as bench/peers/churn_telco.py builds them.
Usage: /usr/bin/python3 bench/peers/churn_importance_telco.py ../shared/data/telco-churn
"""
import sys
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

sys.argv = [sys.argv[0], sys.argv[1]]
exec(open(__file__.replace("churn_importance_telco.py", "churn_telco.py")).read().split("learners = {")[0])

tr, te = df[df.fold != 0].reset_index(drop=True), df[df.fold == 0].reset_index(drop=True)
xtr, xte = features(tr, te)
model = LogisticRegression(max_iter=1000).fit(xtr, y[df.fold != 0])
yte = y[df.fold == 0]
base = roc_auc_score(yte, model.predict_proba(xte)[:, 1])
rng = np.random.default_rng(1)
rows = []
for c in numeric + boolean + categorical:
    drops = []
    for _ in range(5):
        shuffled = te.copy()
        shuffled[c] = te[c].to_numpy()[rng.permutation(len(te))]
        _, xs = features(tr, shuffled)
        drops.append(base - roc_auc_score(yte, model.predict_proba(xs)[:, 1]))
    rows.append((float(np.mean(drops)), float(np.std(drops, ddof=1)), c))
for mean, sd, c in sorted(rows, reverse=True):
    print(f"{c}\t{mean:.4f}\t{sd:.4f}")
