"""Peer figures for Valora's text classifier (`valora text train`): scikit-learn TF-IDF + LogisticRegression.

Independent of Valora: pandas / scikit-learn 1.2.1. Chinese: character 1-2-grams (no segmenter); English: word
1-2-grams + char_wb 2-5-grams; TF-IDF with sublinear tf, LogisticRegression(C=1, max_iter=1000), the vectoriser
refitted inside each fold (a Pipeline), StratifiedKFold(5, shuffle=True, random_state=1), one process, n_jobs=1.
Prints one JSON line per task: rows, mean CV accuracy and macro-F1, seconds for the 5-fold CV, the final fit on all
rows and predicting all rows.
Usage: /usr/bin/python3 bench/peers/text_classification.py ../shared/data [zh-sentiment zh-category en-sentiment en-reason]
"""
import json
import sys
import time

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline, make_union

root = sys.argv[1]
tasks = sys.argv[2:] or ["zh-sentiment"]


def chinese():
    return TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)


def english():
    return make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                      TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True))


def load(task):
    if task.startswith("zh"):
        df = pd.read_csv(f"{root}/text-zh/online_shopping_reviews_train.csv", dtype=str, keep_default_na=False)
        return df.review, df["label" if task == "zh-sentiment" else "cat"], chinese
    df = pd.read_csv(f"{root}/text-en/airline_tweets_train.csv", dtype=str, keep_default_na=False)
    if task == "en-reason":
        df = df[df.airline_sentiment == "negative"]
        return df.text, df.negativereason, english
    return df.text, df.airline_sentiment, english


for task in tasks:
    x, y, vectoriser = load(task)
    model = lambda: make_pipeline(vectoriser(), LogisticRegression(C=1.0, max_iter=1000))
    start = time.perf_counter()
    cv = cross_validate(model(), x, y, cv=StratifiedKFold(5, shuffle=True, random_state=1), scoring=["accuracy", "f1_macro"], n_jobs=1)
    cv_seconds = time.perf_counter() - start
    start = time.perf_counter()
    fitted = model().fit(x, y)
    fit_seconds = time.perf_counter() - start
    start = time.perf_counter()
    fitted.predict_proba(x)
    predict_seconds = time.perf_counter() - start
    print(json.dumps({"task": task, "rows": len(x), "cv_accuracy": cv["test_accuracy"].mean(), "cv_macro_f1": cv["test_f1_macro"].mean(),
                      "cv_seconds": cv_seconds, "fit_seconds": fit_seconds, "predict_seconds": predict_seconds}), flush=True)
