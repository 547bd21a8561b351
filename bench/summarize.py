#!/usr/bin/env python3
"""Summarizes a bench run (scripts/bench.sh).

    summarize.py RUNS.tsv META.json OUT_BASE

RUNS.tsv lines: workload op tool round seconds max_rss_kib (round <= 0: warm-up, not counted).
Writes OUT_BASE.json (settings, machine, every run, the summary, the targets) and OUT_BASE.md
(the same as markdown tables), and prints the markdown. Ratios are s3's median wall time over
the peer's (below 1: s3 is faster), as in issue 12.
"""
import json
import statistics
import sys

runs_path, meta_path, out_base = sys.argv[1:4]
meta = json.load(open(meta_path))
runs = []
for line in open(runs_path):
    if line.strip():
        w, op, tool, rnd, secs, rss = line.split('\t')
        runs.append({'workload': w, 'op': op, 'tool': tool, 'round': int(rnd),
                     'seconds': float(secs), 'max_rss_kib': int(rss)})

LABELS = {
    'version': '`--version`', 'help': '`--help`', 'bucket_list': '`bucket:list`',
    'upload_single': 'upload, single PUT', 'upload_multipart': 'upload, multipart',
    'download_single': 'download, single-PUT object', 'download_multipart': 'download, multipart object',
    'files_up': 'files up (`put -r`)', 'files_sync': 'no-op sync', 'files_down': 'files down (`get -r`)',
    'files_delete': 'recursive delete', 'list_keys': 'list keys to NDJSON',
    'lib_write_big': '`Storage.write`, big file', 'lib_read_big': '`Storage.read`, big file',
    'lib_write_many': '`Storage.write`, small files', 'lib_read_many': '`Storage.read`, small files',
    'mem_upload': 'upload, big file', 'mem_download': 'download, big file',
    'mem_list_keys': 'list keys to NDJSON', 'mem_files_down': 'files down (`get -r`)',
}
PEERS = ['curl', 'aws', 's3cmd', 'sdk', 'node']
PEER_NAMES = {'curl': 'curl', 'aws': 'aws-cli', 's3cmd': 's3cmd', 'sdk': 'AWS SDK', 'node': '`node -e 0`'}
MEMORY_LIMIT_MIB = {'mem_upload': 150, 'mem_download': 150, 'mem_list_keys': 120, 'mem_files_down': 120}


def size_note(op):
    s = meta['settings']
    if op in ('upload_single', 'upload_multipart', 'download_single', 'download_multipart', 'lib_write_big', 'lib_read_big'):
        return f"{s['big_mib']} MiB"
    if op.startswith('files_') or op in ('lib_write_many', 'lib_read_many'):
        return f"{s['files']} x {s['file_bytes'] // 1024} KiB"
    if op == 'list_keys':
        return f"{s['keys']} keys"
    if op in ('mem_upload', 'mem_download'):
        return f"{s['memory_big_mib']} MiB"
    if op == 'mem_list_keys':
        return f"{s['memory_keys']} keys"
    if op == 'mem_files_down':
        return f"{s['memory_files']} x 4 KiB"
    return ''


def label(op):
    note = size_note(op)
    return f"{LABELS.get(op, op)}{', ' + note if note else ''}"


# --- summary: one row per workload, op and tool, over the counted rounds ---------------------
order = []
for r in runs:
    k = (r['workload'], r['op'])
    if k not in order:
        order.append(k)
summary = []
for w, op in order:
    counted = [r for r in runs if r['workload'] == w and r['op'] == op and r['round'] > 0]
    seen = set(r['tool'] for r in counted)
    tools = [t for t in ['s3'] + PEERS if t in seen] + sorted(seen - set(['s3'] + PEERS))
    for tool in tools:
        secs = [r['seconds'] for r in counted if r['tool'] == tool]
        summary.append({'workload': w, 'op': op, 'tool': tool, 'runs': len(secs),
                        'median_s': statistics.median(secs), 'min_s': min(secs), 'max_s': max(secs),
                        'peak_rss_mib': max(r['max_rss_kib'] for r in counted if r['tool'] == tool) / 1024})


def row(w, op, tool):
    return next((s for s in summary if s['workload'] == w and s['op'] == op and s['tool'] == tool), None)


for s in summary:
    base = row(s['workload'], s['op'], 's3')
    s['s3_over_tool'] = base['median_s'] / s['median_s'] if base and s['median_s'] > 0 else None
    s['s3_minus_tool_ms'] = (base['median_s'] - s['median_s']) * 1000 if base else None


# --- targets (issue 12), checked against this run ---------------------------------------------
def ratio_target(w, op, peer, limit, strict, text):
    s = row(w, op, peer)
    if not s or s['s3_over_tool'] is None:
        return None
    v = s['s3_over_tool']
    return {'target': text, 'measured': f"{v:.2f}x", 'met': v < limit if strict else v <= limit}


targets = []
for op in ('version', 'help'):
    s = row('startup', op, 'node')
    if s:
        targets.append({'target': f"`s3 {LABELS[op].strip('`')}` within 80 ms of `node -e 0`",
                        'measured': f"+{s['s3_minus_tool_ms']:.0f} ms", 'met': s['s3_minus_tool_ms'] <= 80})
targets.append(ratio_target('request', 'bucket_list', 'aws', 0.4, False, '`bucket:list` at most 0.4x aws-cli'))
for op in ('upload_single', 'upload_multipart', 'download_single', 'download_multipart'):
    targets.append(ratio_target('transfer', op, 'curl', 1.15, False, f"{label(op)}: at most 1.15x curl"))
    targets.append(ratio_target('transfer', op, 'aws', 1, True, f"{label(op)}: faster than aws-cli"))
    targets.append(ratio_target('transfer', op, 's3cmd', 1, True, f"{label(op)}: faster than s3cmd"))
for op in ('files_up', 'files_down', 'files_sync', 'files_delete'):
    targets.append(ratio_target('files', op, 'aws', 0.5, False, f"{label(op)}: at most 0.5x aws-cli"))
for op in ('files_up', 'files_down'):
    targets.append(ratio_target('files', op, 's3cmd', 1, True, f"{label(op)}: faster than s3cmd"))
targets.append(ratio_target('listing', 'list_keys', 'aws', 0.5, False, f"{label('list_keys')}: at most 0.5x aws-cli"))
for op, limit in MEMORY_LIMIT_MIB.items():
    s = row('memory', op, 's3')
    if s:
        targets.append({'target': f"{label(op)}: peak RSS under {limit} MiB",
                        'measured': f"{s['peak_rss_mib']:.0f} MiB", 'met': s['peak_rss_mib'] < limit})
for op in ('lib_write_big', 'lib_read_big', 'lib_write_many', 'lib_read_many'):
    s3, sdk = row('library', op, 's3'), row('library', op, 'sdk')
    if s3 and sdk:
        targets.append({'target': f"{label(op)}: at least as fast as the AWS SDK, lower peak RSS",
                        'measured': f"{sdk['s3_over_tool']:.2f}x, {s3['peak_rss_mib']:.0f} vs {sdk['peak_rss_mib']:.0f} MiB",
                        'met': sdk['s3_over_tool'] <= 1 and s3['peak_rss_mib'] < sdk['peak_rss_mib']})
targets = [t for t in targets if t]


# --- markdown --------------------------------------------------------------------------------
def f2(v):
    return '' if v is None else f"{v:.2f}"


m, st = meta['machine'], meta['settings']
md = [f"# s3 benchmark, {meta['started']}{' (quick mode: small sizes, not for the record)' if meta['quick'] else ''}", '',
      f"- machine: {m['cpus']} x {m['cpu']}, {m['memory_gib']} GiB, Linux {m['kernel']}; "
      f"load average {m['load_average_start']} at the start, {m['load_average_end']} at the end",
      f"- server: {meta['server']}; code: {meta['commit']}",
      f"- peers: {meta['versions']['aws']}; {meta['versions']['s3cmd']}; {meta['versions']['curl'].split(' (')[0]}; "
      f"AWS SDK {meta['versions']['aws_sdk']}; Node {meta['versions']['node']}",
      f"- {st['pairs']} counted rounds after {st['warmup']} warm-up, tools in alternation; "
      f"wall time around `/usr/bin/time`, peak RSS its `%M`", '']

glance_peers = [p for p in PEERS if any(s['tool'] == p and s['workload'] != 'memory' for s in summary)]
md += ['## At a glance: s3\'s median wall time over each peer\'s (below 1: s3 is faster)', '',
       '| workload | s3 median s | ' + ' | '.join(PEER_NAMES[p] for p in glance_peers) + ' |',
       '|---|---:|' + '---:|' * len(glance_peers)]
for w, op in order:
    if w == 'memory':
        continue
    base = row(w, op, 's3')
    cells = []
    for p in glance_peers:
        s = row(w, op, p)
        if not s:
            cells.append('')
        elif p == 'node':
            cells.append(f"{s['s3_over_tool']:.2f}x (+{s['s3_minus_tool_ms']:.0f} ms)")
        else:
            cells.append(f"{s['s3_over_tool']:.2f}x")
    md.append(f"| {label(op)} | {f2(base['median_s']) if base else ''} | " + ' | '.join(cells) + ' |')

# The same ratios as bars, one line per peer: a reader sees at once where s3 leads (bar left of
# the | at 1.0) and by how much.
BAR_SCALE = 20  # characters per 1.0x
bars = []
for w, op in order:
    if w == 'memory':
        continue
    for p in glance_peers:
        s = row(w, op, p)
        if not s or p == 'node':
            continue
        r = s['s3_over_tool']
        n = round(min(r, 2.5) * BAR_SCALE)  # beyond 2.5x the bar is cut and ends in '>'
        line = ''.join('#' if i < n else ' ' for i in range(BAR_SCALE)) + '|' + '#' * max(0, n - BAR_SCALE) + ('>' if r > 2.5 else '')
        bars.append(f"{label(op).replace('`', ''):<44} {PEER_NAMES[p].replace('`', ''):<8} {r:5.2f}x {line}")
if bars:
    md += ['', '## The same as bars: s3\'s time over the peer\'s (`|` is 1.0x: left of it, s3 is faster)', '', '```'] + bars + ['```']

if targets:
    md += ['', '## Targets of issue 12 in this run', '', '| target | measured | met |', '|---|---:|---|']
    md += [f"| {t['target']} | {t['measured']} | {'yes' if t['met'] else '**no**'} |" for t in targets]

md += ['', '## Every tool: median, min and max wall time, peak RSS', '',
       '| workload | tool | runs | median s | min s | max s | s3 / tool | peak RSS MiB |',
       '|---|---|---:|---:|---:|---:|---:|---:|']
for s in summary:
    if s['workload'] == 'memory':
        continue
    md.append(f"| {label(s['op'])} | {s['tool']} | {s['runs']} | {s['median_s']:.3f} | {s['min_s']:.3f} | "
              f"{s['max_s']:.3f} | {f2(s['s3_over_tool'])} | {s['peak_rss_mib']:.0f} |")

mem = [s for s in summary if s['workload'] == 'memory']
if mem:
    md += ['', '## Memory: one run each', '', '| workload | tool | s | peak RSS MiB | s3\'s limit MiB |', '|---|---|---:|---:|---:|']
    md += [f"| {label(s['op'])} | {s['tool']} | {s['median_s']:.1f} | {s['peak_rss_mib']:.0f} | "
           f"{MEMORY_LIMIT_MIB.get(s['op'], '')} |" for s in mem]

text = '\n'.join(md) + '\n'
open(out_base + '.md', 'w').write(text)
json.dump({**meta, 'summary': summary, 'targets': targets, 'runs': runs}, open(out_base + '.json', 'w'), indent=2)
print(text)
