#!/usr/bin/env python3
"""Summarizes a bench run (scripts/bench.sh).

    summarize.py RUNS.tsv META.json OUT_BASE

RUNS.tsv lines: workload op tool round seconds max_rss_kib [cpu_seconds] (round <= 0: warm-up,
not counted; cpu_seconds, user + sys, is missing in runs from before 2026-12-03).
Writes OUT_BASE.json (settings, machine, every run, the summary, the targets) and OUT_BASE.md
(the same as markdown tables), and prints the markdown. Ratios are s3's median wall time over
the peer's (below 1: s3 is faster), as in issue 12; client CPU seconds per GiB as in issue 19.
"""
import json
import statistics
import sys

runs_path, meta_path, out_base = sys.argv[1:4]
meta = json.load(open(meta_path))
runs = []
for line in open(runs_path):
    if line.strip():
        w, op, tool, rnd, secs, rss, *cpu = line.rstrip('\n').split('\t')
        runs.append({'workload': w, 'op': op, 'tool': tool, 'round': int(rnd),
                     'seconds': float(secs), 'max_rss_kib': int(rss), 'cpu_s': float(cpu[0]) if cpu else None})

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
    'remote_download_single': 'remote: download, single-PUT object', 'remote_download_multipart': 'remote: download, multipart object',
    'remote_upload': 'remote: upload', 'remote_files_up': 'remote: files up', 'remote_files_down': 'remote: files down',
    'cpu_download': 'CPU: download, single-PUT object', 'cpu_upload': 'CPU: upload',
}
PEERS = ['curl', 'aws', 's3cmd', 'rclone', 'sdk', 'node']
PEER_NAMES = {'curl': 'curl', 'aws': 'aws-cli', 's3cmd': 's3cmd', 'rclone': 'rclone', 'sdk': 'AWS SDK', 'node': '`node -e 0`'}
REMOTE_OPS = ['remote_download_single', 'remote_download_multipart', 'remote_upload', 'remote_files_up', 'remote_files_down']
MEMORY_LIMIT_MIB = {'mem_upload': 150, 'mem_download': 150, 'mem_list_keys': 120, 'mem_files_down': 120}


def big_mib(op):
    """MiB one run of OP moves, for the ops that move one big object (CPU per GiB is shown for these)."""
    s = meta['settings']
    if op in ('upload_single', 'upload_multipart', 'download_single', 'download_multipart', 'lib_write_big', 'lib_read_big'):
        return s['big_mib']
    if op in ('remote_download_single', 'remote_download_multipart', 'remote_upload'):
        return s.get('remote_mib')
    if op in ('cpu_download', 'cpu_upload'):
        return s.get('cpu_mib')
    if op in ('mem_upload', 'mem_download'):
        return s['memory_big_mib']
    return None


def size_note(op):
    s = meta['settings']
    if op.startswith('remote_files_'):
        return f"{s['remote_files']} x {s['file_bytes'] // 1024} KiB"
    if big_mib(op) and (op.startswith('remote_') or op.startswith('cpu_')):
        return f"{big_mib(op)} MiB"
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
        cpus = [r['cpu_s'] for r in counted if r['tool'] == tool and r['cpu_s'] is not None]
        cpu = statistics.median(cpus) if cpus else None
        mib = big_mib(op)
        summary.append({'workload': w, 'op': op, 'tool': tool, 'runs': len(secs),
                        'median_s': statistics.median(secs), 'min_s': min(secs), 'max_s': max(secs),
                        'peak_rss_mib': max(r['max_rss_kib'] for r in counted if r['tool'] == tool) / 1024,
                        'median_cpu_s': cpu, 'cpu_s_per_gib': cpu * 1024 / mib if cpu is not None and mib else None})


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


# --- targets of issue 19: the remote model and CPU per byte -------------------------------------
def best_peer(w, op, key, exclude=()):
    peers = [s for s in summary if s['workload'] == w and s['op'] == op and s['tool'] not in ('s3',) + tuple(exclude)
             and s[key] is not None]
    return min(peers, key=lambda s: s[key]) if peers else None


targets19 = []
for op in REMOTE_OPS:
    s3, best = row('remote', op, 's3'), best_peer('remote', op, 'median_s')
    if s3 and best:
        v = s3['median_s'] / best['median_s']
        targets19.append({'target': f"{label(op)}: at most 0.8x the best peer's wall time ({PEER_NAMES[best['tool']]})",
                          'measured': f"{v:.2f}x", 'met': v <= 0.8})
for op in ('cpu_download', 'cpu_upload'):
    s3, best = row('cpu', op, 's3'), best_peer('cpu', op, 'cpu_s_per_gib', exclude=('curl',))
    if s3 and best and s3['cpu_s_per_gib'] is not None:
        v = s3['cpu_s_per_gib'] / best['cpu_s_per_gib']
        targets19.append({'target': f"{label(op)}: CPU per GiB at most 0.8x the least CPU-hungry peer's ({PEER_NAMES[best['tool']]})",
                          'measured': f"{v:.2f}x", 'met': v <= 0.8})


# --- markdown --------------------------------------------------------------------------------
def f2(v):
    return '' if v is None else f"{v:.2f}"


m, st = meta['machine'], meta['settings']
md = [f"# s3 benchmark, {meta['started']}{' (quick mode: small sizes, not for the record)' if meta['quick'] else ''}", '',
      f"- machine: {m['cpus']} x {m['cpu']}, {m['memory_gib']} GiB, Linux {m['kernel']}; "
      f"load average {m['load_average_start']} at the start, {m['load_average_end']} at the end",
      f"- server: {meta['server']}; code: {meta['commit']}",
      f"- peers: {meta['versions']['aws']}; {meta['versions']['s3cmd']}; {meta['versions']['curl'].split(' (')[0]}; "
      f"{meta['versions'].get('rclone') or 'rclone not recorded'}; "
      f"AWS SDK {meta['versions']['aws_sdk']}; Node {meta['versions']['node']}",
      f"- {st['pairs']} counted rounds after {st['warmup']} warm-up, tools in alternation; "
      f"wall time around `/usr/bin/time`, peak RSS its `%M`, client CPU its `%U` + `%S`", '']
if 'remote_mib' in st and any(s['workload'] == 'remote' for s in summary):
    md[-1:-1] = [f"- remote model: bench/shaping-proxy.ts in front of the server, {st['remote_rate']}/s per connection each way, "
                 f"every chunk {st['remote_delay_ms']} ms late"]
if 'cpu_mib' in st and any(s['workload'] == 'cpu' for s in summary):
    md[-1:-1] = [f"- CPU workload: median of {st['cpu_rounds']} runs of each tool, direct to the server"]

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

remote_rows = [(op, row('remote', op, 's3')) for op in REMOTE_OPS if row('remote', op, 's3')]
if remote_rows:
    md += ['', '## Remote model: median wall seconds through the shaping proxy', '',
           '| workload | s3 | aws-cli | rclone | s3 / best peer |', '|---|---:|---:|---:|---:|']
    for op, s3 in remote_rows:
        cells = [row('remote', op, t) for t in ('aws', 'rclone')]
        best = best_peer('remote', op, 'median_s')
        ratio = f"{s3['median_s'] / best['median_s']:.2f}x" if best else ''
        md.append(f"| {label(op)} | {s3['median_s']:.2f} | " + ' | '.join(f2(c['median_s']) if c else '' for c in cells) + f" | {ratio} |")

cpu_rows = [(w, op) for w, op in order if any(s['cpu_s_per_gib'] is not None for s in summary if s['workload'] == w and s['op'] == op)]
if cpu_rows:
    cpu_tools = [t for t in ['s3'] + PEERS if any(s['tool'] == t and s['cpu_s_per_gib'] is not None for s in summary)]
    md += ['', '## Client CPU seconds per GiB (user + sys, median), every big transfer', '',
           '| workload | ' + ' | '.join(PEER_NAMES.get(t, t) for t in cpu_tools) + ' | s3 / least peer |',
           '|---|' + '---:|' * len(cpu_tools) + '---:|']
    for w, op in cpu_rows:
        cells = [row(w, op, t) for t in cpu_tools]
        s3, best = row(w, op, 's3'), best_peer(w, op, 'cpu_s_per_gib', exclude=('curl',))
        ratio = f"{s3['cpu_s_per_gib'] / best['cpu_s_per_gib']:.2f}x" if s3 and best and s3['cpu_s_per_gib'] else ''
        md.append(f"| {label(op)} | " + ' | '.join(f2(c['cpu_s_per_gib']) if c else '' for c in cells) + f" | {ratio} |")

if targets:
    md += ['', '## Targets of issue 12 in this run', '', '| target | measured | met |', '|---|---:|---|']
    md += [f"| {t['target']} | {t['measured']} | {'yes' if t['met'] else '**no**'} |" for t in targets]
if targets19:
    md += ['', '## Targets of issue 19 in this run', '', '| target | measured | met |', '|---|---:|---|']
    md += [f"| {t['target']} | {t['measured']} | {'yes' if t['met'] else '**no**'} |" for t in targets19]

md += ['', '## Every tool: median, min and max wall time, peak RSS', '',
       '| workload | tool | runs | median s | min s | max s | s3 / tool | peak RSS MiB | CPU s |',
       '|---|---|---:|---:|---:|---:|---:|---:|---:|']
for s in summary:
    if s['workload'] == 'memory':
        continue
    md.append(f"| {label(s['op'])} | {s['tool']} | {s['runs']} | {s['median_s']:.3f} | {s['min_s']:.3f} | "
              f"{s['max_s']:.3f} | {f2(s['s3_over_tool'])} | {s['peak_rss_mib']:.0f} | {f2(s['median_cpu_s'])} |")

mem = [s for s in summary if s['workload'] == 'memory']
if mem:
    md += ['', '## Memory: one run each', '', '| workload | tool | s | peak RSS MiB | s3\'s limit MiB |', '|---|---|---:|---:|---:|']
    md += [f"| {label(s['op'])} | {s['tool']} | {s['median_s']:.1f} | {s['peak_rss_mib']:.0f} | "
           f"{MEMORY_LIMIT_MIB.get(s['op'], '')} |" for s in mem]

text = '\n'.join(md) + '\n'
open(out_base + '.md', 'w').write(text)
json.dump({**meta, 'summary': summary, 'targets': targets + targets19, 'runs': runs}, open(out_base + '.json', 'w'), indent=2)
print(text)
