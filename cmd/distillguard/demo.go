package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/distillguard/distillguard/internal/detect"
	"github.com/distillguard/distillguard/internal/evaluate"
	"github.com/distillguard/distillguard/internal/findings"
	"github.com/distillguard/distillguard/internal/report"
	"github.com/distillguard/distillguard/internal/simulate"
	"github.com/distillguard/distillguard/internal/truth"
)

func init() {
	register(command{
		name:    "demo",
		summary: "simulate the June 2026 incident at small scale, detect it, and show the report",
		run:     runDemo,
	})
}

func runDemo(e *env, args []string) int {
	const name = "demo"
	fs := newFlags(e, name, "[--scenario NAME] [--scale S] [--seed N] [--text] [--out DIR]",
		`The whole job on built-in data, no server and no input needed: simulates API
traffic with a known distillation campaign inside honest traffic (the
incident-2026-06 scenario by default: a hydra of 25,000 accounts at scale 1,
250 at the default 0.01), runs detection on it exactly as "detect" would on
real logs, prints the report, and then grades the findings against the
simulator's answer key.`,
		"distillguard demo",
		"distillguard demo --scenario labs-2026-02 --text",
		"distillguard demo --scenario lookalikes --out /tmp/demo   # honest traffic only: expect no campaign",
	)
	scenario := fs.String("scenario", "incident-2026-06", "scenario to simulate (see: distillguard simulate --list)")
	scale := fs.Float64("scale", 0.01, "size relative to the incident on record (1 = 25,000 campaign accounts)")
	seed := fs.Int64("seed", 7, "random seed of the simulation")
	text := fs.Bool("text", false, "simulate prompt and response text too (slower; without it the traffic is metadata only, as zero-data-retention logs are)")
	out := fs.String("out", "", "keep the simulated files and findings in this folder (default: a temporary folder, removed after)")
	if code, ok := parseFlags(e, fs, args); !ok {
		return code
	}
	dir := *out
	if dir == "" {
		tmp, err := os.MkdirTemp("", "distillguard-demo-")
		if err != nil {
			return fail(e, name, exitUsage, "cannot make a temporary folder: %v", err)
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	fmt.Fprintf(e.stdout, "Simulating %s at scale %g (seed %d%s)…\n", *scenario, *scale, *seed, map[bool]string{true: ", with text", false: ", metadata only"}[*text])
	sum, err := simulate.Run(ctx, simulate.Options{Scenario: *scenario, Scale: *scale, Seed: *seed, NoText: !*text, OutDir: dir})
	if err != nil {
		return fail(e, name, exitUsage, "%v", err)
	}
	fmt.Fprintf(e.stdout, "  %s exchanges from %s accounts in %s\n\nDetecting…\n\n", report.Count(sum.Exchanges), report.Count(int64(sum.Accounts)), sum.Elapsed.Round(time.Millisecond))
	start := time.Now()
	prog := newProgress(e.stderr, false)
	res, err := detect.Run(ctx, detect.Options{
		Exchanges: filepath.Join(dir, simulate.ExchangesZstdFile),
		Accounts:  filepath.Join(dir, simulate.AccountsFile),
		Models:    filepath.Join(dir, simulate.ModelsFile),
		Progress:  prog.update,
	})
	prog.finish()
	if err != nil {
		return fail(e, name, exitUsage, "%v", err)
	}
	report.WriteText(e.stdout, res.Report, res.Findings)
	fmt.Fprintf(e.stdout, "detection took %s\n", time.Since(start).Round(time.Millisecond))
	fpath := filepath.Join(dir, "findings.json")
	if f, err := os.Create(fpath); err == nil {
		findings.Write(f, res.Findings)
		f.Close()
	}

	tr, err := truth.ReadFile(filepath.Join(dir, simulate.TruthFile))
	if err != nil {
		return fail(e, name, exitUsage, "%v", err)
	}
	rep := evaluate.Compare(res.Findings, tr)
	fmt.Fprintf(e.stdout, "\nGraded against the simulator's answer key (distillguard eval):\n")
	a := rep.Accounts
	fmt.Fprintf(e.stdout, "  accounts: precision %s, recall %s, F1 %s (%d flagged, %d of %d campaign accounts found)\n",
		ratio(a.Precision), ratio(a.Recall), ratio(a.F1), a.Flagged, a.TP, a.Attackers)
	for _, c := range rep.Campaigns {
		if c.Match == nil {
			fmt.Fprintf(e.stdout, "  %s (%d accounts): not found\n", c.ID, c.Size)
			continue
		}
		h := c.Match.Headline
		fmt.Fprintf(e.stdout, "  %s (%d accounts): reported as %s, purity %.3f, accounts %s, exchanges %s\n",
			c.ID, c.Size, c.Match.ID, c.Match.Purity, relErr(h.Accounts.RelError), relErr(h.Exchanges.RelError))
	}
	fmt.Fprintf(e.stdout, "  false campaigns (mostly honest accounts): %d\n", rep.FalseCampaigns)
	if *out != "" {
		fmt.Fprintf(e.stdout, "\nFiles kept in %s; try: distillguard eval --findings %s --truth %s\n", dir, fpath, filepath.Join(dir, simulate.TruthFile))
	}
	return exitOK
}

func ratio(p *float64) string {
	if p == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.3f", *p)
}

func relErr(p *float64) string {
	if p == nil {
		return "n/a"
	}
	return fmt.Sprintf("%+.2f%%", 100**p)
}
