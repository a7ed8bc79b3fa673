#!/usr/bin/env bash
# Item-to-item cosine similarity beside scikit-learn, in the same run: bench/peers/recommend.py (cosine_similarity on
# the sparse item × customer matrix of Online Retail's purchases before 2011-09-01) and `valora recommend evaluate
# --data` on the same cleaned purchases (which the peer writes), alternated ROUNDS times. Valora's TrainSeconds is the
# cosine of every co-purchased pair plus each item's top-k selection and the buyer counts; the peer's is
# cosine_similarity alone. Prints both methods' measures once and the per-round times with the ratio peer ÷ Valora.
# Usage: bench/recommend.sh [../shared/data] [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${1:-$here/../../shared/data}"
rounds="${2:-5}"
file="$data/online-retail/online_retail.csv"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet build -c Release -v q "$here/../src/Valora.Cli" -o "$out/cli" >/dev/null
valora=(dotnet "$out/cli/valora.dll")
/usr/bin/python3 "$here/peers/recommend.py" "$file" --lines "$out/purchases.csv" | tee "$out/peer.txt"
"${valora[@]}" recommend evaluate --data "$out/purchases.csv" --split 2011-09-01
for i in $(seq "$rounds"); do
  peer=$(/usr/bin/python3 "$here/peers/recommend.py" "$file" | sed -n 's/^cosine_similarity \([0-9.]*\) s.*/\1/p')
  ours=$("${valora[@]}" --format json recommend evaluate --data "$out/purchases.csv" --split 2011-09-01 \
    | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["trainSeconds"])')
  /usr/bin/python3 -c "print(f'round $i: peer {float($peer):.3f} s, valora {float($ours):.3f} s, peer / valora {float($peer)/float($ours):.2f}')"
done
