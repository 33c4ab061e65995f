// Package handshake holds what the plugin and the host must agree on before
// they speak: the go-plugin handshake and the protocol versions.
package handshake

import (
	"math"

	plugin "github.com/hashicorp/go-plugin"
)

// ProtocolVersion history:
//
//	1: Plugin{Describe, Configure}, Language{Parse, ResolveImports},
//	   Source{Extract}, Renderer{Render}. First release.
//	   Renderer{RenderModel} added within it: a host falls back to Render
//	   when a plugin answers Unimplemented.
const ProtocolVersion = 1

// PluginName is the single go-plugin name every Homer plugin serves; the kind
// is learnt from Describe.
const PluginName = "homer"

// Config is the go-plugin handshake. The magic cookie only stops a plugin
// binary from being run by hand by mistake; it is not a security measure.
var Config = plugin.HandshakeConfig{
	ProtocolVersion:  ProtocolVersion,
	MagicCookieKey:   "HOMER_PLUGIN_MAGIC_COOKIE",
	MagicCookieValue: "b3f1c0de-homer-plugin-protocol",
}

// MaxMessageSize raises gRPC's 4 MiB default: parse batches and render
// models can be larger. Both sides set it.
const MaxMessageSize = math.MaxInt32
