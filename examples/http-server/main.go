// A net/http server like the ones in "Go in a scratch container" posts:
// it listens on :8080 (or $PORT) and answers / with one line.
// `--version` prints the version and exits, so an image can be smoke-tested
// without starting a server.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
)

// version is set at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println("http-server", version)
		return
	}

	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintln(w, "hello from scratch (http-server)")
	})

	addr := ":" + port
	log.Printf("http-server %s listening on %s", version, addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}
