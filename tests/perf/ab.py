#!/usr/bin/env python3
"""Old against new in the same minutes: run two commands alternately and compare medians.

    tests/perf/ab.py RUNS -- OLD_COMMAND... -- NEW_COMMAND...

Each round runs both commands once, in turn (the order flips every round), so that both see the same
minutes of a machine whose speed drifts. Prints, per command, the median and the minimum wall time
and the median CPU time (user + system of the process and its threads), then the ratios new / old.
Output goes to /dev/null; an exit code of 1 (findings) is not an error. See BENCHMARKS.md.
"""

import resource
import statistics
import subprocess
import sys
import time


def main() -> int:
    args = sys.argv[1:]
    if len(args) < 4 or args[1] != "--" or "--" not in args[2:]:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    runs = int(args[0])
    rest = args[2:]
    cut = rest.index("--")
    commands = {"old": rest[:cut], "new": rest[cut + 1 :]}
    wall = {name: [] for name in commands}
    cpu = {name: [] for name in commands}
    for r in range(runs):
        order = ["old", "new"] if r % 2 == 0 else ["new", "old"]
        for name in order:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run(commands[name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wall[name].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if done.returncode > 1:
                print(f"{' '.join(commands[name])} exited with {done.returncode}", file=sys.stderr)
                return 1
    for name in commands:
        print(
            f"{name}: wall median {1000 * statistics.median(wall[name]):.1f} ms, "
            f"min {1000 * min(wall[name]):.1f} ms; CPU median {1000 * statistics.median(cpu[name]):.1f} ms"
        )
    def ratio(f, xs):
        return f(xs["new"]) / f(xs["old"])

    print(
        f"new / old: wall median {ratio(statistics.median, wall):.3f}, "
        f"min {ratio(min, wall):.3f}, CPU median {ratio(statistics.median, cpu):.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
