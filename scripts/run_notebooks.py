#!/usr/bin/python3
"""Execute notebooks headless on the tslab kernel and report failures with their real error.

usage: run_notebooks.py [--report DIR] [--full] [--timeout S] [--no-execute] PATH...   (PATH: .ipynb files or folders)

nbconvert alone prints only '<Error>: ' for a failing tslab cell: the kernel reports compile and
runtime errors as stderr text. This runner prints the failing cell's source, its stderr and error
outputs, one PASS/FAIL line per notebook, a closing 'N passed, N failed' line, and exits 1 on any
failure. Notebooks run with ABLAB_SCALE=small (their parameter cells read it), or ABLAB_SCALE=full with --full.
With --report DIR it writes DIR/<name>.html and the executed, signed DIR/<name>.ipynb. The HTML uses
the project's own nbconvert template (scripts/nbconvert/ablab: stylesheet inlined, no prompts, no
jQuery/RequireJS/MathJax, so nothing is loaded from file:// or the network; plotly.js is inlined by
the notebooks' outputs): standalone and offline. --no-execute only converts already executed
notebooks. scripts/check_report.sh verifies the result in headless Chromium.
"""
import argparse, os, pathlib, sys, time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError


def notebook_paths(paths):
    for p in map(pathlib.Path, paths):
        if p.is_dir():
            yield from sorted(q for q in p.glob('*.ipynb') if '.ipynb_checkpoints' not in q.parts)
        else:
            yield p


def indent(text, prefix='    '):
    return prefix + text.rstrip().replace('\n', '\n' + prefix)


def describe_failure(nb):
    """The failing cell is the last one that started executing."""
    started = [(i, c) for i, c in enumerate(nb.cells)
               if c.cell_type == 'code' and c.get('metadata', {}).get('execution')]
    if not started:
        return '  (no cell started: the kernel did not come up)'
    i, cell = started[-1]
    lines = [f'  failing cell #{i} (execution count {cell.get("execution_count")}):', indent(cell.source)]
    for out in cell.get('outputs', []):
        if out.get('output_type') == 'stream' and out.get('name') == 'stderr':
            lines += ['  stderr:', indent(out['text'])]
        elif out.get('output_type') == 'error':
            lines += ['  error:', indent(f"{out.get('ename')}: {out.get('evalue')}\n" + '\n'.join(out.get('traceback', [])))]
    return '\n'.join(lines)


TEMPLATES = pathlib.Path(__file__).resolve().parent / 'nbconvert'


def report_html(nb):
    """Standalone HTML of an executed notebook with the project's template (see module docstring)."""
    from nbconvert import HTMLExporter
    exporter = HTMLExporter(extra_template_basedirs=[str(TEMPLATES)], template_name='ablab',
                            exclude_input_prompt=True, exclude_output_prompt=True)
    html, _ = exporter.from_notebook_node(nb)
    return html


def export_report(nb, path, report_dir):
    from nbformat.sign import NotebookNotary
    report_dir.mkdir(parents=True, exist_ok=True)
    NotebookNotary().sign(nb)  # executed outputs are ours: trusted when reopened in Notebook 6
    nbformat.write(nb, report_dir / path.name)
    (report_dir / path.with_suffix('.html').name).write_text(report_html(nb), encoding='utf-8')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('paths', nargs='+')
    ap.add_argument('--report', type=pathlib.Path, help='write HTML reports and executed notebooks here')
    ap.add_argument('--full', action='store_true', help='run at the notebooks\' full settings')
    ap.add_argument('--timeout', type=int, default=900, help='seconds per cell')
    ap.add_argument('--no-execute', action='store_true', help='convert already executed notebooks to --report DIR only')
    args = ap.parse_args()
    if args.no_execute:
        if not args.report:
            ap.error('--no-execute needs --report DIR')
        for path in notebook_paths(args.paths):
            export_report(nbformat.read(path, as_version=4), path, args.report)
            print(f'     report: {args.report / path.with_suffix(".html").name}', flush=True)
        return
    # Notebooks read ABLAB_SCALE in their parameter cell: 'small' is what they run as opened.
    os.environ['ABLAB_SCALE'] = 'full' if args.full else 'small'
    passed = failed = 0
    for path in notebook_paths(args.paths):
        nb = nbformat.read(path, as_version=4)
        kernel = nb.metadata.get('kernelspec', {}).get('name', 'tslab')
        client = NotebookClient(nb, kernel_name=kernel, timeout=args.timeout, record_timing=True,
                                resources={'metadata': {'path': str(path.parent.resolve())}})
        t0 = time.time()
        try:
            client.execute()
        except (CellExecutionError, DeadKernelError, TimeoutError) as exc:
            failed += 1
            print(f'FAIL {path} ({time.time() - t0:.1f}s): {type(exc).__name__}', flush=True)
            print(describe_failure(nb), flush=True)
            continue
        passed += 1
        print(f'PASS {path} ({time.time() - t0:.1f}s)', flush=True)
        if args.report:
            export_report(nb, path, args.report)
            print(f'     report: {args.report / path.with_suffix(".html").name}', flush=True)
    print(f'notebooks: {passed} passed, {failed} failed', flush=True)
    sys.exit(1 if failed or not passed else 0)


if __name__ == '__main__':
    main()
