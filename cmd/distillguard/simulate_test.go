package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/distillguard/distillguard/internal/truth"
)

// TestSimulateCommand runs the simulate command in-process, end to end.
func TestSimulateCommand(t *testing.T) {
	run1 := func(args ...string) (int, string, string) {
		t.Helper()
		var out, errb bytes.Buffer
		code := run(&env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, append([]string{"simulate"}, args...))
		return code, out.String(), errb.String()
	}

	dir := t.TempDir()
	code, out, errs := run1("--scenario", "incident-2026-06", "--no-text", "--start", "2026-04-20", "--end", "2026-04-24",
		"--knob", "camouflage=0.2", "--knob", "jitter=0.5", "--seed", "3", "--out", dir)
	if code != exitOK {
		t.Fatalf("exit %d, stderr: %s", code, errs)
	}
	for _, f := range []string{"exchanges.jsonl.zst", "accounts.jsonl", "models.jsonl", "truth.json"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty: %v", f, err)
		}
		if !strings.Contains(out, f) {
			t.Errorf("summary does not name %s:\n%s", f, out)
		}
	}
	for _, w := range []string{"exchanges:", "accounts:", "campaigns: 1", "campaign-1"} {
		if !strings.Contains(out, w) {
			t.Errorf("summary lacks %q:\n%s", w, out)
		}
	}
	d, err := truth.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Seed != 3 || d.Knobs["camouflage"] != 0.2 || d.Knobs["jitter"] != 0.5 || len(d.Campaigns) != 1 || d.Input.Exchanges == 0 {
		t.Errorf("truth: seed %d knobs %v campaigns %d exchanges %d", d.Seed, d.Knobs, len(d.Campaigns), d.Input.Exchanges)
	}
	if d.Input.FirstTS[:10] != "2026-04-20" || d.Input.LastTS[:10] != "2026-04-24" {
		t.Errorf("period %s .. %s, want 2026-04-20 .. 2026-04-24", d.Input.FirstTS, d.Input.LastTS)
	}

	// Uncompressed output.
	dir2 := t.TempDir()
	if code, _, errs := run1("--scenario", "lookalikes", "--no-text", "--compress", "none", "--start", "2026-03-10", "--end", "2026-03-11", "--out", dir2); code != exitOK {
		t.Fatalf("lookalikes: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir2, "exchanges.jsonl")); err != nil {
		t.Errorf("--compress none: %v", err)
	}

	// --list and --help.
	code, out, _ = run1("--list")
	if code != exitOK || !strings.Contains(out, "incident-2026-06") || !strings.Contains(out, "proxy_pool") || !strings.Contains(out, "default") {
		t.Errorf("--list: exit %d, output:\n%s", code, out)
	}
	code, out, _ = run1("--help")
	if code != exitOK || !strings.Contains(out, "--knob") && !strings.Contains(out, "-knob") || !strings.Contains(out, "Examples") {
		t.Errorf("--help: exit %d, output:\n%s", code, out)
	}

	// Usage errors: exit 2 with a message that says what to do.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--out", dir}, "--scenario is required"},
		{[]string{"--scenario", "incident-2026-06"}, "--out"},
		{[]string{"--scenario", "nope", "--out", dir}, "unknown scenario"},
		{[]string{"--scenario", "incident-2026-06", "--knob", "nope=1", "--out", dir}, "unknown knob"},
		{[]string{"--scenario", "incident-2026-06", "--knob", "jitter=7", "--out", dir}, "outside"},
		{[]string{"--scenario", "incident-2026-06", "--knob", "jitter", "--out", dir}, "name=value"},
		{[]string{"--scenario", "incident-2026-06", "--compress", "gzip", "--out", dir}, "compression"},
		{[]string{"--scenario", "incident-2026-06", "--scale", "-1", "--out", dir}, "scale"},
		{[]string{"--scenario", "incident-2026-06", "--start", "April", "--out", dir}, "date"},
		{[]string{"--scenario", "incident-2026-06", "stray", "--out", dir}, "unexpected argument"},
	} {
		code, _, errs := run1(tc.args...)
		if code != exitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, errs, exitUsage, tc.want)
		}
	}
}
