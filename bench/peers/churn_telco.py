"""Peer figures for Valora's churn trainers on IBM Telco churn, on the dataset's own fold file.

Independent of Valora: pandas / scikit-learn 1.2.1. Features as Valora's `churn train` builds them: Yes/No columns
→ one 0/1 column, other text columns one-hot (pandas get_dummies, all levels), numbers standardised (StandardScaler
fitted on the training folds); TotalCharges' blanks take the training folds' median plus a 0/1 "was blank" column.
customerID is an identifier (not used). Reports the mean over the 5 folds of each fold's ROC AUC (cross_val_score's
figure), and the fit+predict time of each learner.
Usage: /usr/bin/python3 bench/peers/churn_telco.py ../shared/data/telco-churn
"""
import sys
import time

import numpy as np
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, log_loss, roc_auc_score

root = sys.argv[1]
df = pd.read_csv(f"{root}/WA_Fn-UseC_-Telco-Customer-Churn.csv", dtype=str, keep_default_na=False)
folds = pd.read_csv(f"{root}/folds_stratified5_seed42.csv", dtype={"customerID": str, "fold": int})
df = df.merge(folds, on="customerID", how="left", validate="one_to_one")
y = (df.Churn == "Yes").to_numpy().astype(int)
numeric = ["SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges"]
text = [c for c in df.columns if c not in numeric + ["customerID", "Churn", "fold"]]
boolean = [c for c in text if set(df[c].unique()) == {"Yes", "No"}]
categorical = [c for c in text if c not in boolean]


def features(train, test):
    out = []
    for part in (train, test):
        cols = {}
        for c in numeric:
            v = pd.to_numeric(part[c].str.strip().replace("", np.nan))
            cols[c] = v
        out.append(pd.DataFrame(cols))
    tr_num, te_num = out
    blocks_tr, blocks_te = [], []
    for c in numeric:
        med = tr_num[c].median()
        a, b = tr_num[c].isna(), te_num[c].isna()
        xa, xb = tr_num[c].fillna(med), te_num[c].fillna(med)
        mu, sd = xa.mean(), xa.std(ddof=0)
        blocks_tr.append(((xa - mu) / sd).to_numpy()[:, None]); blocks_te.append(((xb - mu) / sd).to_numpy()[:, None])
        if a.any():
            blocks_tr.append(a.to_numpy()[:, None].astype(float)); blocks_te.append(b.to_numpy()[:, None].astype(float))
    for c in boolean:
        blocks_tr.append((train[c] == "Yes").to_numpy()[:, None].astype(float)); blocks_te.append((test[c] == "Yes").to_numpy()[:, None].astype(float))
    for c in categorical:
        levels = sorted(train[c].unique())
        blocks_tr.append(np.stack([(train[c] == l).to_numpy() for l in levels], 1).astype(float))
        blocks_te.append(np.stack([(test[c] == l).to_numpy() for l in levels], 1).astype(float))
    return np.hstack(blocks_tr), np.hstack(blocks_te)


learners = {
    "logistic_regression": lambda: LogisticRegression(max_iter=1000),
    "gradient_boosting": lambda: GradientBoostingClassifier(random_state=0),
    "random_forest": lambda: RandomForestClassifier(random_state=0, n_jobs=1),
}
for name, make in learners.items():
    aucs, aps, lls = [], [], []
    seconds = 0.0
    for f in range(5):
        tr, te = df[df.fold != f], df[df.fold == f]
        xtr, xte = features(tr, te)
        start = time.perf_counter()
        model = make().fit(xtr, y[df.fold != f])
        p = model.predict_proba(xte)[:, 1]
        seconds += time.perf_counter() - start
        aucs.append(roc_auc_score(y[df.fold == f], p))
        aps.append(average_precision_score(y[df.fold == f], p))
        lls.append(log_loss(y[df.fold == f], p))
    print(f"{name}: mean_roc_auc={np.mean(aucs)!r} folds={[round(a, 6) for a in aucs]} "
          f"mean_pr_auc={np.mean(aps):.6f} mean_log_loss={np.mean(lls):.6f} fit_predict_seconds={seconds:.3f}")
