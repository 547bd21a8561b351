#!/usr/bin/env python3
"""Reads bench result lines `tool op seconds max_rss_kib` and prints medians, ratios to s3, peak RSS."""
import statistics
import sys

rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
tools = []
for r in rows:
    if r[0] not in tools:
        tools.append(r[0])
ops = []
for r in rows:
    if r[1] not in ops:
        ops.append(r[1])


def med(tool, op, col):
    vals = [float(r[col]) for r in rows if r[0] == tool and r[1] == op]
    return statistics.median(vals) if vals else None


print(f"{'op':<14}{'tool':<8}{'runs':>5}{'median s':>10}{'tool/s3':>9}{'MiB/s':>8}{'peak RSS MiB':>14}")
size_mib = float(sys.argv[2]) if len(sys.argv) > 2 else None
for op in ops:
    base = med('s3', op, 2)
    for tool in tools:
        m = med(tool, op, 2)
        if m is None:
            continue
        n = sum(1 for r in rows if r[0] == tool and r[1] == op)
        rss = max(float(r[3]) for r in rows if r[0] == tool and r[1] == op) / 1024
        ratio = f"{m / base:.2f}" if base else '-'
        rate = f"{size_mib / m:.0f}" if size_mib and op in ('upload', 'download') and m > 0 else '-'
        print(f"{op:<14}{tool:<8}{n:>5}{m:>10.2f}{ratio:>9}{rate:>8}{rss:>14.0f}")
