package simulate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// Clients: SDKs with version histories, the runtimes they run on, and the
// TLS client fingerprints those runtimes present. A request's User-Agent
// comes from the SDK (and its version at the time), its fingerprint from the
// runtime, except behind a TLS-terminating proxy, where the provider sees the
// proxy's handshake whatever the SDK.

// runtimeID names a TLS stack.
type runtimeID uint8

const (
	rtPythonLinux runtimeID = iota
	rtPythonMac
	rtPythonWin
	rtNode
	rtBun
	rtGo
	rtJava
	rtCurlLinux
	rtCurlMac
	rtCurlWin
	rtAndroid
	rtIOS
	rtChrome
	rtElectron
	rtRust
	rtProxyA // TLS-terminating corporate proxies (three products)
	rtProxyB
	rtProxyC
	numRuntimes
)

// runtimeDef is one TLS stack and its fingerprint variants (OS and library
// versions give a handful of fingerprints per runtime).
type runtimeDef struct {
	name     string
	alpn     string
	variants int
}

var runtimeDefs = [numRuntimes]runtimeDef{
	rtPythonLinux: {"python-openssl-linux", "h1", 3},
	rtPythonMac:   {"python-openssl-macos", "h1", 2},
	rtPythonWin:   {"python-openssl-windows", "h1", 2},
	rtNode:        {"node-openssl", "h1", 4},
	rtBun:         {"bun-boringssl", "h1", 1},
	rtGo:          {"go-crypto-tls", "h2", 3},
	rtJava:        {"java-jsse", "h2", 2},
	rtCurlLinux:   {"curl-openssl", "h2", 2},
	rtCurlMac:     {"curl-securetransport", "h2", 1},
	rtCurlWin:     {"curl-schannel", "h2", 1},
	rtAndroid:     {"okhttp-conscrypt", "h2", 2},
	rtIOS:         {"ios-cfnetwork", "h2", 2},
	rtChrome:      {"chrome-boringssl", "h2", 3},
	rtElectron:    {"electron-boringssl", "h2", 2},
	rtRust:        {"rustls", "h2", 1},
	rtProxyA:      {"swg-proxy-a", "h1", 1},
	rtProxyB:      {"swg-proxy-b", "h2", 1},
	rtProxyC:      {"swg-proxy-c", "h1", 1},
}

// fingerprints[rt][v] is the JA4-style fingerprint of variant v of runtime
// rt. They depend on nothing but the runtime, like real fingerprints, so the
// same stack looks the same in every data set.
var fingerprints = func() [numRuntimes][]string {
	var out [numRuntimes][]string
	for rt, d := range runtimeDefs {
		for v := 0; v < d.variants; v++ {
			s1 := sha256.Sum256([]byte(fmt.Sprintf("%s/%d/ciphers", d.name, v)))
			s2 := sha256.Sum256([]byte(fmt.Sprintf("%s/%d/extensions", d.name, v)))
			nc := 8 + int(s1[31])%24
			ne := 8 + int(s2[31])%12
			out[rt] = append(out[rt], fmt.Sprintf("t13d%02d%02d%s_%s_%s", nc, ne, d.alpn, hex.EncodeToString(s1[:6]), hex.EncodeToString(s2[:6])))
		}
	}
	return out
}()

// sdkID names a client library or application.
type sdkID uint8

const (
	sdkPython sdkID = iota
	sdkNode
	sdkGo
	sdkJava
	sdkOpenAIPy
	sdkOpenAINode
	sdkHTTPX
	sdkRequests
	sdkCurl
	sdkAxios
	sdkLangChain
	sdkLiteLLM
	sdkGoHTTP
	sdkOkHTTP
	sdkIOSApp
	sdkBrowser
	sdkElectron
	sdkCLI
	sdkReqwest
	sdkAgentCLI // a popular open-source coding agent, shipped as one bundled binary
	numSDKs
)

// sdkDef describes one client library: its User-Agent format, how often it
// releases, the runtimes it runs on, and request habits that depend on the
// client rather than on who uses it.
type sdkDef struct {
	name     string
	ua       string // fmt format with one %s for the version
	major    int
	cadence  float64 // mean days between releases
	runtimes []runtimeID
	rtw      []float64
	// maxTokens is the probability that a request from this client carries
	// max_tokens (the native SDKs require it; generic HTTP clients often
	// leave it out when they speak an OpenAI-compatible dialect).
	maxTokens float64
	// thinkingSince is the fraction of the version history after which the
	// client knows the thinking parameter (older versions never send it).
	thinkingSince float64
}

var sdkDefs = [numSDKs]sdkDef{
	sdkPython:     {"atlas-python", "Atlas/Python %s", 0, 9, []runtimeID{rtPythonLinux, rtPythonMac, rtPythonWin}, []float64{0.6, 0.3, 0.1}, 1, 0.55},
	sdkNode:       {"atlas-node", "Atlas/JS %s", 0, 10, []runtimeID{rtNode, rtBun}, []float64{0.92, 0.08}, 1, 0.55},
	sdkGo:         {"atlas-go", "Atlas/Go %s", 1, 20, []runtimeID{rtGo}, nil, 1, 0.6},
	sdkJava:       {"atlas-java", "Atlas/Java %s", 2, 25, []runtimeID{rtJava}, nil, 1, 0.6},
	sdkOpenAIPy:   {"openai-python", "OpenAI/Python %s", 1, 7, []runtimeID{rtPythonLinux, rtPythonMac, rtPythonWin}, []float64{0.6, 0.3, 0.1}, 0.7, 2},
	sdkOpenAINode: {"openai-node", "OpenAI/JS %s", 4, 8, []runtimeID{rtNode, rtBun}, []float64{0.9, 0.1}, 0.7, 2},
	sdkHTTPX:      {"httpx", "python-httpx/%s", 0, 40, []runtimeID{rtPythonLinux, rtPythonMac, rtPythonWin}, []float64{0.7, 0.2, 0.1}, 0.9, 0.5},
	sdkRequests:   {"requests", "python-requests/%s", 2, 60, []runtimeID{rtPythonLinux, rtPythonMac, rtPythonWin}, []float64{0.6, 0.25, 0.15}, 0.85, 0.5},
	sdkCurl:       {"curl", "curl/%s", 8, 50, []runtimeID{rtCurlLinux, rtCurlMac, rtCurlWin}, []float64{0.55, 0.35, 0.1}, 0.95, 0.3},
	sdkAxios:      {"axios", "axios/%s", 1, 30, []runtimeID{rtNode}, nil, 0.85, 0.5},
	sdkLangChain:  {"langchain-atlas", "langchain-atlas/%s", 0, 12, []runtimeID{rtPythonLinux, rtPythonMac}, []float64{0.8, 0.2}, 1, 0.6},
	sdkLiteLLM:    {"litellm", "litellm/%s", 1, 4, []runtimeID{rtPythonLinux}, nil, 0.9, 0.4},
	sdkGoHTTP:     {"go-http", "Go-http-client/%s", 2, 0, []runtimeID{rtGo}, nil, 0.9, 0.5},
	sdkOkHTTP:     {"okhttp", "okhttp/%s", 4, 45, []runtimeID{rtAndroid}, nil, 1, 0.7},
	sdkIOSApp:     {"ios-app", "ChatPocket/%s CFNetwork/1494.0.7 Darwin/23.4.0", 3, 14, []runtimeID{rtIOS}, nil, 1, 0.5},
	sdkBrowser:    {"browser", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36", 130, 28, []runtimeID{rtChrome}, nil, 1, 0.4},
	sdkElectron:   {"electron-app", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) DeskChat/%s Chrome/128.0.6613.186 Electron/32.2.5 Safari/537.36", 1, 16, []runtimeID{rtElectron}, nil, 1, 0.5},
	sdkCLI:        {"atlas-cli", "atlas-cli/%s (external, cli)", 1, 5, []runtimeID{rtNode, rtBun}, []float64{0.8, 0.2}, 1, 0.2},
	sdkReqwest:    {"reqwest", "reqwest/%s", 0, 45, []runtimeID{rtRust}, nil, 0.9, 0.5},
	// The agent bundles its runtime: every install presents the same TLS
	// handshake, always sends max_tokens and knows thinking.
	sdkAgentCLI: {"forge-agent", "forge-agent/%s (external, cli)", 1, 4, []runtimeID{rtBun}, nil, 1, 0},
}

// sdkVersion is one release: its User-Agent string and release time.
type sdkVersion struct {
	ua       string
	released int64 // unix seconds
}

// clientWorld holds the version histories of one run.
type clientWorld struct {
	versions [numSDKs][]sdkVersion
}

// buildClients generates release histories from well before start until
// end, so that users on old versions and new releases during the period
// both exist.
func buildClients(seed uint64, start, end int64) *clientWorld {
	r := newRand(hash2(seed, saltWorld), 7)
	cw := &clientWorld{}
	for id, d := range sdkDefs {
		if d.cadence == 0 {
			cw.versions[id] = []sdkVersion{{fmt.Sprintf(d.ua, "2.0"), start - 3*365*86400}}
			continue
		}
		t := start - int64(400*86400)
		minor, patch := 1+r.IntN(30), 0
		for t < end {
			v := fmt.Sprintf("%d.%d.%d", d.major, minor, patch)
			if sdkID(id) == sdkBrowser {
				// Chrome numbers its builds major.0.build.patch.
				v = fmt.Sprintf("%d.0.%d.%d", d.major+minor/3, 6400+minor*41, 40+patch*13%160)
			}
			cw.versions[id] = append(cw.versions[id], sdkVersion{fmt.Sprintf(d.ua, v), t})
			if r.Float64() < 0.3 {
				minor++
				patch = 0
			} else {
				patch++
			}
			t += int64(d.cadence * 86400 * (0.3 + 1.4*r.Float64()))
		}
	}
	return cw
}

// versionAt is the index of the newest version released at or before t.
func (cw *clientWorld) versionAt(s sdkID, t int64) int {
	v := cw.versions[s]
	i := sort.Search(len(v), func(i int) bool { return v[i].released > t })
	if i == 0 {
		return 0
	}
	return i - 1
}

// client is how one account (or one harness deployment) talks to the API.
type client struct {
	sdk sdkID
	fp  string
	// lag is how many seconds after a release this client upgrades; pinned
	// clients stay on pinnedAt's version.
	lag      int64
	pinned   bool
	pinnedAt int64
	noUA     bool // a hand-rolled client that sends no User-Agent
}

// uaAt returns the User-Agent at unix second t and whether the client knows
// the thinking parameter at that version.
func (cw *clientWorld) uaAt(c *client, t int64) (string, bool) {
	at := t - c.lag
	if c.pinned {
		at = c.pinnedAt
	}
	return cw.uaOf(c.sdk, at)
}

// uaOf returns the User-Agent of the version of s current at unix second at
// and whether that version knows the thinking parameter.
func (cw *clientWorld) uaOf(s sdkID, at int64) (string, bool) {
	i := cw.versionAt(s, at)
	n := len(cw.versions[s])
	thinking := float64(i) >= sdkDefs[s].thinkingSince*float64(n-1)
	return cw.versions[s][i].ua, thinking
}

// clientMix is a population's choice of SDKs and upgrade habits.
type clientMix struct {
	sdks      chooser[sdkID]
	lagDays   float64 // mean upgrade delay
	pinShare  float64 // share that never upgrade during the period
	noUAShare float64
}

func mix(lagDays, pin float64, items ...weighted[sdkID]) clientMix {
	return clientMix{sdks: newChooser(items...), lagDays: lagDays, pinShare: pin}
}

func w[T any](weight float64, v T) weighted[T] { return weighted[T]{weight, v} }

// newClient draws a client from m for an account created at created (unix
// seconds). proxyRT, when set, is the TLS-terminating proxy that every
// request of this account passes through.
func newClient(r *rand.Rand, m *clientMix, created int64, proxyRT runtimeID) client {
	s := m.sdks.pick(r.Float64())
	return clientFor(r, s, m, created, proxyRT)
}

func clientFor(r *rand.Rand, s sdkID, m *clientMix, created int64, proxyRT runtimeID) client {
	d := &sdkDefs[s]
	rt := d.runtimes[0]
	if len(d.runtimes) > 1 {
		w := d.rtw
		if w == nil {
			w = make([]float64, len(d.runtimes))
			for i := range w {
				w[i] = 1
			}
		}
		rt = d.runtimes[makeCDF(w...).pick(r.Float64())]
	}
	c := client{sdk: s}
	if proxyRT != 0 {
		rt = proxyRT
	}
	fps := fingerprints[rt]
	c.fp = fps[r.IntN(len(fps))]
	c.lag = int64(-math.Log(1-r.Float64()) * m.lagDays * 86400)
	if r.Float64() < m.pinShare {
		c.pinned = true
		c.pinnedAt = created - int64(r.Float64()*120*86400)
	}
	c.noUA = r.Float64() < m.noUAShare
	return c
}

// fpOf returns a fingerprint of runtime rt chosen by u.
func fpOf(rt runtimeID, u float64) string {
	fps := fingerprints[rt]
	return fps[int(u*float64(len(fps)))%len(fps)]
}
