// etcd server, as in go.etcd.io/etcd/server/v3/main.go. Lives in its own Go
// module so its dependency versions never have to agree with Kubernetes'.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
