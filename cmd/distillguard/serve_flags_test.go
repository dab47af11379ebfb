package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestServeNeverPrintsToken: the token from the environment appears in
// neither --help, nor a flag error's usage, nor a refusal of the token:
// all of these reach terminals and service logs.
func TestServeNeverPrintsToken(t *testing.T) {
	const secret = "zz-env-secret-7f3a9c1e5b"
	for _, tc := range []struct {
		name, env string
		args      []string
		code      int
	}{
		{"help", secret, []string{"serve", "--help"}, exitOK},
		{"help command", secret, []string{"help", "serve"}, exitOK},
		{"bogus flag", secret, []string{"serve", "--bogus-flag"}, exitUsage},
		{"bad flag value", secret, []string{"serve", "--max-body", "lots"}, exitUsage},
		{"stray argument", secret, []string{"serve", "stray"}, exitUsage},
		{"token too short", "zz-short-7f3", []string{"serve", "--data-dir", t.TempDir(), "--addr", "no-such-address:bogus"}, exitUsage},
		{"named token too short", "alice:zz-short-7f3", []string{"serve", "--data-dir", t.TempDir(), "--addr", "no-such-address:bogus"}, exitUsage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DISTILLGUARD_TOKEN", tc.env)
			var out, errOut bytes.Buffer
			code := run(&env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut}, tc.args)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, errOut.String())
			}
			secretPart := tc.env[strings.Index(tc.env, ":")+1:]
			if all := out.String() + errOut.String(); strings.Contains(all, secretPart) {
				t.Errorf("the token was printed:\n%s", all)
			}
			if out.Len()+errOut.Len() == 0 {
				t.Error("nothing printed")
			}
		})
	}
}

// TestServeBoundsMustBePositive: a zero or negative clock tolerance or
// account bound is a usage error, not a server that refuses everything.
func TestServeBoundsMustBePositive(t *testing.T) {
	t.Setenv("DISTILLGUARD_TOKEN", "zz-env-secret-7f3a9c1e5b")
	for _, args := range [][]string{{"--max-skew", "0s"}, {"--max-late", "-1h"}, {"--max-accounts", "0"}} {
		var out, errOut bytes.Buffer
		code := run(&env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut}, append([]string{"serve", "--data-dir", t.TempDir()}, args...))
		if code != exitUsage || !strings.Contains(errOut.String(), "must be positive") {
			t.Errorf("serve %v: exit %d, stderr %s", args, code, errOut.String())
		}
	}
}
