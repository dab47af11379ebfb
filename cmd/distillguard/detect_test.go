package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"

	"github.com/distillguard/distillguard/internal/findings"
	"github.com/distillguard/distillguard/internal/simulate"
)

func cli(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(&env{stdin: strings.NewReader(""), stdout: &o, stderr: &e}, args)
	return code, o.String(), e.String()
}

// corruptCopy writes a plain copy of a zstd exchange log with one bad line
// of every kind after every thousandth line, and returns the bad line
// numbers.
func corruptCopy(t *testing.T, src, dst string) []int {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := zstd.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	bad := []string{
		`{"ts":"2026-05-01T12:00:00Z","account_id":"x"`,
		`{"account_id":"no-ts"}`,
		`{"ts":"2026-05-01T12:00:00Z"}`,
		`{"ts":"2026-05-01T12:00:00Z","account_id":"x","turns":"two"}`,
		`{"ts":"01/05/2026","account_id":"x"}`,
		"{\"ts\":\"2026-05-01T12:00:00Z\",\"account_id\":\"x\",\"prompt\":\"\xff\"}",
		`{"ts":"2026-05-01T12:00:00Z","account_id":"x","prompt":"` + strings.Repeat("a", 1<<20) + `"}`,
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 4<<20)
	w := bufio.NewWriter(out)
	line, k := 0, 0
	var badLines []int
	for sc.Scan() {
		w.Write(sc.Bytes())
		w.WriteByte('\n')
		line++
		if line%1000 == 0 {
			w.WriteString(bad[k%len(bad)] + "\n")
			line++
			badLines = append(badLines, line)
			k++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return badLines
}

func campaignAccounts(t *testing.T, path string) [][]string {
	t.Helper()
	d, err := findings.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, c := range d.Campaigns {
		a := slices.Clone(c.Accounts)
		slices.Sort(a)
		out = append(out, a)
	}
	return out
}

func TestDetectCLIOnDirtyInput(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates traffic")
	}
	dir := t.TempDir()
	if _, err := simulate.Run(context.Background(), simulate.Options{Scenario: "incident-2026-06", Scale: 0.01, Seed: 77, NoText: true, OutDir: dir}); err != nil {
		t.Fatal(err)
	}
	clean := filepath.Join(dir, "clean.json")
	code, out, errOut := cli("detect", "--exchanges", filepath.Join(dir, simulate.ExchangesZstdFile),
		"--accounts", filepath.Join(dir, simulate.AccountsFile), "--models", filepath.Join(dir, simulate.ModelsFile), "--out", clean)
	if code != exitOK {
		t.Fatalf("clean detect exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "campaign dg-") || !strings.Contains(out, "targeting agentic") {
		t.Fatalf("report lacks the campaign headline:\n%s", out)
	}

	dirty := filepath.Join(dir, "dirty.jsonl")
	badLines := corruptCopy(t, filepath.Join(dir, simulate.ExchangesZstdFile), dirty)
	dirtyOut := filepath.Join(dir, "dirty.json")
	code, out, errOut = cli("detect", "--exchanges", dirty, "--accounts", filepath.Join(dir, simulate.AccountsFile),
		"--models", filepath.Join(dir, simulate.ModelsFile), "--out", dirtyOut)
	if code != exitOK {
		t.Fatalf("dirty detect exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "dirty.jsonl:1001: invalid JSON") {
		t.Fatalf("first bad line not reported with its number:\n%s", out)
	}
	for _, reason := range []string{"missing ts", "missing account_id", "wrong type", "bad timestamp", "invalid UTF-8", "line longer than 1 MiB"} {
		if !strings.Contains(out, reason) {
			t.Errorf("reason %q not reported", reason)
		}
	}
	d, err := findings.ReadFile(dirtyOut)
	if err != nil {
		t.Fatal(err)
	}
	if d.Input.RejectedLines != int64(len(badLines)) {
		t.Fatalf("rejected %d lines, want %d", d.Input.RejectedLines, len(badLines))
	}
	if a, b := campaignAccounts(t, clean), campaignAccounts(t, dirtyOut); !slices.EqualFunc(a, b, slices.Equal[[]string]) {
		t.Fatalf("dirty input changed the campaigns: %d vs %d", len(a), len(b))
	}

	code, _, errOut = cli("detect", "--strict", "--exchanges", dirty, "--out", filepath.Join(dir, "strict.json"), "--quiet")
	if code != exitUsage || !strings.Contains(errOut, "dirty.jsonl:1001") {
		t.Fatalf("strict: exit %d, %q", code, errOut)
	}
}

func TestDetectCLIUsage(t *testing.T) {
	if code, out, _ := cli("detect", "--help"); code != exitOK || !strings.Contains(out, "--exchanges") || !strings.Contains(out, "Examples:") {
		t.Fatalf("--help: exit %d\n%s", code, out)
	}
	if code, _, errOut := cli("detect"); code != exitUsage || !strings.Contains(errOut, "--exchanges is required") {
		t.Fatalf("no input: exit %d %q", code, errOut)
	}
	if code, _, errOut := cli("detect", "--exchanges", "/nonexistent/x.jsonl"); code != exitUsage || !strings.Contains(errOut, "cannot open") {
		t.Fatalf("missing file: exit %d %q", code, errOut)
	}
	if code, out, _ := cli("detect", "--print-config"); code != exitOK || !strings.Contains(out, `"min_accounts"`) {
		t.Fatalf("--print-config: exit %d", code)
	}
	// stdin works too.
	var o, e bytes.Buffer
	line := `{"ts":"2026-05-01T12:00:00Z","account_id":"a"}` + "\n"
	code := run(&env{stdin: io.MultiReader(strings.NewReader(line)), stdout: &o, stderr: &e}, []string{"detect", "--exchanges", "-", "--out", filepath.Join(t.TempDir(), "f.json")})
	if code != exitOK || !strings.Contains(o.String(), "No distillation campaign found") {
		t.Fatalf("stdin: exit %d %s %s", code, o.String(), e.String())
	}
}

func TestDemoCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates traffic")
	}
	code, out, errOut := cli("demo", "--seed", "11")
	if code != exitOK {
		t.Fatalf("demo exit %d: %s", code, errOut)
	}
	for _, want := range []string{"campaign dg-", "Graded against the simulator's answer key", "campaign-1 (250 accounts): reported as"} {
		if !strings.Contains(out, want) {
			t.Fatalf("demo output lacks %q:\n%s", want, out)
		}
	}
}
