#!/usr/bin/env bash
# Alternating runs (A B A B ...) of build-cost.sh (the client from ecs/en-US) and
# build-cost-ali-acs.sh, so that load on the machine falls on both alike; prints every run
# and the medians of CPU seconds per operation and of peak RSS.
#   bash bench/compare-build-cost.sh [PAIRS]   (default 2; BUILD_COST_DEBUG=false: no debug info)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs="${1:-2}"
log=$(mktemp)
for i in $(seq "$pairs"); do
  bash bench/build-cost.sh | tee -a "$log"
  bash bench/build-cost-ali-acs.sh | tee -a "$log"
done
python3 - "$log" <<'PY'
import re, statistics, sys
ours, theirs = [], []
for line in open(sys.argv[1]):
    m = re.search(r"CPU ([\d.]+) s, peak RSS ([\d.]+) GB; per \w+ [\d.]+ s wall, ([\d.]+) s CPU", line)
    if m:
        (theirs if line.startswith("ali-acs") else ours).append((float(m.group(3)), float(m.group(2))))
med = lambda xs, i: statistics.median(x[i] for x in xs)
print(f"median of {len(ours)} runs: ecs-client {med(ours,0):.3f} CPU-s/action, {med(ours,1):.2f} GB; "
      f"ali-acs {med(theirs,0):.3f} CPU-s/operation, {med(theirs,1):.2f} GB; "
      f"ratio {med(ours,0)/med(theirs,0):.2f}")
PY
