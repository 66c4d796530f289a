// A stand-in for traefik/whoami (its module is not served by the module proxy
// this project can reach); see ../README.md "Images".
module k8s-labs.local/testcluster/whoami

go 1.26.0
