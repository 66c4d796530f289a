// CoreDNS with only the plugins the test cluster's Corefile uses (see
// ../dataplane/coredns.yaml): the full build pulls in every cloud DNS SDK.
// No `forward`: the cluster answers cluster.local names and nothing else,
// so no query can ever leave the test cluster's network namespaces.
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/loop"
	_ "github.com/coredns/coredns/plugin/ready"
	_ "github.com/coredns/coredns/plugin/reload"
)

func main() {
	_ = dnsserver.Directives // the plugin order of the upstream build
	coremain.Run()
}
