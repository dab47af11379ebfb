package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/distillguard/distillguard/internal/detect"
	"github.com/distillguard/distillguard/internal/online"
	"github.com/distillguard/distillguard/internal/server"
)

func init() {
	register(command{
		name:    "serve",
		summary: "run the engine online: ingest API, live decisions for gateways, campaigns",
		run:     runServe,
	})
}

const serveDescription = `
Runs detection online beside a gateway. Traffic is posted to /v1/exchanges
(and /v1/accounts, /v1/models); each batch is acknowledged once it is on
disk in the journal under --data-dir, then applied to the same per-account
state "detect" builds. Detection rounds (linking, campaigns, scoring — the
same code as "detect") run every --every; members of a campaign are blocked
or throttled, and a new account sharing strong indicators with a blocked
campaign is blocked on its first exchanges. Gateways ask POST /v1/check
before serving a request, or follow GET /v1/decisions?since=N. Operators
list campaigns and override decisions; every override is in the audit log.

Every /v1/ request needs "Authorization: Bearer TOKEN" (at least 16
characters). A token given as NAME:SECRET names the principal the audit log
records for operator decisions made with it; an unnamed one is token-N, N
its position in the list. After a crash or kill, restarting with the same
--data-dir replays the journal: nothing acknowledged is lost. The API is in
docs/api.md.

Limits keep a flood from crowding out /v1/check: at most --max-conns
connections are open, at most --max-conns-per-ip from one address (further
ones are closed at once), at most
--max-ingest batches are read at once, and their bodies reserve memory from
--memory-budget before they are read (beyond either, 503 with Retry-After).
A client without a valid token gets 401 and its connection is closed, its
body unread. Bodies must arrive at 64 KiB/s on average after 10 s.

With --nats, instances share a JetStream cluster instead: exchanges go on a
stream partitioned by account, every instance works its share of the
partitions, one elected instance forms campaigns, and decisions live in a
key-value bucket every instance (and any gateway) can watch.`

// DefaultMaxAccounts bounds the accounts a server tracks unless told
// otherwise: about 4.4 GB of memory at 2.2 KB each (docs/operations.md).
const DefaultMaxAccounts = 2_000_000

func runServe(e *env, args []string) int {
	const name = "serve"
	fs := newFlags(e, name, "--token TOKEN [flags]", serveDescription,
		"DISTILLGUARD_TOKEN=$(openssl rand -hex 16) distillguard serve --data-dir /var/lib/distillguard",
		"DISTILLGUARD_TOKEN=gateway:$(openssl rand -hex 16),alice:$(openssl rand -hex 16) distillguard serve   # named principals",
		"distillguard serve --token replay-token-0123456789 --clock data --every 2h   # for replay",
		"distillguard serve --tls-cert cert.pem --tls-key key.pem --addr :8443 --max-conns 20000 --memory-budget 2147483648",
		"distillguard serve --nats nats://n1:4222,nats://n2:4222,nats://n3:4222 --replicas 3   # one of many workers",
		"distillguard serve --print-policy > policy.json   # edit, then: --policy policy.json")
	addr := fs.String("addr", "127.0.0.1:8417", "listen `ADDRESS`")
	dataDir := fs.String("data-dir", "distillguard-data", "`DIR` for the journal (created if missing)")
	// The default is read after parsing, never put in the flag: --help and
	// flag errors print defaults, and those reach logs.
	token := fs.String("token", "", "bearer `TOKEN`s for /v1/, separated by commas, each SECRET or NAME:SECRET (default $DISTILLGUARD_TOKEN)")
	clock := fs.String("clock", "wall", "`CLOCK` decisions and rounds follow: wall, or data (the latest exchange time; for replays)")
	every := fs.Duration("every", 0, "time between detection rounds (default 10m on the wall clock, 2h of data time on the data clock)")
	policyPath := fs.String("policy", "", "JSON `FILE` overriding any subset of the policy (see --print-policy)")
	configPath := fs.String("config", "", "JSON `FILE` overriding detection parameters (see detect --print-config)")
	printPolicy := fs.Bool("print-policy", false, "print the default policy as JSON and exit")
	maxSkew := fs.Duration("max-skew", online.DefaultMaxSkew, "exchanges dated more than this after the wall clock are refused at ingest (and set aside if met in the journal)")
	maxLate := fs.Duration("max-late", online.DefaultMaxLate, "on the data clock, exchanges dated more than this before the clock are set aside")
	maxAccounts := fs.Int("max-accounts", DefaultMaxAccounts, "most accounts tracked; past it, batches adding a new account get 503 (about 2.2 KB of memory each; see docs/operations.md)")
	maxBody := fs.Int64("max-body", 32<<20, "largest request body in `BYTES`; larger batches get 413")
	maxConns := fs.Int("max-conns", server.DefaultMaxConns, "most open connections; further ones are closed at once (lowered to fit the open-file limit)")
	maxConnsPerIP := fs.Int("max-conns-per-ip", 0, "most open connections from one source address; further ones are closed at once (default a quarter of --max-conns)")
	maxIngest := fs.Int("max-ingest", server.DefaultMaxIngest, "most ingest batches read at once; one more gets 503")
	memBudget := fs.Int64("memory-budget", 0, "`BYTES` ingest bodies may hold at once, each reserving its worst case (a compressed one: 4 × --max-body) before it is read; beyond it, 503 (default 512 MiB, or two compressed bodies if more)")
	tlsCert := fs.String("tls-cert", "", "PEM certificate `FILE`; with --tls-key, serve HTTPS")
	tlsKey := fs.String("tls-key", "", "PEM private key `FILE`")
	logLevel := fs.String("log-level", "info", "`LEVEL` of the JSON logs on stderr: debug, info, warn or error")
	natsURL := fs.String("nats", "", "`URL`(s) of a NATS JetStream cluster: run as one of any number of workers sharing it instead of on the local journal")
	nodeID := fs.String("node-id", "", "this instance's `NAME` in the cluster (default host-pid)")
	partitions := fs.Int("partitions", 16, "exchange stream partitions, fixed when the stream is created (with --nats)")
	replicas := fs.Int("replicas", 1, "JetStream replicas of the streams and buckets: 3 on a 3-node cluster (with --nats)")
	noSync := fs.Bool("unsafe-no-fsync", false, "do not fsync the journal (benchmarks only: a crash can lose acknowledged batches)")
	if code, ok := parseFlags(e, fs, args); !ok {
		return code
	}
	if *token == "" {
		*token = os.Getenv("DISTILLGUARD_TOKEN")
	}
	if *maxConns < 1 || *maxConnsPerIP < 0 || *maxIngest < 1 || *memBudget < 0 {
		return fail(e, name, exitUsage, "--max-conns and --max-ingest must be at least 1, --max-conns-per-ip and --memory-budget positive (0: the default)")
	}
	if *printPolicy {
		b, _ := json.MarshalIndent(online.DefaultPolicy(), "", "  ")
		e.stdout.Write(append(b, '\n'))
		return exitOK
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*logLevel)); err != nil {
		return fail(e, name, exitUsage, "--log-level: %v", err)
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: lvl}))
	if *clock != "wall" && *clock != "data" {
		return fail(e, name, exitUsage, "--clock must be wall or data, not %q", *clock)
	}
	if *maxSkew <= 0 || *maxLate <= 0 || *maxAccounts <= 0 {
		return fail(e, name, exitUsage, "--max-skew, --max-late and --max-accounts must be positive")
	}
	if (*tlsCert == "") != (*tlsKey == "") {
		return fail(e, name, exitUsage, "give both --tls-cert and --tls-key, or neither")
	}
	pol, err := online.LoadPolicy(*policyPath)
	if err != nil {
		return fail(e, name, exitUsage, "%v", err)
	}
	cfg, err := detect.LoadConfig(*configPath)
	if err != nil {
		return fail(e, name, exitUsage, "%v", err)
	}
	if *every == 0 {
		*every = 10 * time.Minute
		if *clock == "data" {
			*every = 2 * time.Hour
		}
	}
	var tokens []string
	for _, t := range strings.Split(*token, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tokens = append(tokens, t)
		}
	}
	srv, err := server.New(server.Config{
		Addr: *addr, DataDir: *dataDir, Tokens: tokens, MaxBody: *maxBody, TLSCert: *tlsCert, TLSKey: *tlsKey,
		Engine: online.Options{Config: cfg, Policy: pol, DataClock: *clock == "data", Every: *every, Logger: log,
			MaxSkew: *maxSkew, MaxLate: *maxLate, MaxAccounts: *maxAccounts},
		NoSync: *noSync, Logger: log, NATS: *natsURL, NodeID: *nodeID, Partitions: *partitions, Replicas: *replicas,
		Limits: server.Limits{MaxConns: *maxConns, MaxConnsPerIP: *maxConnsPerIP, MaxIngest: *maxIngest, MemoryBudget: *memBudget},
	})
	if err != nil {
		return fail(e, name, exitUsage, "%v", err)
	}
	if err := srv.Listen(); err != nil {
		return fail(e, name, exitUsage, "%v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Run(ctx); err != nil {
		return fail(e, name, exitFindings, "%v", err)
	}
	return exitOK
}
