// A stand-in for traefik/whoami v1.11.0, written for the test cluster because
// the real module cannot be fetched here. It keeps what the labs and their
// checks rely on: the port from WHOAMI_PORT_NUMBER or -port (default 80), and
// the body of `GET /`: "Hostname: <pod>", one "IP:" line per address,
// "RemoteAddr:", then the request line and headers, as whoami prints them.
// Also /health (200) like whoami. Standard library only.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
)

func main() {
	port := flag.String("port", envOr("WHOAMI_PORT_NUMBER", "80"), "port to listen on (env WHOAMI_PORT_NUMBER)")
	name := flag.String("name", os.Getenv("WHOAMI_NAME"), "name printed as Name: (env WHOAMI_NAME)")
	flag.Parse()

	http.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		hostname, _ := os.Hostname()
		var b strings.Builder
		if *name != "" {
			fmt.Fprintf(&b, "Name: %s\n", *name)
		}
		fmt.Fprintf(&b, "Hostname: %s\n", hostname)
		for _, ip := range addresses() {
			fmt.Fprintf(&b, "IP: %s\n", ip)
		}
		fmt.Fprintf(&b, "RemoteAddr: %s\n", r.RemoteAddr)
		fmt.Fprintf(&b, "%s %s %s\n", r.Method, r.URL.RequestURI(), r.Proto)
		fmt.Fprintf(&b, "Host: %s\n", r.Host)
		keys := make([]string, 0, len(r.Header))
		for k := range r.Header {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, v := range r.Header[k] {
				fmt.Fprintf(&b, "%s: %s\n", k, v)
			}
		}
		_, _ = w.Write([]byte(b.String()))
	})
	log.Printf("Starting up on port %s", *port)
	log.Fatal(http.ListenAndServe(":"+*port, nil))
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}

func addresses() []string {
	var out []string
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return out
	}
	for _, a := range addrs {
		if ipnet, ok := a.(*net.IPNet); ok {
			out = append(out, ipnet.IP.String())
		}
	}
	return out
}
