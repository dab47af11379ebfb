// Package cluster is the NATS JetStream transport that lets `distillguard
// serve` scale out over several processes.
//
// # Topology
//
// Gateways (the HTTP ingest side) call [Conn.PublishBatch]. Each batch is cut
// into one message per partition, partition = [Partition](account id, N), and
// published to subject "<prefix>.ex.<partition>" of the stream
// "<PREFIX>_EXCHANGES" (file storage, limits retention, R replicas).
// Account records go to their account's partition like exchanges; model
// records, which have no account, go to partition 0. PublishBatch returns only when JetStream has acknowledged every message,
// so once it returns nil the lines are stored on a quorum of nodes; that is
// the point at which the server may answer 200.
//
// Any number of workers ([Conn.RunWorker]) share the N partitions. A worker
// heartbeats into the lease bucket "<prefix>_leases" (key "worker.<id>"),
// computes its fair share ceil(N / live workers) and claims partitions with
// create-if-absent keys "part.<n>" that hold its id. Leases are renewed with
// revision-checked updates and expire by the bucket TTL, so the partitions of
// a worker that dies are taken over by the others after at most one TTL. For
// each partition it owns a worker pulls from the durable consumer
// "part-<n>" (filter "<prefix>.ex.<n>", explicit ack, MaxAckPending 1).
//
// Workers forward per-exchange rows with [Conn.PublishRows] to the stream
// "<PREFIX>_ROWS" (subject "<prefix>.rows"). The single campaign-forming
// stage runs under [Conn.Lead] (lease key "leader") and reads the rows with
// [Conn.ConsumeRows]. It writes its decisions with [Conn.PutDecision] to the
// bucket "<prefix>_decisions", which gateways follow with
// [Conn.WatchDecisions].
//
// # Delivery guarantees
//
// At least once: a message is acknowledged only after the handler returned
// nil. A handler error naks the message with a delay; a crash (or a lost
// lease) leaves it unacknowledged and JetStream redelivers it after the ack
// wait, possibly to another worker. Handlers must therefore be idempotent;
// because of the ordering guarantee below, remembering the highest
// [Delivery.StreamSeq] applied per partition (see [Watermarks]) is enough to
// recognise every duplicate.
//
// Per-partition order: the consumer of a partition has at most one
// unacknowledged message, so message k+1 of a partition is never delivered
// before message k has been acknowledged, whichever worker holds it. The first
// deliveries of a partition therefore follow the stream order, which is the
// publish order. There is no order across partitions.
//
// Leases are timing based: while a worker is cut off from the cluster, two
// workers may briefly believe they own the same partition, and two processes
// may briefly both run under [Conn.Lead]. The server-side MaxAckPending of 1
// keeps per-partition processing serial even then; a forming stage must
// tolerate a short overlap (for instance by writing with revision checks).
//
// Publishes carry a "Nats-Msg-Id" that is a hash of their content, so a
// batch retried within the stream's duplicate window (two minutes by
// default) is stored once.
package cluster
