package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/distillguard/distillguard/internal/simulate"
)

func init() {
	register(command{
		name:    "simulate",
		summary: "write synthetic API traffic with known truth (campaigns and honest look-alikes)",
		run:     runSimulate,
	})
}

// knobFlags collects repeated --knob name=value flags.
type knobFlags map[string]float64

func (k knobFlags) String() string {
	parts := make([]string, 0, len(k))
	for n, v := range k {
		parts = append(parts, n+"="+strconv.FormatFloat(v, 'g', -1, 64))
	}
	return strings.Join(parts, ",")
}

func (k knobFlags) Set(s string) error {
	name, val, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return fmt.Errorf("want name=value, got %q (see --list for the knobs)", s)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
	if err != nil {
		return fmt.Errorf("knob %s: %q is not a number", name, val)
	}
	k[name] = v
	return nil
}

// dateFlag parses YYYY-MM-DD (or RFC 3339) into a UTC day.
type dateFlag struct{ t time.Time }

func (d *dateFlag) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

func (d *dateFlag) Set(s string) error {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		t, err = time.Parse(time.RFC3339, s)
	}
	if err != nil {
		return fmt.Errorf("want a date like 2026-04-08, got %q", s)
	}
	d.t = t.UTC()
	return nil
}

func runSimulate(e *env, args []string) int {
	const name = "simulate"
	fs := newFlags(e, name, "--scenario NAME --out DIR [flags] | --list",
		`Writes synthetic LLM API traffic with known truth into DIR:
  exchanges.jsonl.zst (or exchanges.jsonl with --compress none)  the exchange log (formats-v1 §1), in ts order
  accounts.jsonl   the account table (§2), rows shuffled
  models.jsonl     model releases (§3)
  truth.json       the answer key: every account's label, every campaign's figures (internal/truth)

Scenarios put distillation campaigns (or none) inside rich honest traffic with
the hard look-alikes (enterprise pipelines, university labs, coding-agent
platforms, carrier NAT, hackathons, eval labs, gateways). Attack settings are
knobs; --list describes every scenario and knob. The same flags and seed give
byte-identical files.

Exit codes: 0 written; 1 could not write the output; 2 bad flags or options.`,
		"distillguard simulate --list",
		"distillguard simulate --scenario incident-2026-06 --out /tmp/incident",
		"distillguard simulate --scenario labs-2026-02 --scale 0.1 --seed 7 --no-text --out /tmp/labs",
		"distillguard simulate --scenario incident-2026-06 --knob camouflage=0.4 --knob jitter=1 --out /tmp/hard",
		"distillguard simulate --scenario lookalikes --text-from ../shared/data/prompts --compress none --out /tmp/fp",
		"distillguard simulate --scenario incident-2026-06 --scale 1 --no-text --out /data/incident-full")
	scenario := fs.String("scenario", "", "scenario to simulate (see --list): incident-2026-06, labs-2026-02, lookalikes, hard-2026")
	scale := fs.Float64("scale", simulate.DefaultScale, "population and volume multiplier; 1 is the reported size (incident: 25,000 campaign accounts, >= 40M exchanges)")
	seed := fs.Int64("seed", 1, "random seed; the same seed gives byte-identical output")
	noText := fs.Bool("no-text", false, "leave out system, prompt and response (zero-data-retention traffic; much faster)")
	textFrom := fs.String("text-from", "", "folder of real prompts shaped like shared/data/prompts, used for free-form prompts")
	compress := fs.String("compress", "zstd", "compression of the exchange log: zstd or none")
	knobs := knobFlags{}
	fs.Var(knobs, "knob", "knob `name=value`, repeatable (e.g. --knob camouflage=0.3 or --knob crowd_users=500); see --list")
	var start, end dateFlag
	fs.Var(&start, "start", "first day of the period (`YYYY-MM-DD`), overriding the scenario's; campaigns are clipped")
	fs.Var(&end, "end", "last day of the period (`YYYY-MM-DD`, inclusive), overriding the scenario's")
	out := fs.String("out", "", "output folder (created if missing; existing files of the same names are replaced)")
	list := fs.Bool("list", false, "describe every scenario and every knob with its default, then exit")
	workers := fs.Int("workers", 0, "rendering goroutines (0: all cores); does not change the output")
	if code, ok := parseFlags(e, fs, args); !ok {
		return code
	}
	if *list {
		printSimulateList(e.stdout)
		return exitOK
	}
	if *scenario == "" {
		return fail(e, name, exitUsage, "--scenario is required (run \"distillguard simulate --list\" to see the scenarios)")
	}
	if *out == "" {
		return fail(e, name, exitUsage, "--out DIR is required: the folder to write the four files into")
	}
	if *workers < 0 {
		return fail(e, name, exitUsage, "--workers must be 0 (all cores) or more")
	}
	opt := simulate.Options{
		Scenario: *scenario,
		Scale:    *scale,
		Seed:     *seed,
		NoText:   *noText,
		TextFrom: *textFrom,
		Compress: *compress,
		Knobs:    knobs,
		Start:    start.t,
		End:      end.t,
		OutDir:   *out,
		Workers:  *workers,
	}
	if *noText && *textFrom != "" {
		return fail(e, name, exitUsage, "--no-text and --text-from contradict each other: drop one")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	sum, err := simulate.Run(ctx, opt)
	if err != nil {
		if errors.Is(err, simulate.ErrOptions) {
			return fail(e, name, exitUsage, "%v (see --help and --list)", err)
		}
		return fail(e, name, exitFindings, "%v", err)
	}
	fmt.Fprintf(e.stdout, "simulated %s (scale %g, seed %d) into %s in %s\n", *scenario, *scale, *seed, *out, sum.Elapsed.Round(10*time.Millisecond))
	for _, f := range sum.Files {
		fmt.Fprintf(e.stdout, "  %s\n", filepath.Join(*out, f))
	}
	fmt.Fprintf(e.stdout, "exchanges: %d  accounts: %d  campaigns: %d\n", sum.Exchanges, sum.Accounts, len(sum.Campaigns))
	for _, c := range sum.Campaigns {
		fmt.Fprintf(e.stdout, "  %s (%s): %d accounts, %d exchanges, %s .. %s\n", c.ID, c.Style, c.Accounts, c.Exchanges, c.FirstSeen, c.LastSeen)
	}
	return exitOK
}

func printSimulateList(w io.Writer) {
	fmt.Fprintln(w, "Scenarios:")
	for _, s := range simulate.Scenarios() {
		fmt.Fprintf(w, "\n  %s  (%s .. %s)\n", s.Name, s.From, s.To)
		wrap(w, s.Description, "    ", 78)
	}
	fmt.Fprintln(w, "\nKnobs (--knob name=value; the attack knobs apply to every campaign of the scenario, the crowd_ knobs shape the honest open-source-agent crowd):")
	for _, k := range simulate.Knobs() {
		fmt.Fprintf(w, "\n  %s  default %g, range [%g, %g]\n", k.Name, k.Default, k.Min, k.Max)
		wrap(w, k.Meaning, "    ", 78)
	}
}

// wrap prints text word-wrapped at width with an indent.
func wrap(w io.Writer, text, indent string, width int) {
	line := indent
	for _, word := range strings.Fields(text) {
		if len(line) > len(indent) && len(line)+1+len(word) > width {
			fmt.Fprintln(w, line)
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += word
	}
	if len(line) > len(indent) {
		fmt.Fprintln(w, line)
	}
}
