// Package clustertest starts real NATS JetStream servers inside a test
// process, single nodes or clusters on loopback ports, so that tests of
// package cluster and of its users run against the real thing rather than a
// mock. Everything started is shut down by the test's cleanup.
package clustertest

import (
	"fmt"
	"net"
	"net/url"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// startTimeout bounds how long a node or a cluster may take to be ready.
const startTimeout = 20 * time.Second

// StartNode starts a single JetStream server on a random loopback port and
// returns its client URL.
func StartNode(t testing.TB) (url string, s *server.Server) {
	t.Helper()
	s, err := server.NewServer(nodeOptions(t, "single"))
	if err != nil {
		t.Fatalf("cannot create NATS server: %v", err)
	}
	t.Cleanup(func() { shutdown(s) })
	s.Start()
	if !s.ReadyForConnections(startTimeout) {
		t.Fatalf("NATS server not ready after %v", startTimeout)
	}
	return s.ClientURL(), s
}

// nodeOptions are one JetStream node's options: loopback, a random client
// port, its own store under the test's temporary directory, quiet.
func nodeOptions(t testing.TB, name string) *server.Options {
	return &server.Options{
		ServerName: name,
		Host:       "127.0.0.1",
		Port:       -1,
		NoLog:      true,
		NoSigs:     true,
		JetStream:  true,
		StoreDir:   t.TempDir(),
	}
}

// StartCluster starts an n-node JetStream cluster on loopback ports, waits
// until it has a meta leader that sees every peer, and returns the nodes'
// client URLs in node order. Tests may shut nodes down (Shutdown) to inject
// failures; the cleanup tolerates it. A cluster of one node is StartNode.
func StartCluster(t testing.TB, n int) (urls []string, nodes []*server.Server) {
	t.Helper()
	if n < 1 {
		t.Fatalf("cannot start a cluster of %d nodes", n)
	}
	if n == 1 {
		url, s := StartNode(t)
		return []string{url}, []*server.Server{s}
	}
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		urls, nodes, err = startCluster(t, n)
		if err == nil {
			return urls, nodes
		}
		t.Logf("starting cluster, attempt %d: %v", attempt+1, err)
	}
	t.Fatalf("cannot start a %d-node cluster: %v", n, err)
	return nil, nil
}

func startCluster(t testing.TB, n int) ([]string, []*server.Server, error) {
	// Reserve the route ports first: every node must list all the others
	// from the start for the JetStream meta group to know its size.
	ports, err := freePorts(n)
	if err != nil {
		return nil, nil, err
	}
	routes := make([]*url.URL, n)
	for i, p := range ports {
		routes[i] = &url.URL{Scheme: "nats", Host: fmt.Sprintf("127.0.0.1:%d", p)}
	}
	nodes := make([]*server.Server, 0, n)
	fail := func(err error) ([]string, []*server.Server, error) {
		for _, s := range nodes {
			shutdown(s)
		}
		return nil, nil, err
	}
	for i := range n {
		var peers []*url.URL
		for j, r := range routes {
			if j != i {
				peers = append(peers, r)
			}
		}
		opts := nodeOptions(t, fmt.Sprintf("n%d", i+1))
		opts.Cluster = server.ClusterOpts{Name: "dg-test", Host: "127.0.0.1", Port: ports[i]}
		opts.Routes = peers
		s, err := server.NewServer(opts)
		if err != nil {
			return fail(fmt.Errorf("cannot create node %d: %w", i+1, err))
		}
		nodes = append(nodes, s)
		s.Start()
	}
	urls := make([]string, n)
	for i, s := range nodes {
		if !s.ReadyForConnections(startTimeout) {
			return fail(fmt.Errorf("node %d not ready after %v", i+1, startTimeout))
		}
		if a := s.ClusterAddr(); a == nil || a.Port != ports[i] {
			return fail(fmt.Errorf("node %d did not bind its route port %d", i+1, ports[i]))
		}
		urls[i] = s.ClientURL()
	}
	if err := waitForMeta(nodes); err != nil {
		return fail(err)
	}
	t.Cleanup(func() {
		for _, s := range nodes {
			shutdown(s)
		}
	})
	return urls, nodes, nil
}

// waitForMeta waits until one node leads the JetStream meta group, sees all
// the peers, and every node is current.
func waitForMeta(nodes []*server.Server) error {
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		ready := true
		leader := false
		for _, s := range nodes {
			if !s.JetStreamIsCurrent() {
				ready = false
			}
			if s.JetStreamIsLeader() && len(s.JetStreamClusterPeers()) == len(nodes) {
				leader = true
			}
		}
		if ready && leader {
			return nil
		}
		time.Sleep(25 * time.Millisecond)
	}
	return fmt.Errorf("no JetStream meta leader with %d peers after %v", len(nodes), startTimeout)
}

// freePorts returns n loopback ports that were free a moment ago.
func freePorts(n int) ([]int, error) {
	ports := make([]int, n)
	ls := make([]net.Listener, 0, n)
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for i := range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("cannot reserve a port: %w", err)
		}
		ls = append(ls, l)
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return ports, nil
}

// shutdown stops s and waits until it has. It may be called more than once.
func shutdown(s *server.Server) {
	s.Shutdown()
	s.WaitForShutdown()
}
