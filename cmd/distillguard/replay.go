package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/distillguard/distillguard/internal/detect"
	"github.com/distillguard/distillguard/internal/findings"
	"github.com/distillguard/distillguard/internal/replay"
)

func init() {
	register(command{
		name:    "replay",
		summary: "play a simulated scenario into a running server as a gateway; measure how fast campaigns are cut off",
		run:     runReplay,
	})
}

const replayDescription = `
Plays a scenario directory written by "distillguard simulate" into a running
"distillguard serve" at --speed times real time, acting as a gateway, and
measures how fast the server cuts each true campaign off.

The server should be fresh and run with --clock data, so that its decisions
are stamped with data time and a replay at any speed is judged as if live:
  export DISTILLGUARD_TOKEN=$(openssl rand -hex 16)   # replay reads it too
  distillguard serve --clock data --data-dir $(mktemp -d)

Model releases are posted first; account rows when the data time reaches
their created_at (rows without it at the start); exchanges in file order in
batches of at most --batch exchanges and --span of data time. The gateway
keeps a local copy of the server's decisions, refreshed from GET
/v1/decisions after every batch: an exchange
whose account is blocked there is not served and not posted; every other
exchange is served. With --sync (the default) replay waits after each batch
until the server has applied it, so that the figures do not depend on how
far the server lags. One exchange in --check-sample is also checked with
POST /v1/check and its latency recorded.

Using the scenario's truth.json, the report gives for each true campaign its
accounts and exchanges, when 90% of its accounts had been blocked (each
account's first block decision, on the server's clock) and how many hours
after its first exchange, the share of its exchanges served, and the share
served more than 24 h after its first exchange; for honest accounts, how
many were ever watched, throttled or blocked, by category; and exchanges/s
and check latency. As campaigns recruit accounts for weeks, it also counts
each campaign's late accounts (created more than 24 h after its start: no
server could block those in time) and gives the 90th percentile of hours
from an account's own first exchange to its block. Targets: 90% of each
campaign's day-one accounts (those that sent within 24 h of its first
exchange) blocked within those 24 h; under 5% of each campaign's exchanges
served after its first day; the 90th percentile of hours from an account's
first exchange to its block at most 12 h (campaigns active for a day); at
most 0.1% of honest accounts blocked with prompt text, 0.2% without; at most
0.5% throttled.

Convergence: once everything is posted and applied, replay asks the server
for a detection round now (POST /v1/rounds) and reads its campaigns. With
--converge (the default) it then runs "distillguard detect", in-process and
with its default configuration, on exactly what the server accepted (the
exchanges served, the account and model rows posted, kept in --keep DIR or
a temporary directory), pairs each of detect's campaigns with the live
campaign sharing most of its accounts, prints the pairs in a Convergence
table and adds the target: live campaigns equal detect's on the served data
(as many campaigns, paired one to one, accounts in only one of a pair at
most 1% of detect's campaign). The check assumes the server runs detect's
default configuration (serve without --config); a server tuned otherwise
differs by design. --converge=false skips it.

Exit codes: 0 done (and, with --gate, every target met); 1 --gate and a
target missed; 2 bad flags, an unusable scenario directory, or a server that
is unreachable or answers with an error (its message is shown).`

// replayProgressEvery is how often a progress line is printed.
const replayProgressEvery = 10 * time.Second

// runReplay is the replay command.
func runReplay(e *env, args []string) int {
	const name = "replay"
	fs := newFlags(e, name, "--dir DIR [--server URL] [--token T] [flags]", replayDescription,
		"distillguard replay --dir sim/incident   # the token from $DISTILLGUARD_TOKEN",
		"distillguard replay --dir sim/incident --speed 0 --json > replay.json",
		"distillguard replay --dir sim/labs --server http://10.0.0.5:8417 --speed 86400 --batch 500 --gate",
		"distillguard replay --dir sim/lookalikes --speed 0 --sync=false --check-sample 10",
		"distillguard replay --dir sim/incident --speed 0 --keep served   # served/ holds what the server was given, live.json and detect.json")
	dir := fs.String("dir", "", "scenario `DIR` written by distillguard simulate (truth.json, exchanges, accounts, models)")
	server := fs.String("server", replay.DefaultServer, "base `URL` of distillguard serve")
	token := fs.String("token", "", "bearer `TOKEN` for /v1/ (default: $DISTILLGUARD_TOKEN)")
	speed := fs.Float64("speed", replay.DefaultSpeed, "data seconds replayed per wall second (3600: an hour a second); 0 is as fast as the server takes them")
	batch := fs.Int("batch", replay.DefaultBatch, "most exchanges per POST /v1/exchanges")
	span := fs.Duration("span", replay.DefaultSpan, "most data time one batch spans, so the gateway's decisions are never older than that in data time")
	sync := fs.Bool("sync", true, "after each batch wait until GET /v1/status shows it applied (--sync=false to post without waiting)")
	asJSON := fs.Bool("json", false, "print the result as JSON ("+replay.Schema+") instead of text")
	gate := fs.Bool("gate", false, "exit 1 when a target is missed")
	wait := fs.Duration("wait", 30*time.Second, "wait up to this long for the server to be ready (GET /readyz), so it may be started just before; 0: do not wait")
	checkSample := fs.Int("check-sample", replay.DefaultCheckSample, "call POST /v1/check for one exchange in `N` and report its latency (0: never)")
	quiet := fs.Bool("quiet", false, "no progress lines on stderr")
	keep := fs.String("keep", "", "write what the server accepted into `DIR` (exchanges.jsonl in posting order, accounts.jsonl, models.jsonl), the live campaigns of the final round (live.json) and, with --converge, detect's findings on those files (detect.json)")
	converge := fs.Bool("converge", true, "run detect with its default configuration (the check assumes the server runs that too) on what the server accepted, and require the live campaigns to equal detect's, members within 1% (--converge=false: skip)")
	if code, ok := parseFlags(e, fs, args); !ok {
		return code
	}
	if *dir == "" {
		return fail(e, name, exitUsage, "--dir DIR is required: a scenario directory written by distillguard simulate --out")
	}
	if !(*speed >= 0) {
		return fail(e, name, exitUsage, "--speed must be 0 (as fast as possible) or more, such as 3600")
	}
	if *batch < 1 {
		return fail(e, name, exitUsage, "--batch must be at least 1")
	}
	if *span <= 0 {
		return fail(e, name, exitUsage, "--span must be positive, such as 15m")
	}
	if *checkSample < 0 {
		return fail(e, name, exitUsage, "--check-sample must be 0 (never) or more")
	}
	if *token == "" {
		*token = os.Getenv("DISTILLGUARD_TOKEN")
	}

	opt := replay.Options{
		Dir: *dir, Server: *server, Token: *token, Speed: *speed, Batch: *batch, Span: *span,
		Sync: *sync, CheckSample: *checkSample, Keep: *keep, WaitReady: *wait,
	}
	if *converge && opt.Keep == "" {
		tmp, err := os.MkdirTemp("", "distillguard-replay-")
		if err != nil {
			return fail(e, name, exitUsage, "cannot make a directory for the convergence check: %v (give one with --keep, or --converge=false)", err)
		}
		defer os.RemoveAll(tmp)
		opt.Keep = tmp
	}
	if !*quiet {
		opt.Progress = replayProgress(e.stderr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := replay.Run(ctx, opt)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fail(e, name, exitUsage, "interrupted")
		}
		return fail(e, name, exitUsage, "%v", err)
	}
	if *converge {
		if !*quiet {
			fmt.Fprintf(e.stderr, "replay: running detect on the %d exchanges served, for the convergence check\n", res.Totals.Posted)
		}
		if err := checkConvergence(ctx, res, opt.Keep, *keep != ""); err != nil {
			if errors.Is(err, context.Canceled) {
				return fail(e, name, exitUsage, "interrupted")
			}
			return fail(e, name, exitUsage, "%v", err)
		}
	}
	if *asJSON {
		b, err := json.MarshalIndent(res, "", "  ")
		if err == nil {
			_, err = e.stdout.Write(append(b, '\n'))
		}
		if err != nil {
			return fail(e, name, exitUsage, "cannot write the result: %v", err)
		}
	} else if err := res.WriteText(e.stdout); err != nil {
		return fail(e, name, exitUsage, "cannot write the result: %v", err)
	}
	if *gate && !res.Pass {
		return exitFindings
	}
	return exitOK
}

// convergeTolerance is the share of a campaign's accounts that may differ
// between the live campaigns and detect's for them to converge.
const convergeTolerance = 0.01

// checkConvergence runs detect, exactly as "distillguard detect" does with
// its default configuration, on what replay kept in dir (what the server
// accepted), compares its campaigns with the live ones in res and adds the
// comparison and its verdict to res; with write, it also leaves detect's
// findings in dir. It fails only when detect cannot read the kept files.
func checkConvergence(ctx context.Context, res *replay.Result, dir string, write bool) error {
	if res.Live == nil {
		res.AddVerdict(replay.Verdict{Target: replay.ConvergenceTarget(convergeTolerance), Pass: false,
			Detail: "the server gave no live campaigns to compare (see Warnings)"})
		return nil
	}
	b, err := detect.Run(ctx, detect.Options{
		Exchanges: filepath.Join(dir, replay.KeptExchanges),
		Accounts:  filepath.Join(dir, replay.KeptAccounts),
		Models:    filepath.Join(dir, replay.KeptModels),
		Config:    detect.Defaults(),
	})
	if err != nil {
		return fmt.Errorf("convergence check: detect on the data the server accepted (%s): %w", dir, err)
	}
	if write {
		if err := detect.WriteFindings(filepath.Join(dir, "detect.json"), nil, b.Findings); err != nil {
			return err
		}
	}
	res.AddConvergence(findings.Compare(b.Findings, res.Live, convergeTolerance))
	return nil
}

// replayProgress prints a line to w at most every replayProgressEvery.
func replayProgress(w io.Writer) func(replay.Progress) {
	var last time.Duration
	return func(p replay.Progress) {
		if p.Elapsed-last < replayProgressEvery {
			return
		}
		last = p.Elapsed
		fmt.Fprintf(w, "replay: data %s (%.0f%%), %d read, %d posted, %d not served, %d decisions, %s\n",
			p.DataTime.Format("2006-01-02T15:04Z"), 100*p.Fraction, p.Read, p.Posted, p.Blocked, p.Decisions, p.Elapsed.Round(time.Second))
	}
}
