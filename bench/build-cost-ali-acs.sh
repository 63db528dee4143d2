#!/usr/bin/env bash
# The same measurement as build-cost.sh for ali-acs 0.8 with only its ECS module
# (`--no-default-features -F ecs`, 358 operations): a scratch crate depending on it, its
# dependencies built once, then ali-acs alone timed with /usr/bin/time -v (debug profile,
# CARGO_INCREMENTAL=0, no debug info, 2 jobs).
#   bash bench/build-cost-ali-acs.sh
set -euo pipefail
# Debug info as a user's default dev profile has it (BUILD_COST_DEBUG=false to leave it out).
debug="${BUILD_COST_DEBUG:-true}"
cd "$(dirname "$0")/.."
root=$PWD
out="$root/target/bench-build/ali-acs"
export CARGO_TARGET_DIR="$root/target/bench-build/target-ali-acs" CARGO_INCREMENTAL=0 CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
mkdir -p "$out/src"
cat > "$out/Cargo.toml" <<TOML
[package]
name = "ecs-bench-ali-acs"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
ali-acs = { version = "=0.8.0", default-features = false, features = ["ecs"] }
[profile.dev]
debug = $debug
[workspace]
TOML
echo "pub use ali_acs;" > "$out/src/lib.rs"
(cd "$out" && cargo build -q 2>/dev/null || true)        # dependencies (and a first build)
(cd "$out" && cargo clean -q -p ali-acs)
(cd "$out" && /usr/bin/time -v -o "$out/time.txt" cargo build -q)
wall=$(awk -F': ' '/Elapsed \(wall/ {print $2}' "$out/time.txt")
user=$(awk -F': ' '/User time/ {print $2}' "$out/time.txt")
sys=$(awk -F': ' '/System time/ {print $2}' "$out/time.txt")
rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$out/time.txt")
python3 - 358 "$wall" "$user" "$sys" "$rss" <<'PY'
import sys
n, wall, user, sys_, rss = sys.argv[1:]
n = int(n); cpu = float(user) + float(sys_)
m, s = (wall.split(":") + ["0"])[:2] if ":" in wall else ("0", wall)
w = float(m) * 60 + float(s)
print(f"ali-acs ecs operations {n}: wall {w:.1f} s, CPU {cpu:.1f} s, "
      f"peak RSS {int(rss)/1e6:.2f} GB; per operation {w/n:.3f} s wall, {cpu/n:.3f} s CPU")
PY
