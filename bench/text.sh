#!/usr/bin/env bash
# Text classification beside the peer, in the same run: scikit-learn TF-IDF + LogisticRegression
# (bench/peers/text_classification.py) and `valora text train` (5-fold CV + final fit) / `valora text score` on the
# same corpus, one after the other on the same machine. Prints both accuracies and the ratios peer ÷ Valora of
# training time (CV and final fit); scoring is Valora's whole `text score` process (load the model and the CSV,
# predict, write) against the peer's in-process predict_proba, so its ratio flatters the peer.
# Usage: bench/text.sh [../shared/data] [zh-sentiment|zh-category|en-sentiment|en-reason]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${1:-$here/../../shared/data}"
task="${2:-zh-sentiment}"
case "$task" in
  zh-sentiment) file="$data/text-zh/online_shopping_reviews_train.csv"; args=(--text review --label label) ;;
  zh-category)  file="$data/text-zh/online_shopping_reviews_train.csv"; args=(--text review --label cat) ;;
  en-sentiment) file="$data/text-en/airline_tweets_train.csv"; args=(--text text --label airline_sentiment) ;;
  en-reason)    file="$data/text-en/airline_tweets_train.csv"; args=(--text text --label negativereason --where airline_sentiment=negative) ;;
  *) echo "unknown task $task" >&2; exit 2 ;;
esac
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet build -c Release -v q "$here/../src/Valora.Cli" -o "$out/cli" >/dev/null
valora=(dotnet "$out/cli/valora.dll")

echo "peer: scikit-learn ($task) …" >&2
peer="$(/usr/bin/python3 "$here/peers/text_classification.py" "$data" "$task")"
echo "valora: text train ($task) …" >&2
"${valora[@]}" --format json text train --data "$file" "${args[@]}" --out "$out/model.zip" >"$out/train.json" 2>/dev/null
start=$(date +%s.%N)
"${valora[@]}" text score --model "$out/model.zip" --data "$file" --text "${args[1]}" --out "$out/scored.csv" 2>/dev/null
end=$(date +%s.%N)

/usr/bin/python3 - "$peer" "$out/train.json" "$start" "$end" <<'PY'
import json, sys
peer = json.loads(sys.argv[1]); valora = json.load(open(sys.argv[2])); score = float(sys.argv[4]) - float(sys.argv[3])
rows = peer["rows"]
print(f"{peer['task']}: {rows} rows")
print(f"  accuracy (5-fold CV)  peer {peer['cv_accuracy']:.4f}   valora {valora['mean']['accuracy']:.4f}")
print(f"  macro F1 (5-fold CV)  peer {peer['cv_macro_f1']:.4f}   valora {valora['mean']['macro_f1']:.4f}")
print(f"  5-fold CV seconds     peer {peer['cv_seconds']:.1f}   valora {valora['crossValidationSeconds']:.1f}   ratio peer/valora {peer['cv_seconds'] / valora['crossValidationSeconds']:.2f}")
print(f"  final fit seconds     peer {peer['fit_seconds']:.1f}   valora {valora['trainingSeconds']:.1f}   ratio peer/valora {peer['fit_seconds'] / valora['trainingSeconds']:.2f}")
print(f"  scoring rows/s        peer {rows / peer['predict_seconds']:.0f} (in-process)   valora {rows / score:.0f} (whole command)   ratio peer/valora {(peer['predict_seconds']) / score:.2f} (time)")
PY
