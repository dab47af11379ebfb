// Command plainsize prints the decompressed size in bytes of a gzip, zstd or
// plain file, so bench/run.sh can report MB/s of JSON rather than of
// compressed bytes without needing the zstd tool.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/distillguard/distillguard/internal/ingest"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: plainsize FILE")
		os.Exit(2)
	}
	in, err := ingest.Open(os.Args[1], nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer in.Close()
	n, err := io.Copy(io.Discard, in)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(n)
}
