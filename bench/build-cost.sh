#!/usr/bin/env bash
# Debug build cost of a generated client, per action: generates one crate from every action
# page of the given folders (default: the en-US corpus), builds its dependencies once, then
# times the crate alone with /usr/bin/time -v (wall, CPU, peak RSS).
#   bash bench/build-cost.sh [PAGE_DIR...]
set -euo pipefail
# Debug info as a user's default dev profile has it (BUILD_COST_DEBUG=false to leave it out).
debug="${BUILD_COST_DEBUG:-true}"
cd "$(dirname "$0")/.."
root=$PWD
corpus="${ECS_CORPUS:-$root/../shared/corpus}"
dirs=("$@"); [ ${#dirs[@]} -gt 0 ] || dirs=("$corpus/ecs/en-US")
out="$root/target/bench-build/client"
export CARGO_TARGET_DIR="$root/target/bench-build/target" CARGO_INCREMENTAL=0 CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

cargo build -q --release -p ecs-codegen --manifest-path "$root/Cargo.toml"
mkdir -p "$out/src"
cat > "$out/Cargo.toml" <<TOML
[package]
name = "ecs-bench-client"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
ecs-client = { path = "$root/generated-client" }
[profile.dev]
debug = $debug
[workspace]
TOML
cp "$root/Cargo.lock" "$out/Cargo.lock"
"$CARGO_TARGET_DIR/release/ecs-codegen" generate "${dirs[@]}" --out "$out/src/lib.rs"
# One module per action page, beside the shared `types` module.
actions=$(grep '^pub mod ' "$out/src/lib.rs" | grep -vc '^pub mod types ' || true)
(cd "$out" && cargo build -q 2>/dev/null || true)        # dependencies (and a first build)
(cd "$out" && cargo clean -q -p ecs-bench-client)
(cd "$out" && /usr/bin/time -v -o "$out/time.txt" cargo build -q)
wall=$(awk -F': ' '/Elapsed \(wall/ {print $2}' "$out/time.txt")
user=$(awk -F': ' '/User time/ {print $2}' "$out/time.txt")
sys=$(awk -F': ' '/System time/ {print $2}' "$out/time.txt")
rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$out/time.txt")
bytes=$(wc -c < "$out/src/lib.rs")
python3 - "$actions" "$wall" "$user" "$sys" "$rss" "$bytes" <<'PY'
import sys
n, wall, user, sys_, rss, size = sys.argv[1:]
n = int(n); cpu = float(user) + float(sys_)
m, s = (wall.split(":") + ["0"])[:2] if ":" in wall else ("0", wall)
w = float(m) * 60 + float(s)
print(f"actions {n}, source {int(size)/1e6:.1f} MB: wall {w:.1f} s, CPU {cpu:.1f} s, "
      f"peak RSS {int(rss)/1e6:.2f} GB; per action {w/n:.3f} s wall, {cpu/n:.3f} s CPU")
PY
