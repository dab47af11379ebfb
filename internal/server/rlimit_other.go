//go:build !unix

package server

// raiseFileLimit: no file limit to raise here.
func raiseFileLimit() uint64 { return 0 }
