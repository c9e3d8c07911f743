#!/usr/bin/env bash
# Generates the large benchmark datasets on demand (never committed; data/generated/ is gitignored) with the
# chunkcompute CLI itself: `gen` streams into a memory-mapped .npy block by block, so memory stays bounded.
#
#   bash data/generate_large.sh            # data/generated/normal_50m_f8.npy (50,000,000 float64, 400 MB)
#   bash data/generate_large.sh --huge     # also data/generated/huge_f8.npy, 1.5x this machine's RAM (out-of-core bench)
#   bash data/generate_large.sh --clean    # delete data/generated/
#
# The files are reproducible: the same seed gives the same bytes for any --workers.
set -euo pipefail
cd "$(dirname "$0")/.."
out=data/generated

if [[ "${1:-}" == "--clean" ]]; then
  rm -rf "$out"
  echo "removed $out"
  exit 0
fi

mkdir -p "$out"
dotnet build src/ChunkCompute.Cli -c Release -v quiet -nologo || { echo "error: building the CLI failed" >&2; exit 1; }
cli=(dotnet src/ChunkCompute.Cli/bin/Release/net10.0/ChunkCompute.Cli.dll)

if [[ ! -f "$out/normal_50m_f8.npy" ]]; then
  "${cli[@]}" gen --dist normal --n 50M --loc 10 --scale 2.5 --seed 42 --out "$out/normal_50m_f8.npy"
fi

if [[ "${1:-}" == "--huge" ]]; then
  ram_kb=$(awk '/MemTotal/ {print $2}' /proc/meminfo)
  # 1.5 x RAM in float64 elements.
  n=$(( ram_kb * 1024 * 3 / 2 / 8 ))
  need_kb=$(( n * 8 / 1024 + 1024 ))
  free_kb=$(df -Pk "$out" | awk 'NR == 2 {print $4}')
  if (( free_kb < need_kb + 10 * 1024 * 1024 )); then
    echo "error: $out needs $(( need_kb / 1024 / 1024 )) GiB plus 10 GiB headroom; only $(( free_kb / 1024 / 1024 )) GiB free" >&2
    exit 2
  fi

  if [[ ! -f "$out/huge_f8.npy" ]]; then
    "${cli[@]}" gen --dist uniform --n "$n" --seed 7 --out "$out/huge_f8.npy"
  fi
fi

ls -la "$out"
