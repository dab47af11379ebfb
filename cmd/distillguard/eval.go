package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/distillguard/distillguard/internal/evaluate"
	"github.com/distillguard/distillguard/internal/findings"
	"github.com/distillguard/distillguard/internal/truth"
)

func init() {
	register(command{
		name:    "eval",
		summary: "score findings against a simulator's truth; gate on targets",
		run:     runEval,
	})
}

const evalDescription = `
Compares a findings/v1 document with the truth/v1 answer key the simulator
wrote, and reports account-level precision, recall and F1; per true campaign
its recall, how many reported campaigns it is split into, its best match
(the reported campaign holding most of its accounts) with purity, Jaccard and
headline errors (accounts, exchanges, first and last seen, top-3
capabilities); false positives per honest category; and every reported
campaign's true label mix. A reported campaign is false when more than half of
its accounts are not attackers. A true campaign is reported as one campaign
when its best match holds at least 90% of its flagged accounts. Ratios whose
denominator is zero are undefined: "n/a" in text, null in JSON.

Gates are optional targets. Per-campaign gates must hold for every true
campaign; a campaign not detected fails them. With gates, the report ends with
one verdict line per gate and the exit code is 1 when any gate fails.`

// runEval is the eval command: read both documents, compare, print, gate.
func runEval(e *env, args []string) int {
	const name = "eval"
	fs := newFlags(e, name, "--findings FILE --truth FILE [--json] [gates]", evalDescription,
		"distillguard eval --findings out/findings.json --truth sim/truth.json",
		"distillguard eval --findings f.json --truth truth.json --min-f1 0.97 --min-purity 0.98 --min-recall 0.95 --one-campaign",
		"distillguard eval --findings f.json --truth truth.json --max-headline-error 0.02 --max-time-error 24h --top3",
		"distillguard eval --findings f.json --truth lookalikes/truth.json --max-false-campaigns 0 --json")
	findingsPath := fs.String("findings", "", "findings/v1 `FILE` to score (- reads standard input)")
	truthPath := fs.String("truth", "", "truth/v1 `FILE` written by the simulator beside its traffic")
	asJSON := fs.Bool("json", false, "print the report as JSON ("+evaluate.Schema+") instead of text")
	var g evaluate.Gates
	evalShareFlag(fs, &g.MinF1, "min-f1", "gate: account-level F1 at least `X` (0..1)")
	evalShareFlag(fs, &g.MinPurity, "min-purity", "gate: every true campaign's best-match purity at least `X` (0..1)")
	evalShareFlag(fs, &g.MinRecall, "min-recall", "gate: every true campaign's recall at least `X` (0..1)")
	fs.Func("max-headline-error", "gate: every best match's accounts and exchanges within relative error `X` (0.02 = 2%)", func(s string) error {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || !(v >= 0) || v > 1e9 {
			return errors.New("want a relative error ≥ 0, such as 0.02")
		}
		g.MaxHeadlineError = &v
		return nil
	})
	fs.Func("max-time-error", "gate: every best match's first and last seen within `DURATION` of truth (e.g. 24h)", func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			return errors.New("want a duration ≥ 0, such as 24h or 90m")
		}
		g.MaxTimeError = &d
		return nil
	})
	fs.BoolVar(&g.Top3, "top3", false, "gate: every best match's top-3 capability set equals truth's")
	fs.Func("max-false-campaigns", "gate: at most `N` false campaigns", func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return errors.New("want a whole number ≥ 0")
		}
		g.MaxFalseCampaigns = &n
		return nil
	})
	fs.BoolVar(&g.OneCampaign, "one-campaign", false, "gate: every true campaign reported as one campaign (best match holds ≥ 90% of its flagged accounts)")
	if code, ok := parseFlags(e, fs, args); !ok {
		return code
	}
	if *findingsPath == "" || *truthPath == "" {
		return fail(e, name, exitUsage, "need both --findings FILE and --truth FILE (see distillguard eval --help)")
	}

	f, err := evalReadFindings(e.stdin, *findingsPath)
	if err != nil {
		return fail(e, name, exitUsage, "%s", err)
	}
	t, err := evalReadTruth(*truthPath)
	if err != nil {
		return fail(e, name, exitUsage, "%s", err)
	}

	r := evaluate.Compare(f, t)
	pass := r.ApplyGates(g)
	if *asJSON {
		b, err := json.MarshalIndent(r, "", "  ")
		if err == nil {
			_, err = e.stdout.Write(append(b, '\n'))
		}
		if err != nil {
			return fail(e, name, exitUsage, "cannot write the report: %v", err)
		}
	} else if err := r.WriteText(e.stdout); err != nil {
		return fail(e, name, exitUsage, "cannot write the report: %v", err)
	}
	if !pass {
		return exitFindings
	}
	return exitOK
}

// evalShareFlag defines a gate flag that takes a ratio in [0, 1].
func evalShareFlag(fs *flag.FlagSet, dst **float64, name, usage string) {
	fs.Func(name, usage, func(s string) error {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || !(v >= 0 && v <= 1) {
			return errors.New("want a number from 0 to 1, such as 0.97")
		}
		*dst = &v
		return nil
	})
}

// evalReadFindings reads and validates the findings document at path ("-" is
// stdin), with errors that say what was wrong and what to do.
func evalReadFindings(stdin io.Reader, path string) (*findings.Document, error) {
	r := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("cannot open findings: %v (give the findings/v1 file that detection wrote)", err)
		}
		defer f.Close()
		r = f
	}
	d, err := findings.Read(r)
	if err != nil {
		return nil, fmt.Errorf("cannot use findings %s: it is not a valid findings/v1 document (see formats-v1.md §4):\n%s", path, evalIndent(err))
	}
	return d, nil
}

// evalReadTruth reads the truth document at path and makes the checks the
// comparison relies on.
func evalReadTruth(path string) (*truth.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open truth: %v (give the truth.json the simulator wrote beside its traffic)", err)
	}
	defer f.Close()
	d, err := truth.Read(f)
	if err == nil {
		err = evaluate.CheckTruth(d)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot use truth %s: it is not a valid truth/v1 document:\n%s", path, evalIndent(err))
	}
	return d, nil
}

// evalIndent puts each line of err (errors.Join gives one per problem) on its
// own indented line.
func evalIndent(err error) string {
	lines := strings.Split(err.Error(), "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return strings.Join(lines, "\n")
}
