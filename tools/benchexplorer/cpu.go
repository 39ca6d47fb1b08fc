package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// chromiumCPU is the CPU time (user and system, ms) of this program's
// descendant processes (the browsers it started) by Chromium process type
// ("browser", "renderer", "gpu-process", ...), read from /proc; nil where
// there is no /proc.
func chromiumCPU() map[string]float64 {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	if len(stats) == 0 {
		return nil
	}
	parent := map[int]int{}
	ticks := map[int]float64{}
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // ended meanwhile
		}
		// pid (comm) state ppid ... utime stime: comm may hold spaces.
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 || i+2 > len(s) {
			continue
		}
		fields := strings.Fields(s[i+2:])
		if len(fields) < 13 {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(f)))
		ppid, _ := strconv.Atoi(fields[1])
		utime, _ := strconv.ParseFloat(fields[11], 64)
		stime, _ := strconv.ParseFloat(fields[12], 64)
		parent[pid] = ppid
		ticks[pid] = utime + stime
	}
	me := os.Getpid()
	out := map[string]float64{}
	for pid, t := range ticks {
		for p := parent[pid]; p > 1; p = parent[p] {
			if p == me {
				// /proc counts in USER_HZ, 100 per second on Linux.
				out[processType(pid)] += t * 10
				break
			}
		}
	}
	return out
}

// processType is a Chromium process's --type (its command line is
// rewritten into one string, so split on spaces too), "browser" without one.
func processType(pid int) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	for _, a := range strings.FieldsFunc(string(b), func(r rune) bool { return r == 0 || r == ' ' }) {
		if t, ok := strings.CutPrefix(a, "--type="); ok {
			return t
		}
	}
	return "browser"
}
