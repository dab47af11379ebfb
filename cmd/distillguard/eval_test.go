package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/distillguard/distillguard/internal/evaluate"
)

// The eval tests use the golden scenarios of internal/evaluate, whose figures
// are worked out by hand in that package's tests.
var evalData = filepath.Join("..", "..", "internal", "evaluate", "testdata")

func evalScenario(name, file string) string { return filepath.Join(evalData, name, file) }

// evalRun runs the CLI in-process and returns its exit code and outputs.
func evalRun(stdin string, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(&env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut}, args)
	return code, out.String(), errOut.String()
}

func evalArgs(name string, extra ...string) []string {
	return append([]string{"eval", "--findings", evalScenario(name, "findings.json"), "--truth", evalScenario(name, "truth.json")}, extra...)
}

// TestEvalGates: each gate flag passes and fails through the CLI's exit code
// (0 pass, 1 fail), on the mixed figures (F1 0.7879; worst recall 0.9, purity
// 0.75, headline error 36%, time error 12 h; camp-a top-3 differs; one
// false campaign; camp-a split) and on perfect findings.
func TestEvalGates(t *testing.T) {
	f := func(scenarioName string, wantCode int, gate ...string) {
		t.Helper()
		code, out, errOut := evalRun("", evalArgs(scenarioName, gate...)...)
		if code != wantCode {
			t.Errorf("eval %s %v: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", scenarioName, gate, code, wantCode, out, errOut)
		}
		verdict := "Verdict: PASS"
		if wantCode == exitFindings {
			verdict = "Verdict: FAIL"
		}
		if len(gate) > 0 && !strings.Contains(out, verdict) {
			t.Errorf("eval %s %v: no %q line in:\n%s", scenarioName, gate, verdict, out)
		}
	}
	f("mixed", exitOK) // no gates: the report alone, exit 0 whatever the figures
	f("mixed", exitOK, "--min-f1", "0.78")
	f("mixed", exitFindings, "--min-f1", "0.79")
	f("mixed", exitOK, "--min-recall", "0.9")
	f("mixed", exitFindings, "--min-recall", "0.95")
	f("mixed", exitOK, "--min-purity", "0.75")
	f("mixed", exitFindings, "--min-purity", "0.98")
	f("mixed", exitOK, "--max-headline-error", "0.36")
	f("mixed", exitFindings, "--max-headline-error", "0.02")
	f("mixed", exitOK, "--max-time-error", "12h")
	f("mixed", exitFindings, "--max-time-error", "11h")
	f("mixed", exitFindings, "--top3")
	f("perfect", exitOK, "--top3")
	f("mixed", exitOK, "--max-false-campaigns", "1")
	f("mixed", exitFindings, "--max-false-campaigns", "0")
	f("lookalikes-clean", exitOK, "--max-false-campaigns", "0", "--min-f1", "0.97", "--min-recall", "0.95")
	f("lookalikes", exitFindings, "--max-false-campaigns", "0")
	f("mixed", exitFindings, "--one-campaign")
	f("splinter", exitOK, "--one-campaign")
	f("no-findings", exitFindings, "--min-recall", "0.01")
	// One failing gate among passing ones fails the run.
	f("mixed", exitFindings, "--min-f1", "0.5", "--max-time-error", "24h", "--one-campaign")
	f("perfect", exitOK, "--min-f1", "1", "--min-purity", "1", "--min-recall", "1", "--max-headline-error", "0",
		"--max-time-error", "0s", "--top3", "--max-false-campaigns", "0", "--one-campaign")
}

// TestEvalText: the CLI prints exactly the golden text report of the
// evaluate package when given the same (standard) gates.
func TestEvalText(t *testing.T) {
	code, out, errOut := evalRun("", evalArgs("mixed", "--min-f1", "0.97", "--min-purity", "0.98", "--min-recall", "0.95",
		"--max-headline-error", "0.02", "--max-time-error", "24h", "--top3", "--max-false-campaigns", "0", "--one-campaign")...)
	if code != exitFindings || errOut != "" {
		t.Fatalf("exit %d, stderr %q; want 1 and nothing", code, errOut)
	}
	want, err := os.ReadFile(evalScenario("mixed", "report.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("text report differs from %s:\n%s", evalScenario("mixed", "report.txt"), out)
	}
}

func TestEvalJSON(t *testing.T) {
	code, out, _ := evalRun("", evalArgs("mixed", "--json", "--max-false-campaigns", "0")...)
	if code != exitFindings {
		t.Fatalf("exit %d, want 1", code)
	}
	var r evaluate.Report
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("--json output does not decode as evaluate.Report: %v\n%s", err, out)
	}
	// Hand-worked in internal/evaluate: TP 13, FP 6, FN 1, F1 26/33; one
	// false campaign, rep-4.
	if r.Schema != evaluate.Schema || r.Accounts.TP != 13 || r.Accounts.FP != 6 || r.Accounts.FN != 1 ||
		r.Accounts.F1 == nil || *r.Accounts.F1 != 26.0/33 || r.FalseCampaigns != 1 {
		t.Errorf("report = %+v", r.Accounts)
	}
	if r.Verdict != "fail" || len(r.Gates) != 1 || r.Gates[0].Gate != "max-false-campaigns" || r.Gates[0].Pass {
		t.Errorf("verdict %q, gates %+v; want fail on max-false-campaigns", r.Verdict, r.Gates)
	}
	// Stable: a second run prints the same bytes.
	if _, again, _ := evalRun("", evalArgs("mixed", "--json", "--max-false-campaigns", "0")...); again != out {
		t.Error("two --json runs differ")
	}
	// Undefined figures are null, not 0.
	_, out, _ = evalRun("", evalArgs("lookalikes-clean", "--json")...)
	if !strings.Contains(out, `"precision": null`) || !strings.Contains(out, `"recall": null`) || !strings.Contains(out, `"f1": null`) {
		t.Errorf("lookalikes-clean: want null precision, recall and f1 in:\n%s", out)
	}
}

func TestEvalStdin(t *testing.T) {
	b, err := os.ReadFile(evalScenario("perfect", "findings.json"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := evalRun(string(b), "eval", "--findings", "-", "--truth", evalScenario("perfect", "truth.json"), "--min-f1", "1")
	if code != exitOK || !strings.Contains(out, "PASS  min-f1 1") {
		t.Errorf("exit %d, stderr %q, stdout:\n%s", code, errOut, out)
	}
}

// TestEvalInputErrors: unusable input exits 2 with a message that names the
// problem; nothing is printed on stdout.
func TestEvalInputErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := evalScenario("mixed", "findings.json")
	truthFile := evalScenario("mixed", "truth.json")
	// A campaign member missing from the accounts list, and a share sum off.
	invalid := write("invalid.json", `{"schema":"findings/v1","generated_at":"2026-06-11T00:00:00Z","input":{},
		"campaigns":[{"id":"c","accounts":["a01"],"first_seen":"2026-05-01T00:00:00Z","last_seen":"2026-05-02T00:00:00Z",
		"capabilities":{"coding":0.5}}],"accounts":[]}`)
	wrongSchema := write("schema.json", `{"schema":"findings/v0","generated_at":"2026-06-11T00:00:00Z","campaigns":[],"accounts":[]}`)
	notJSON := write("notjson.json", `campaign,accounts`)
	badTruth := write("truth.json", `{"schema":"truth/v1","campaigns":[{"id":"c","last_seen":"yesterday"}],"accounts":{"a":"c"}}`)
	oldTruth := write("truth0.json", `{"schema":"truth/v0","accounts":{"a":"c"}}`)

	f := func(args []string, wantErr ...string) {
		t.Helper()
		code, out, errOut := evalRun("", args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want 2\nstderr: %s", args, code, errOut)
		}
		if out != "" {
			t.Errorf("%v: printed on stdout:\n%s", args, out)
		}
		for _, w := range wantErr {
			if !strings.Contains(errOut, w) {
				t.Errorf("%v: stderr %q does not contain %q", args, errOut, w)
			}
		}
	}
	f([]string{"eval"}, "need both --findings FILE and --truth FILE")
	f([]string{"eval", "--findings", good}, "need both")
	f([]string{"eval", "--findings", filepath.Join(dir, "nope.json"), "--truth", truthFile}, "cannot open findings", "nope.json")
	f([]string{"eval", "--findings", good, "--truth", filepath.Join(dir, "nope.json")}, "cannot open truth")
	f([]string{"eval", "--findings", invalid, "--truth", truthFile},
		"not a valid findings/v1 document",
		`account "a01" of campaign "c" is not in the accounts list`,
		"capability shares sum to 0.500, want 1")
	f([]string{"eval", "--findings", wrongSchema, "--truth", truthFile}, `schema is "findings/v0", want "findings/v1"`)
	f([]string{"eval", "--findings", notJSON, "--truth", truthFile}, "cannot decode findings")
	f([]string{"eval", "--findings", good, "--truth", badTruth}, `campaigns[0].last_seen: "yesterday" is not RFC 3339`)
	f([]string{"eval", "--findings", good, "--truth", oldTruth}, `truth schema is "truth/v0"`)
	f([]string{"eval", "--findings", good, "--truth", truthFile, "--min-f1", "1.5"}, "want a number from 0 to 1")
	f([]string{"eval", "--findings", good, "--truth", truthFile, "--min-recall", "x"}, "want a number from 0 to 1")
	f([]string{"eval", "--findings", good, "--truth", truthFile, "--max-headline-error", "-1"}, "want a relative error")
	f([]string{"eval", "--findings", good, "--truth", truthFile, "--max-time-error", "1 day"}, "want a duration")
	f([]string{"eval", "--findings", good, "--truth", truthFile, "--max-false-campaigns", "-1"}, "want a whole number")
	f([]string{"eval", "--findings", good, "--truth", truthFile, "extra"}, `unexpected argument "extra"`)
}

func TestEvalHelp(t *testing.T) {
	code, out, _ := evalRun("", "eval", "--help")
	if code != exitOK {
		t.Fatalf("exit %d, want 0", code)
	}
	for _, w := range []string{"Usage: distillguard eval", "--min-f1", "--one-campaign", "Examples:"} {
		if !strings.Contains(out, w) {
			t.Errorf("help lacks %q:\n%s", w, out)
		}
	}
}
