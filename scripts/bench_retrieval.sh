#!/usr/bin/env bash
# Search speed side by side, measured in one run: exact numpy + OpenBLAS brute
# force (bench/retrieval_ref_bench.py beside the checkout, python3-numpy) against
# `fusionscope-cli bench retrieval` on the same 1,000,000 x 512 problem.
#
#   scripts/bench_retrieval.sh [path/to/retrieval_ref_bench.py]
#
# Environment: BUILD_DIR (default: build). Needs about 5 GB of memory.
set -euo pipefail
cd "$(dirname "$0")/.."
reference="${1:-../shared/bench/retrieval_ref_bench.py}"
cli="${BUILD_DIR:-build}/app/fusionscope-cli"
# Debian's python3 has python3-numpy; a python3 earlier on PATH may not.
python=/usr/bin/python3
[ -x "$python" ] || python=python3

numpy_ms=$("$python" "$reference")
ours=$("$cli" --json bench retrieval --n 1000000 --dim 512 --k 10)
echo "numpy exact:        ${numpy_ms} ms per query"
echo "fusionscope-cli:    ${ours}"
"$python" - "$numpy_ms" "$ours" <<'PY'
import json, sys
numpy_ms = float(sys.argv[1]); ours = json.loads(sys.argv[2])
print(f"speed-up over numpy: {numpy_ms / ours['query_ms']:.1f}x "
      f"(index {ours['query_ms']:.1f} ms, recall@10 {ours['recall_at_10_vs_exact']:.3f}; "
      f"exact scan {ours['exact_query_ms']:.1f} ms, {numpy_ms / ours['exact_query_ms']:.1f}x)")
PY
