package textgen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/distillguard/distillguard/internal/record"
)

// realSource is one file of a folder shaped like ../shared/data/prompts and
// the way to read a prompt out of one of its lines.
type realSource struct {
	file string
	read func(line []byte) (string, record.Capability, error)
}

// RealSourceFiles are the files LoadRealPrompts reads, in the order it reads
// them.
var RealSourceFiles = func() []string {
	out := make([]string, len(realSources))
	for i, s := range realSources {
		out[i] = s.file
	}
	return out
}()

var realSources = []realSource{
	{"humaneval.jsonl", field("prompt", record.Coding)},
	{"gsm8k_train.jsonl", field("question", record.Reasoning)},
	{"bfcl_v4_simple_python.jsonl", readBFCL},
	{"bfcl_v4_multiple.jsonl", readBFCL},
	{"mt_bench.jsonl", readMTBench},
	{"self_instruct_seed_tasks.jsonl", readSelfInstruct},
	{"oasst_prompt_lottery_en_250.jsonl", readOASST},
	{"arena_hard_v0.1.jsonl", field("prompt", record.General)},
}

var errEmpty = errors.New("empty prompt")

func field(name string, c record.Capability) func([]byte) (string, record.Capability, error) {
	return func(line []byte) (string, record.Capability, error) {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(line, &m); err != nil {
			return "", 0, err
		}
		var s string
		if err := json.Unmarshal(m[name], &s); err != nil {
			return "", 0, fmt.Errorf("field %q: %w", name, err)
		}
		return s, c, nil
	}
}

func readBFCL(line []byte) (string, record.Capability, error) {
	var v struct {
		Question [][]struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"question"`
	}
	if err := json.Unmarshal(line, &v); err != nil {
		return "", 0, err
	}
	if len(v.Question) == 0 {
		return "", 0, errEmpty
	}
	for _, m := range v.Question[0] {
		if m.Role == "user" {
			return m.Content, record.Agentic, nil
		}
	}
	return "", 0, errEmpty
}

func readMTBench(line []byte) (string, record.Capability, error) {
	var v struct {
		Category string   `json:"category"`
		Turns    []string `json:"turns"`
	}
	if err := json.Unmarshal(line, &v); err != nil {
		return "", 0, err
	}
	if len(v.Turns) == 0 {
		return "", 0, errEmpty
	}
	c := record.General
	switch v.Category {
	case "math", "reasoning":
		c = record.Reasoning
	case "coding":
		c = record.Coding
	}
	return v.Turns[0], c, nil
}

func readSelfInstruct(line []byte) (string, record.Capability, error) {
	var v struct {
		Instruction string `json:"instruction"`
		Instances   []struct {
			Input string `json:"input"`
		} `json:"instances"`
	}
	if err := json.Unmarshal(line, &v); err != nil {
		return "", 0, err
	}
	s := v.Instruction
	if len(v.Instances) > 0 && strings.TrimSpace(v.Instances[0].Input) != "" {
		s += "\n\n" + v.Instances[0].Input
	}
	return s, record.General, nil
}

func readOASST(line []byte) (string, record.Capability, error) {
	var s string
	if err := json.Unmarshal(line, &s); err != nil {
		return "", 0, err
	}
	return s, record.General, nil
}

// RealLoadStats says what LoadRealPrompts read.
type RealLoadStats struct {
	Files     []string // files found and read
	Malformed int      // lines skipped because they did not parse
}

// LoadRealPrompts reads the JSONL prompt sets of dir (a folder shaped like
// ../shared/data/prompts) and groups the prompts by the capability their
// source implies: humaneval → coding, gsm8k → reasoning, bfcl → agentic,
// mt_bench → its category (math and reasoning → reasoning, coding → coding,
// the rest → general; first turn), self-instruct, oasst and arena-hard →
// general. Missing files are skipped; a folder with none of them is an error
// naming the files expected. Malformed or empty lines are skipped and
// counted (see LoadRealPromptsStats).
func LoadRealPrompts(dir string) (*RealPrompts, error) {
	p, _, err := LoadRealPromptsStats(dir)
	return p, err
}

// LoadRealPromptsStats is LoadRealPrompts that also reports which files were
// read and how many lines were skipped.
func LoadRealPromptsStats(dir string) (*RealPrompts, RealLoadStats, error) {
	var st RealLoadStats
	p := &RealPrompts{}
	for _, src := range realSources {
		path := filepath.Join(dir, src.file)
		f, err := os.Open(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, st, fmt.Errorf("cannot open prompt set %s: %w", path, err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<16), 64<<20)
		for sc.Scan() {
			line := sc.Bytes()
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			s, c, err := src.read(line)
			if err != nil || strings.TrimSpace(s) == "" || c >= record.NumCapabilities {
				st.Malformed++
				continue
			}
			p.byCap[c] = append(p.byCap[c], s)
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, st, fmt.Errorf("cannot read prompt set %s: %w", path, err)
		}
		st.Files = append(st.Files, src.file)
	}
	if len(st.Files) == 0 {
		return nil, st, fmt.Errorf("cannot load real prompts: %s holds none of the expected files (%s)", dir, strings.Join(RealSourceFiles, ", "))
	}
	return p, st, nil
}
