//go:build tools

// Upstream programs built straight from the pinned k8s.io/kubernetes module
// (no wrapper needed): listed here so `go mod tidy` keeps their dependencies.
package tools

import (
	_ "k8s.io/kubernetes/test/images/agnhost"
)
