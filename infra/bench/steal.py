#!/usr/bin/env python3
"""Samples the steal time of every CPU (/proc/stat) every 5 ms until SIGTERM.

On a virtual machine, steal is time a vCPU was ready to run but the host ran something else: the
guest's threads stop for that long, wherever they were. Writes one line per change,
"<unix time> <cpu> <steal ms since the previous line for that cpu>", to the file given, and at the
end a summary line "total <cpu> <ms>" per CPU. Usage: steal.py FILE
"""
import signal
import sys
import time

HZ = 100  # USER_HZ: /proc/stat counts in 1/100 s


def read():
    steal = {}
    with open("/proc/stat") as stat:
        for line in stat:
            if line.startswith("cpu") and line[3].isdigit():
                fields = line.split()
                steal[fields[0]] = int(fields[8])
    return steal


def main():
    out = open(sys.argv[1], "w")
    running = [True]
    signal.signal(signal.SIGTERM, lambda *_: running.__setitem__(0, False))
    signal.signal(signal.SIGINT, lambda *_: running.__setitem__(0, False))
    first = last = read()
    while running[0]:
        time.sleep(0.005)
        now = read()
        for cpu, ticks in now.items():
            if ticks != last.get(cpu, ticks):
                out.write(f"{time.time():.3f} {cpu} {(ticks - last[cpu]) * 1000 // HZ}\n")
        last = now
    for cpu, ticks in last.items():
        out.write(f"total {cpu} {(ticks - first.get(cpu, ticks)) * 1000 // HZ}\n")
    out.close()


main()
