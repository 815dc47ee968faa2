#!/usr/bin/env python3
"""Paired timing of two commands: A and B run in turn (A B A B ...), after one warm-up each, and
the ratio A/B is taken pair by pair, so that a machine whose speed drifts still gives a fair
ratio. Prints the medians (with min and max) of wall and CPU seconds and of the ratios.

Usage: scripts/paired.py [-n RUNS] --vs 'COMMAND_B' -- COMMAND_A [ARG ...]
A command that needs a shell is written as sh -c '...'. Output is discarded.
"""
import argparse
import resource
import shlex
import statistics
import subprocess
import time


def timed(cmd):
    """Wall and CPU (user + system) seconds of one run of `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def spread(values):
    return f"{statistics.median(values):8.3f} ({min(values):.3f}-{max(values):.3f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5, help="pairs timed (default 5)")
    parser.add_argument("--vs", required=True, help="command B, split as a shell splits words")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="command A, after --")
    args = parser.parse_args()
    a_cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    b_cmd = shlex.split(args.vs)
    timed(a_cmd), timed(b_cmd)
    runs = [(timed(a_cmd), timed(b_cmd)) for _ in range(args.n)]
    for label, pick in (("wall s", 0), ("cpu s", 1)):
        a = [r[0][pick] for r in runs]
        b = [r[1][pick] for r in runs]
        print(f"A {label:7} {spread(a)}   B {label:7} {spread(b)}")
        print(f"A/B {label[:-2]:5}   {spread([x / y for x, y in zip(a, b)])}x  (median of {args.n} pairs)")


if __name__ == "__main__":
    main()
