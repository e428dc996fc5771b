"""Start-up cost of the language choice and the catalog (issue 10: under 5%).

    python tools/bench_i18n.py BASELINE_SOURCE_DIR [RUNS]

BASELINE_SOURCE_DIR holds the tracker package before i18n (e.g. from
`git archive 0ff9184 tracker | tar -x -C /tmp/base`). Runs `tracker --help` and
`tracker case list` interleaved: baseline, this tree in English, this tree in
Kiswahili (LANG=sw_KE.UTF-8 and a config.toml to read); prints medians and ratios.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the editable install's finder would load this tree every time: PYTHONPATH decides
RUN = (
    "import sys; sys.meta_path = [f for f in sys.meta_path if 'ditable' not in repr(f)]; "
    "from tracker.cli import main; sys.argv = ['tracker', *sys.argv[1:]]; main()"
)


def main() -> None:
    base, runs = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 21
    home = Path(tempfile.mkdtemp())
    (home / "config.toml").write_text('company = "Amazon"\n')
    clean = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES")}
    clean |= {"TRACKER_HOME": str(home), "COLUMNS": "80"}
    setups = {
        "baseline": clean | {"PYTHONPATH": str(base)},
        "en": clean | {"PYTHONPATH": str(ROOT)},
        "sw": clean | {"PYTHONPATH": str(ROOT), "LANG": "sw_KE.UTF-8"},
    }
    commands = {"--help": ["--help"], "case list": ["case", "list"]}
    times = {(s, c): [] for s in setups for c in commands}
    for args in commands.values():  # create the database once
        subprocess.run([sys.executable, "-c", RUN, *args], env=setups["en"], capture_output=True)
    for _ in range(runs):
        for c, args in commands.items():
            for s, env in setups.items():
                start = time.perf_counter()
                subprocess.run([sys.executable, "-c", RUN, *args], env=env, capture_output=True)
                times[s, c].append(time.perf_counter() - start)
    for c in commands:
        base_ms = statistics.median(times["baseline", c]) * 1000
        for s in setups:
            ms = statistics.median(times[s, c]) * 1000
            print(f"{c:10} {s:9} median {ms:7.1f} ms  ratio {ms / base_ms:.3f}")


if __name__ == "__main__":
    main()
