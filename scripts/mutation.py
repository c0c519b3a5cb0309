"""Mutation testing of the domain and IO modules and the glue's logic with mutmut: run it, then print the score
and the survivors.

Not part of CI (it takes from minutes to hours, depending on the machine); run it before a release:

    python scripts/mutation.py                      # every module below, smallest first, then the report
    python scripts/mutation.py kpis trade           # only these modules (the others keep their last results)
    python scripts/mutation.py ui.view_memory       # a module of the Streamlit glue (ui/)
    python scripts/mutation.py --survivors kpis     # re-test only the survivors (after adding tests)
    python scripts/mutation.py --report             # no run: the report of the results in mutants/
    python scripts/mutation.py --report --diffs     # ... with the diff of every surviving mutant

Which files are mutated and which tests run is configured in pyproject.toml ([tool.mutmut]): the fast unit
tests only (no tests/app, tests/e2e, benchmarks or fuzz tests). Of ui/export_menu.py only the functions in
MEASURED run: the others draw widgets, tested by the AppTest pages (tests/app), too slow to run for each mutant. mutmut works in mutants/ (git-ignored,
never collected by pytest) and keeps its results there, so a second run only re-tests what changed.
mutmut runs under `nice -n 19` with at most --max-children children (default 2): the machine stays usable.

The score of a module is killed / (mutants checked): a mutant that times out counts as killed (the tests
noticed), one no test covers ("no tests") counts as a survivor. docs/testing.md lists the survivors
judged equivalent, with the reason.
"""

from __future__ import annotations

import argparse
import fnmatch
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Smallest first: a partial run still gives whole modules.
# Dotted below partnership/ (a module of a subpackage as "io.raw"); the glue's modules as "ui.<module>".
MODULES = (
    "ui.deep_links",
    "ui.view_memory",
    "ui.export_menu",
    "refresh",
    "comtrade_api",
    "kpis",
    "export.tables",
    "trade",
    "projects",
    "agreements",
    "scenarios",
    "comtrade",
    "io.comtrade_file",
    "io.read_table",
    "io.raw",
)
# Modules of which only some functions are measured ("Class.method" for a method).
MEASURED = {
    "ui.export_menu": (
        "View.provenance",
        "start_view",
        "current_view",
        "file_stem",
        "plotly_config",
        "_csv",
        "remember",
        "remember_text",
        "_url_parameters",
        "view_link",
        "_overview_tables",
        "make_report",
        "_briefing_html",
    ),
}
KILLED = {"killed", "timeout", "caught by type check"}
NOT_RUN = {"not checked", "skipped", "check was interrupted by user"}
# The console script, not `python -m mutmut` (mutmut warns that the module form can import the unmutated code).
MUTMUT = shutil.which("mutmut") or str(Path(sys.executable).with_name("mutmut"))
# A mutant's name is <module>.x_<function>__mutmut_<n> or <module>.xǁ<class>ǁ<method>__mutmut_<n>.
RESULT_LINE = re.compile(r"^\s*(?P<name>(?P<package>partnership|ui)\.(?P<module>[\w.]+?)\.x[_ǁ]\S+): (?P<status>.+)$")


def dotted(module: str) -> str:
    """The module's import name: "io.raw" is partnership.io.raw, "ui.view_memory" is itself."""
    return module if module.startswith("ui.") else f"partnership.{module}"


def patterns_of(module: str) -> list[str]:
    """mutmut's name patterns for the mutants of `module` (of its MEASURED functions only, if listed)."""
    if module not in MEASURED:
        return [f"{dotted(module)}.*"]
    names = (f"xǁ{'ǁ'.join(f.split('.'))}" if "." in f else f"x_{f}" for f in MEASURED[module])
    return [f"{dotted(module)}.{name}__mutmut_*" for name in names]


def refresh_copied_files() -> None:
    """Copy partnership/'s non-Python files (locales, …) into mutants/ again.

    mutmut regenerates mutants/'s .py files when their source changed, but copies any other file only
    when mutants/ has none yet: after a locale file changes, the tests would read the old one and fail
    on the unmutated code ("failed to collect stats").
    """
    for package in ("partnership", "ui"):
        source = ROOT / package
        target = ROOT / "mutants" / package
        if not target.is_dir():
            continue  # mutmut's first run copies everything
        for path in source.rglob("*"):
            if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts:
                copied = target / path.relative_to(source)
                copied.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, copied)


def run_mutmut(patterns: list[str], max_children: int) -> int:
    refresh_copied_files()
    command = ["nice", "-n", "19", MUTMUT, "run", "--max-children", str(max_children), *patterns]
    print("$", " ".join(command), flush=True)
    return subprocess.run(command, cwd=ROOT, check=False).returncode


def results() -> dict[str, dict[str, str]]:
    """{module: {mutant name: status}} from mutmut's stored results."""
    done = subprocess.run([MUTMUT, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True)
    by_module: dict[str, dict[str, str]] = defaultdict(dict)
    for line in done.stdout.splitlines():
        found = RESULT_LINE.match(line)
        if found:
            by_module[f"{found['package']}.{found['module']}"][found["name"]] = found["status"].strip()
    return by_module


def of_module(by_module: dict[str, dict[str, str]], module: str) -> dict[str, str]:
    """The results of `module` and of its submodules (`scenarios` holds scenarios.growth, scenarios.history …),
    of its MEASURED functions only if listed."""
    full = dotted(module)
    found = {n: s for m, f in by_module.items() if m == full or m.startswith(f"{full}.") for n, s in f.items()}
    return {n: s for n, s in found.items() if any(fnmatch.fnmatchcase(n, p) for p in patterns_of(module))}


def report(modules: list[str], diffs: bool) -> bool:
    """Print the score table and the survivors; True when every reported module reaches 90 %."""
    by_module = results()
    print()
    print("| module | mutants | killed | timeout | survived | no tests | not run | score |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    all_good = True
    survivors: dict[str, list[str]] = {}
    status_of = {n: s for found in by_module.values() for n, s in found.items()}
    for module in modules:
        statuses = of_module(by_module, module)
        counts = Counter(statuses.values())
        checked = sum(n for status, n in counts.items() if status not in NOT_RUN)
        killed = sum(n for status, n in counts.items() if status in KILLED)
        not_run = sum(n for status, n in counts.items() if status in NOT_RUN)
        score = f"{100 * killed / checked:.1f} %" if checked else "–"
        all_good &= bool(checked) and killed / checked >= 0.9 and not not_run
        print(
            f"| {module} | {len(statuses)} | {counts['killed']} | {counts['timeout']} | {counts['survived']} "
            f"| {counts['no tests']} | {not_run} | {score} |"
        )
        survivors[module] = sorted(name for name, status in statuses.items() if status not in KILLED | NOT_RUN)
    for module, names in survivors.items():
        if not names:
            continue
        print(f"\n## {module}: {len(names)} surviving")
        for name in names:
            print(f"  {name}: {status_of[name]}")
            if diffs:
                shown = subprocess.run([MUTMUT, "show", name], cwd=ROOT, capture_output=True, text=True)
                print("    " + "\n    ".join(shown.stdout.strip().splitlines()))
    return all_good


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help=f"modules to run (default: all): {', '.join(MODULES)}")
    parser.add_argument("--report", action="store_true", help="no run, only the report of the stored results")
    parser.add_argument("--survivors", action="store_true", help="re-test only the mutants that survived the last run")
    parser.add_argument("--diffs", action="store_true", help="print the diff of every surviving mutant")
    parser.add_argument("--max-children", type=int, default=2, help="parallel test processes (default 2)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.modules) - set(MODULES))
    if unknown:
        parser.error(f"unknown module(s) {', '.join(unknown)}; choose from {', '.join(MODULES)}")
    modules = [m for m in MODULES if m in args.modules] if args.modules else list(MODULES)
    if not args.report:
        if args.survivors:
            stored = results()
            patterns = sorted(n for m in modules for n, status in of_module(stored, m).items() if status not in KILLED | NOT_RUN)
        else:
            patterns = [p for module in modules for p in patterns_of(module)]
        code = run_mutmut(patterns, args.max_children) if patterns else 0
        if code not in (0, 1):  # mutmut's own failure (1 only says mutants survived in some versions)
            print(f"mutmut run ended with {code}", file=sys.stderr)
    return 0 if report(modules, args.diffs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
