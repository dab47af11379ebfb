package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/distillguard/distillguard/internal/detect"
	"github.com/distillguard/distillguard/internal/ingest"
	"github.com/distillguard/distillguard/internal/report"
)

func init() {
	register(command{
		name:    "detect",
		summary: "find distillation campaigns in exchange logs and write findings/v1",
		run:     runDetect,
	})
}

func runDetect(e *env, args []string) int {
	const name = "detect"
	fs := newFlags(e, name, "--exchanges FILE [--accounts FILE] [--models FILE] [--out findings.json] [flags]",
		`Reads the v1 inputs (JSON Lines, plain, gzip or zstd, detected from the bytes;
"-" reads stdin), links accounts that act as one operator, judges each linked
group, and writes a findings/v1 document to --out. Prints to stdout, for each
campaign, its headline in the words of a disclosure, its strongest indicators
and evidence, then what was read and rejected.

Malformed lines are counted, the first 20 shown with file, line and reason,
and skipped; --strict stops at the first one instead. Exit status: 0 success
(with or without campaigns), 2 usage or unreadable input.`,
		"distillguard detect --exchanges out/exchanges.jsonl.zst --accounts out/accounts.jsonl --models out/models.jsonl --out findings.json",
		"zcat logs.jsonl.gz | distillguard detect --exchanges - --out findings.json",
		"distillguard detect --print-config > my.json   # edit, then: distillguard detect --config my.json …",
	)
	exchanges := fs.String("exchanges", "", "exchange log (formats-v1 §1); required; \"-\" for stdin")
	accounts := fs.String("accounts", "", "account table (§2); optional but much stronger with it")
	models := fs.String("models", "", "model releases (§3); optional, measures moves to new models")
	out := fs.String("out", "findings.json", "where to write findings/v1; \"-\" for stdout (then the text report goes to stderr)")
	configPath := fs.String("config", "", "JSON file overriding any subset of the defaults (see --print-config)")
	printConfig := fs.Bool("print-config", false, "print the default configuration as JSON and exit")
	strict := fs.Bool("strict", false, "fail on the first malformed line instead of skipping it")
	quiet := fs.Bool("quiet", false, "no text report and no progress bar")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	memprofile := fs.String("memprofile", "", "write a heap profile to this file when done")
	if code, ok := parseFlags(e, fs, args); !ok {
		return code
	}
	if *printConfig {
		if err := detect.Defaults().WriteJSON(e.stdout); err != nil {
			return fail(e, name, exitUsage, "%v", err)
		}
		return exitOK
	}
	if *exchanges == "" {
		return fail(e, name, exitUsage, "--exchanges is required (a file, or - for stdin); see --help")
	}
	cfg, err := detect.LoadConfig(*configPath)
	if err != nil {
		return fail(e, name, exitUsage, "%v", err)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return fail(e, name, exitUsage, "cannot create CPU profile: %v", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fail(e, name, exitUsage, "cannot start CPU profile: %v", err)
		}
		defer pprof.StopCPUProfile()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	textOut := e.stdout
	if *out == "-" {
		textOut = e.stderr
	}
	prog := newProgress(e.stderr, *quiet)
	start := time.Now()
	res, err := detect.Run(ctx, detect.Options{
		Exchanges: *exchanges, Accounts: *accounts, Models: *models, Stdin: e.stdin,
		Strict: *strict, Config: cfg, Progress: prog.update,
	})
	prog.finish()
	if err != nil {
		var se *ingest.StrictError
		if errors.As(err, &se) {
			return fail(e, name, exitUsage, "%v (drop --strict to skip bad lines and go on)", err)
		}
		return fail(e, name, exitUsage, "%v", err)
	}
	if err := detect.WriteFindings(*out, e.stdout, res.Findings); err != nil {
		return fail(e, name, exitUsage, "%v", err)
	}
	if !*quiet {
		report.WriteText(textOut, res.Report, res.Findings)
		t := res.Timing
		fmt.Fprintf(textOut, "took %s (read %s, link %s, campaigns %s, score %s)",
			time.Since(start).Round(time.Millisecond), t.Read.Round(time.Millisecond), t.Link.Round(time.Millisecond),
			t.Form.Round(time.Millisecond), t.Score.Round(time.Millisecond))
		if *out != "-" {
			abs, _ := filepath.Abs(*out)
			fmt.Fprintf(textOut, "; findings in %s", abs)
		}
		fmt.Fprintln(textOut)
	}
	if *memprofile != "" {
		f, err := os.Create(*memprofile)
		if err != nil {
			return fail(e, name, exitUsage, "cannot create heap profile: %v", err)
		}
		runtime.GC()
		err = pprof.WriteHeapProfile(f)
		f.Close()
		if err != nil {
			return fail(e, name, exitUsage, "cannot write heap profile: %v", err)
		}
	}
	return exitOK
}

// progress draws a bar on stderr while exchanges are read, then one line
// per later stage. It draws nothing when stderr is not a terminal, so logs
// and pipes stay clean, and nothing for runs shorter than two seconds.
type progress struct {
	w     io.Writer
	on    bool
	bar   *progressbar.ProgressBar
	start time.Time
	stage string
}

func newProgress(w io.Writer, quiet bool) *progress {
	on := false
	if f, ok := w.(*os.File); ok && !quiet {
		on = term.IsTerminal(int(f.Fd()))
	}
	return &progress{w: w, on: on, start: time.Now()}
}

func (p *progress) update(stage string, done, total int64) {
	if !p.on || time.Since(p.start) < 2*time.Second {
		p.stage = stage
		return
	}
	if stage != "reading exchanges" {
		if p.bar != nil {
			p.bar.Finish()
			p.bar = nil
			fmt.Fprintln(p.w)
		}
		if stage != p.stage {
			fmt.Fprintf(p.w, "%s… (%s)\n", stage, time.Since(p.start).Round(100*time.Millisecond))
		}
		p.stage = stage
		return
	}
	p.stage = stage
	if p.bar == nil {
		p.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription("reading exchanges"),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	p.bar.Set64(done)
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
