package replay

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoDetectionStack: replay plays a gateway, which knows the server only
// by the wire API (docs/api.md); linking the engine would let replay lean on
// its types instead of the documented shapes.
func TestNoDetectionStack(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the imports with")
	}
	out, err := exec.Command(goBin, "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	const mod = "github.com/distillguard/distillguard/internal/"
	for _, dep := range strings.Fields(string(out)) {
		switch dep {
		case mod + "detect", mod + "online", mod + "server":
			t.Errorf("internal/replay depends on %s", dep)
		}
	}
}
