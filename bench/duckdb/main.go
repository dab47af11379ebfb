// Command duckdb-baseline runs, on the same exchange log detect reads, the
// aggregation an engineer would otherwise write in an analytical SQL engine:
// per account, the exchange count, distinct client addresses and first and
// last time. It is the yardstick of bench/run.sh and lives in its own module
// because DuckDB needs cgo and would make the main binary 70 MB; the main
// binary stays pure Go.
package main

import (
	"database/sql"
	"flag"
	"fmt"
	"os"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

func main() {
	path := flag.String("exchanges", "", "exchange log (JSON Lines, plain or zstd)")
	threads := flag.Int("threads", 2, "DuckDB threads")
	flag.Parse()
	if *path == "" {
		fmt.Fprintln(os.Stderr, "usage: duckdb-baseline --exchanges FILE [--threads N]")
		os.Exit(2)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot open duckdb:", err)
		os.Exit(1)
	}
	defer db.Close()
	if _, err := db.Exec(fmt.Sprintf("SET threads TO %d", *threads)); err != nil {
		fmt.Fprintln(os.Stderr, "cannot set threads:", err)
		os.Exit(1)
	}
	start := time.Now()
	q := `SELECT count(*) AS accounts, sum(n) AS exchanges, sum(ips) AS account_ips, min(first_ts), max(last_ts) FROM (
	        SELECT account_id, count(*) AS n, count(DISTINCT ip) AS ips, min(ts) AS first_ts, max(ts) AS last_ts
	        FROM read_json(?, format = 'newline_delimited',
	                       columns = {ts: 'TIMESTAMPTZ', account_id: 'VARCHAR', ip: 'VARCHAR'})
	        GROUP BY account_id)`
	var accounts, exchanges, ips int64
	var first, last time.Time
	if err := db.QueryRow(q, *path).Scan(&accounts, &exchanges, &ips, &first, &last); err != nil {
		fmt.Fprintln(os.Stderr, "query failed:", err)
		os.Exit(1)
	}
	fmt.Printf("duckdb: %d accounts, %d exchanges, %d account-address pairs, %s .. %s in %.2fs\n",
		accounts, exchanges, ips, first.UTC().Format(time.RFC3339), last.UTC().Format(time.RFC3339), time.Since(start).Seconds())
}
