// Command distillguard finds distillation campaigns in LLM API traffic: it
// simulates traffic with known truth, detects campaigns in exchange logs,
// evaluates findings against truth, and serves live decisions to gateways.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Exit codes shared by every subcommand.
const (
	exitOK       = 0 // success
	exitFindings = 1 // the command ran and its result is a failure it defines (e.g. eval below target)
	exitUsage    = 2 // bad flags, unreadable or invalid input
)

// env is what a subcommand may touch, so tests can run commands in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand; each file registers its own from init.
type command struct {
	name    string
	summary string
	run     func(e *env, args []string) int
}

var commands = map[string]command{}

func register(c command) {
	if _, dup := commands[c.name]; dup {
		panic("duplicate command " + c.name)
	}
	commands[c.name] = c
}

func main() {
	os.Exit(run(&env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:]))
}

func run(e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return c.run(e, []string{"--help"})
			}
		}
		usage(e.stdout)
		return exitOK
	case "version", "--version":
		fmt.Fprintln(e.stdout, "distillguard", version())
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "distillguard: unknown command %q\n\n", args[0])
		usage(e.stderr)
		return exitUsage
	}
	return c.run(e, args[1:])
}

func usage(w io.Writer) {
	fmt.Fprint(w, `distillguard finds distillation campaigns in LLM API traffic: thousands of
light accounts that together harvest a model's answers.

Usage:
  distillguard <command> [flags]

Commands:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, `
Run "distillguard <command> --help" for the flags of a command, with examples.
Exit codes: 0 success, 1 a failure the command defines, 2 usage or input error.
`)
}

// newFlags makes a FlagSet whose --help prints the synopsis, a description,
// every flag and the examples, to stdout, as a person asking for help expects.
func newFlags(e *env, name, synopsis, description string, examples ...string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: distillguard %s %s\n\n%s\n\nFlags:\n", name, synopsis, strings.TrimSpace(description))
		fs.PrintDefaults()
		if len(examples) > 0 {
			fmt.Fprintf(w, "\nExamples:\n")
			for _, ex := range examples {
				fmt.Fprintf(w, "  %s\n", ex)
			}
		}
	}
	return fs
}

// parseFlags parses args; it returns (code, false) when the command should
// stop: exitOK after --help, exitUsage after a bad flag or stray argument.
func parseFlags(e *env, fs *flag.FlagSet, args []string) (int, bool) {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return exitOK, false
		}
	}
	if err := fs.Parse(args); err != nil {
		return exitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "distillguard %s: unexpected argument %q (flags start with --)\n", fs.Name(), fs.Arg(0))
		return exitUsage, false
	}
	return exitOK, true
}

// fail prints a one-line error for command name and returns code.
func fail(e *env, name string, code int, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "distillguard %s: %s\n", name, fmt.Sprintf(format, args...))
	return code
}
