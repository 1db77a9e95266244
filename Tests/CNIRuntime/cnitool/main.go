// cnitool drives CNI plugins through libcni, the library containerd, CRI-O, podman and Multus call them with, so
// that tests see exactly what a runtime would do: the same environment, stdin, result cache and version checks.
//
//	cnitool add|del|check NETNAME NETNS_PATH
//
// NETCONFPATH names the folder of .conflist/.conf files, CNI_PATH the plugin folders (":"-separated), CNI_IFNAME
// the interface (default eth0), CNI_CONTAINERID the container (default derived from NETNS_PATH), CNI_ARGS the
// plugin arguments (K=V;K=V), CAP_ARGS a JSON object of capability arguments (e.g. portMappings) and CNI_CACHE_DIR
// libcni's result cache. The cache folder is required so that a test never writes libcni's default /var/lib/cni.
//
// add prints the final result on stdout. A failure prints libcni's error on stderr and exits 1.
//
// libcni 1.1.2 (Debian 12) has no GCNetworkList or GetStatusNetworkList, hence no gc or status verb.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/containernetworking/cni/libcni"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "cnitool: %v\n", err)
		os.Exit(1)
	}
}

func run(arguments []string) error {
	if len(arguments) != 3 {
		return errors.New("usage: cnitool add|del|check NETNAME NETNS_PATH")
	}
	verb, network, netns := arguments[0], arguments[1], arguments[2]
	cacheDir := os.Getenv("CNI_CACHE_DIR")
	if cacheDir == "" {
		return errors.New("CNI_CACHE_DIR is not set (without it libcni would write /var/lib/cni)")
	}
	confDir := os.Getenv("NETCONFPATH")
	if confDir == "" {
		return errors.New("NETCONFPATH is not set")
	}
	list, err := libcni.LoadConfList(confDir, network)
	if err != nil {
		return err
	}
	runtime, err := runtimeConf(netns)
	if err != nil {
		return err
	}
	cni := libcni.NewCNIConfigWithCacheDir(filepath.SplitList(os.Getenv("CNI_PATH")), cacheDir, nil)
	ctx := context.Background()
	switch verb {
	case "add":
		result, err := cni.AddNetworkList(ctx, list, runtime)
		if err != nil {
			return err
		}
		return result.PrintTo(os.Stdout)
	case "check":
		return cni.CheckNetworkList(ctx, list, runtime)
	case "del":
		return cni.DelNetworkList(ctx, list, runtime)
	default:
		return fmt.Errorf("unknown verb %q: add, del or check", verb)
	}
}

// runtimeConf is what a runtime knows of the container: its namespace, ID, interface name and arguments.
func runtimeConf(netns string) (*libcni.RuntimeConf, error) {
	ifName := os.Getenv("CNI_IFNAME")
	if ifName == "" {
		ifName = "eth0"
	}
	containerID := os.Getenv("CNI_CONTAINERID")
	if containerID == "" {
		containerID = fmt.Sprintf("cnitool-%x", sha256.Sum256([]byte(netns)))[:28]
	}
	runtime := &libcni.RuntimeConf{ContainerID: containerID, NetNS: netns, IfName: ifName}
	if text := os.Getenv("CNI_ARGS"); text != "" {
		for _, pair := range strings.Split(text, ";") {
			key, value, found := strings.Cut(pair, "=")
			if !found {
				return nil, fmt.Errorf("CNI_ARGS: %q is not KEY=VALUE", pair)
			}
			runtime.Args = append(runtime.Args, [2]string{key, value})
		}
	}
	if text := os.Getenv("CAP_ARGS"); text != "" {
		if err := json.Unmarshal([]byte(text), &runtime.CapabilityArgs); err != nil {
			return nil, fmt.Errorf("CAP_ARGS is not a JSON object: %w", err)
		}
	}
	return runtime, nil
}
