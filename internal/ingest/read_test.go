package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/distillguard/distillguard/internal/record"
)

// corruptKinds are one bad line of each kind the contract names, with the
// reason the reader must give.
var corruptKinds = []struct {
	line   string
	reason string
}{
	{`{"ts":"2026-05-01T12:00:00Z","account_id":"bad-json"`, ReasonJSON},
	{`{"account_id":"no-ts"}`, ReasonMissingTS},
	{`{"ts":"2026-05-01T12:00:00Z"}`, ReasonMissingAcct},
	{`{"ts":"2026-05-01T12:00:00Z","account_id":"x","input_tokens":"many"}`, ReasonWrongType},
	{`{"ts":"01/05/2026 12:00","account_id":"x"}`, ReasonBadTimestamp},
	{"{\"ts\":\"2026-05-01T12:00:00Z\",\"account_id\":\"x\",\"prompt\":\"\xc3\x28\"}", ReasonUTF8},
	{`{"ts":"2026-05-01T12:00:00Z","account_id":"x","prompt":"` + strings.Repeat("y", MaxLineBytes) + `"}`, ReasonTooLong},
}

// dirtyFile writes n exchanges with roughly one line in a thousand corrupt,
// cycling through every kind; it returns the file, the good account ids in
// order, and the bad lines' numbers and reasons.
func dirtyFile(n int, crlf bool) (data []byte, good []string, bad map[int64]string) {
	r := rand.New(rand.NewPCG(7, 7))
	var buf bytes.Buffer
	bad = map[int64]string{}
	eol := "\n"
	if crlf {
		eol = "\r\n"
	}
	kind := 0
	line := int64(0)
	for i := 0; i < n; i++ {
		line++
		if r.IntN(1000) == 0 {
			k := corruptKinds[kind%len(corruptKinds)]
			kind++
			buf.WriteString(k.line + eol)
			bad[line] = k.reason
			continue
		}
		if r.IntN(500) == 0 {
			buf.WriteString(eol) // blank lines are tolerated, not errors
			continue
		}
		e := randomExchange(r)
		e.AccountID = fmt.Sprintf("acct-%d", i)
		good = append(good, e.AccountID)
		buf.Write(record.AppendExchangeJSON(nil, &e))
		buf.WriteString(eol)
	}
	// Every kind at least once, whatever the dice said.
	for ; kind < len(corruptKinds); kind++ {
		line++
		buf.WriteString(corruptKinds[kind].line + eol)
		bad[line] = corruptKinds[kind].reason
	}
	return buf.Bytes(), good, bad
}

func readAll(t *testing.T, r io.Reader, opt Options) ([]string, *Stats, error) {
	t.Helper()
	var got []string
	st, err := ReadExchanges(context.Background(), r, "test.jsonl", opt, Handler[struct{}]{
		Consume: func(b *Batch[struct{}]) error {
			for i := range b.Records {
				got = append(got, strings.Clone(b.Records[i].AccountID))
			}
			return nil
		},
	})
	return got, st, err
}

func TestReadDirtyFile(t *testing.T) {
	for _, tc := range []struct {
		name     string
		n        int
		crlf     bool
		compress func([]byte) []byte
		wrap     func(io.Reader) io.Reader
		workers  int
	}{
		{name: "plain", n: 60000},
		{name: "crlf", n: 20000, crlf: true},
		{name: "gzip", n: 20000, compress: gzipBytes},
		{name: "zstd", n: 20000, compress: zstdBytes},
		{name: "short reads", n: 20000, wrap: iotest.HalfReader, workers: 3},
		{name: "one worker", n: 20000, workers: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, good, bad := dirtyFile(tc.n, tc.crlf)
			if tc.compress != nil {
				data = tc.compress(data)
			}
			in, comp, err := Decompress(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			if tc.compress != nil && comp == None {
				t.Fatal("compression not detected")
			}
			var r io.Reader = in
			if tc.wrap != nil {
				r = tc.wrap(r)
			}
			got, st, err := readAll(t, r, Options{Workers: tc.workers})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(good) {
				t.Fatalf("kept %d good lines, want %d", len(got), len(good))
			}
			for i := range got {
				if got[i] != good[i] {
					t.Fatalf("record %d is %s, want %s (order must be kept)", i, got[i], good[i])
				}
			}
			if st.Rejects.Count != int64(len(bad)) {
				t.Fatalf("rejected %d, want %d: %+v", st.Rejects.Count, len(bad), st.Rejects.ByReason)
			}
			for _, p := range st.Rejects.Shown {
				if want, ok := bad[p.Line]; !ok || want != p.Reason {
					t.Fatalf("reported %s, but line %d is %q", p, p.Line, want)
				}
			}
			if len(st.Rejects.Shown) != min(DefaultShown, len(bad)) {
				t.Fatalf("shown %d problems, want %d", len(st.Rejects.Shown), min(DefaultShown, len(bad)))
			}
			for _, k := range corruptKinds {
				if st.Rejects.ByReason[k.reason] == 0 {
					t.Errorf("no line rejected for %q", k.reason)
				}
			}
		})
	}
}

func TestReadStrict(t *testing.T) {
	data, _, bad := dirtyFile(5000, false)
	first := int64(1 << 62)
	for l := range bad {
		first = min(first, l)
	}
	_, _, err := readAll(t, bytes.NewReader(data), Options{Strict: true})
	var se *StrictError
	if !errors.As(err, &se) {
		t.Fatalf("strict read returned %v, want a StrictError", err)
	}
	if se.Problem.Line != first {
		t.Fatalf("strict read stopped at line %d, want the first bad line %d", se.Problem.Line, first)
	}
}

func TestLongLines(t *testing.T) {
	good := `{"ts":"2026-05-01T12:00:00Z","account_id":"g"}`
	huge := `{"ts":"2026-05-01T12:00:00Z","account_id":"h","prompt":"` + strings.Repeat("z", 3*chunkBytes) + `"}`
	justOver := `{"ts":"2026-05-01T12:00:00Z","account_id":"o","prompt":"` + strings.Repeat("z", MaxLineBytes) + `"}`
	justUnder := `{"ts":"2026-05-01T12:00:00Z","account_id":"u","prompt":"` + strings.Repeat("z", MaxLineBytes-60) + `"}`
	for _, tc := range []struct {
		name  string
		lines []string
		noEOL bool
		want  string
		bad   []int64
	}{
		{"huge in the middle", []string{good, huge, good}, false, "gg", []int64{2}},
		{"huge first", []string{huge, good}, false, "g", []int64{1}},
		{"huge last without line end", []string{good, huge}, true, "g", []int64{2}},
		{"just over", []string{justOver, good, justOver}, false, "g", []int64{1, 3}},
		{"just under is kept", []string{justUnder, good}, false, "ug", nil},
		{"no final line end", []string{good, good}, true, "gg", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := strings.Join(tc.lines, "\n")
			if !tc.noEOL {
				s += "\n"
			}
			got, st, err := readAll(t, iotest.HalfReader(strings.NewReader(s)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "") != tc.want {
				t.Fatalf("got accounts %q, want %q", strings.Join(got, ""), tc.want)
			}
			var lines []int64
			for _, p := range st.Rejects.Shown {
				if p.Reason != ReasonTooLong {
					t.Fatalf("unexpected problem %s", p)
				}
				lines = append(lines, p.Line)
			}
			if fmt.Sprint(lines) != fmt.Sprint(tc.bad) && !(len(lines) == 0 && len(tc.bad) == 0) {
				t.Fatalf("too-long lines %v, want %v", lines, tc.bad)
			}
			if st.Lines != int64(len(tc.lines)) {
				t.Fatalf("counted %d lines, want %d", st.Lines, len(tc.lines))
			}
		})
	}
}

func TestOpenStdinAndFiles(t *testing.T) {
	data, good, _ := dirtyFile(3000, false)
	dir := t.TempDir()
	for name, b := range map[string][]byte{"plain.jsonl": data, "z.bin": zstdBytes(data), "g.dat": gzipBytes(data)} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		in, err := Open(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := readAll(t, in, Options{})
		in.Close()
		if err != nil || len(got) != len(good) {
			t.Fatalf("%s: %d records, err %v; want %d", name, len(got), err, len(good))
		}
		if in.RawBytesRead() != int64(len(b)) || in.Size != int64(len(b)) {
			t.Fatalf("%s: progress %d of %d, file is %d bytes", name, in.RawBytesRead(), in.Size, len(b))
		}
	}
	in, err := Open("-", bytes.NewReader(zstdBytes(data)))
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := readAll(t, in, Options{})
	if err != nil || len(got) != len(good) || in.Name != "stdin" || in.Compression != Zstd {
		t.Fatalf("stdin: %d records, err %v, name %q, %s", len(got), err, in.Name, in.Compression)
	}
	if _, err := Open(filepath.Join(dir, "missing.jsonl"), nil); err == nil {
		t.Fatal("opening a missing file succeeded")
	}
	// A corrupt zstd stream is an error, not a panic or a silent empty read.
	zs := zstdBytes(data)
	zs = append(zs[:len(zs)/2], bytes.Repeat([]byte{0xff}, 64)...)
	in, err = Open("-", bytes.NewReader(zs))
	if err == nil {
		_, _, err = readAll(t, in, Options{})
	}
	if err == nil {
		t.Fatal("truncated zstd stream read without error")
	}
}

func TestConsumeErrorStops(t *testing.T) {
	data, _, _ := dirtyFile(50000, false)
	boom := errors.New("boom")
	calls := 0
	_, err := ReadExchanges(context.Background(), bytes.NewReader(data), "x", Options{}, Handler[int]{
		Consume: func(b *Batch[int]) error { calls++; return boom },
	})
	if !errors.Is(err, boom) || calls != 1 {
		t.Fatalf("err %v after %d calls, want boom after 1", err, calls)
	}
}

func TestReadTables(t *testing.T) {
	accounts := "{\"account_id\":\"a1\",\"verification\":\"none\"}\n\n{\"account_id\":2}\n{\"account_id\":\"a3\",\"created_at\":\"2026-01-01T00:00:00Z\"}\r\n"
	var ids []string
	st, err := ReadAccounts(strings.NewReader(accounts), "accounts.jsonl", Options{}, func(a *record.Account) error {
		ids = append(ids, strings.Clone(a.AccountID))
		return nil
	})
	if err != nil || strings.Join(ids, ",") != "a1,a3" || st.Rejects.Count != 1 || st.Rejects.Shown[0].Line != 3 {
		t.Fatalf("accounts: %v %v %+v", ids, err, st.Rejects)
	}
	_, err = ReadModels(strings.NewReader("{\"model\":\"m\"}\n"), "models.jsonl", Options{Strict: true}, func(*record.ModelRelease) error { return nil })
	var se *StrictError
	if !errors.As(err, &se) || se.Problem.Line != 1 {
		t.Fatalf("strict models: %v", err)
	}
}

// FuzzReadExchanges feeds arbitrary bytes through the whole reader: it must
// never panic, and every line is either a record or a rejection.
func FuzzReadExchanges(f *testing.F) {
	f.Add([]byte("{\"ts\":\"2026-05-01T12:00:00Z\",\"account_id\":\"a\"}\n{\n\r\n\xff\n"))
	f.Add([]byte{0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0})
	f.Add([]byte{0x1f, 0x8b, 8, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		in, _, err := Decompress(bytes.NewReader(data))
		if err != nil {
			return
		}
		defer in.Close()
		var n int64
		st, err := ReadExchanges(context.Background(), in, "fuzz", Options{Workers: 2}, Handler[struct{}]{
			Consume: func(b *Batch[struct{}]) error { n += int64(len(b.Records)); return nil },
		})
		if err != nil {
			return // a broken compressed stream is an error, fine
		}
		if n != st.Records || n+st.Rejects.Count > st.Lines {
			t.Fatalf("records %d + rejects %d > lines %d", n, st.Rejects.Count, st.Lines)
		}
	})
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func zstdBytes(b []byte) []byte {
	w, _ := zstd.NewWriter(nil)
	return w.EncodeAll(b, nil)
}

// TestLines: numbering counts blank lines; blank lines and line ends
// (\n and \r\n, as the streaming reader frames them) are not passed; a
// last line without '\n' is.
func TestLines(t *testing.T) {
	cases := []struct {
		in   string
		want string
	}{
		{"", ""},
		{"a\nb\n", "1:a 2:b "},
		{"a\n\n \t\r\nb", "1:a 4:b "},
		{"\n\na\r\n", "3:a "},
		{"a\r\r\n\v\n", "1:a\r 2:\v "},
	}
	for _, c := range cases {
		got := ""
		Lines([]byte(c.in), func(no int64, line []byte) { got += fmt.Sprintf("%d:%s ", no, line) })
		if got != c.want {
			t.Errorf("Lines(%q) gave %q, want %q", c.in, got, c.want)
		}
	}
}

// TestLineNumbersAcrossChunks: every rejected line of an input several
// chunks long is reported with its own number, which parsers learn only
// from their place in the chunk and the consumer from the chunks before.
func TestLineNumbersAcrossChunks(t *testing.T) {
	data, _, bad := dirtyFile(150000, false)
	if len(data) < 2*chunkBytes {
		t.Fatalf("input of %d bytes is under two chunks", len(data))
	}
	_, st, err := readAll(t, bytes.NewReader(data), Options{Workers: 3, Shown: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Rejects.Shown) != len(bad) {
		t.Fatalf("shown %d problems, want %d", len(st.Rejects.Shown), len(bad))
	}
	for _, p := range st.Rejects.Shown {
		if want, ok := bad[p.Line]; !ok || want != p.Reason {
			t.Fatalf("reported %s, but line %d is %q", p, p.Line, want)
		}
	}
	if want := int64(bytes.Count(data, []byte{'\n'})); st.Lines != want {
		t.Fatalf("counted %d lines, want %d", st.Lines, want)
	}
}
