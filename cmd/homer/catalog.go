package main

import (
	"sync"

	"github.com/homer-dev/homer/core/config"
	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/plugins/languages/c"
	"github.com/homer-dev/homer/plugins/languages/cpp"
	"github.com/homer-dev/homer/plugins/languages/csharp"
	"github.com/homer-dev/homer/plugins/languages/golang"
	"github.com/homer-dev/homer/plugins/languages/java"
	"github.com/homer-dev/homer/plugins/languages/javascript"
	"github.com/homer-dev/homer/plugins/languages/kotlin"
	"github.com/homer-dev/homer/plugins/languages/php"
	"github.com/homer-dev/homer/plugins/languages/python"
	"github.com/homer-dev/homer/plugins/languages/ruby"
	"github.com/homer-dev/homer/plugins/languages/rust"
	"github.com/homer-dev/homer/plugins/languages/swift"
	"github.com/homer-dev/homer/plugins/languages/typescript"
	"github.com/homer-dev/homer/plugins/renderers/agentsmd"
	"github.com/homer-dev/homer/plugins/renderers/modctx"
	"github.com/homer-dev/homer/plugins/renderers/report"
	"github.com/homer-dev/homer/plugins/renderers/riskmap"
	"github.com/homer-dev/homer/plugins/renderers/skills"
	"github.com/homer-dev/homer/plugins/renderers/spec"
	gitsource "github.com/homer-dev/homer/plugins/sources/git"
	"github.com/homer-dev/homer/plugins/sources/structure"
	"github.com/homer-dev/homer/sdk"
)

// builtins is every plugin compiled into homer. Each still runs as its own
// process (homer __plugin KIND NAME), exactly like a third-party plugin.
var builtins = plugin.Catalog{
	{Kind: sdk.KindSource, Name: "git", New: func() sdk.Plugin { return gitsource.New() }},
	{Kind: sdk.KindSource, Name: "structure", New: func() sdk.Plugin { return structure.New() }},
	{Kind: sdk.KindLanguage, Name: "go", New: func() sdk.Plugin { return golang.New() }},
	{Kind: sdk.KindLanguage, Name: "python", New: func() sdk.Plugin { return python.New() }},
	{Kind: sdk.KindLanguage, Name: "typescript", New: func() sdk.Plugin { return typescript.New() }},
	{Kind: sdk.KindLanguage, Name: "javascript", New: func() sdk.Plugin { return javascript.New() }},
	{Kind: sdk.KindLanguage, Name: "csharp", New: func() sdk.Plugin { return csharp.New() }},
	{Kind: sdk.KindLanguage, Name: "c", New: func() sdk.Plugin { return c.New() }},
	{Kind: sdk.KindLanguage, Name: "cpp", New: func() sdk.Plugin { return cpp.New() }},
	{Kind: sdk.KindLanguage, Name: "java", New: func() sdk.Plugin { return java.New() }},
	{Kind: sdk.KindLanguage, Name: "ruby", New: func() sdk.Plugin { return ruby.New() }},
	{Kind: sdk.KindLanguage, Name: "swift", New: func() sdk.Plugin { return swift.New() }},
	{Kind: sdk.KindLanguage, Name: "kotlin", New: func() sdk.Plugin { return kotlin.New() }},
	{Kind: sdk.KindLanguage, Name: "rust", New: func() sdk.Plugin { return rust.New() }},
	{Kind: sdk.KindLanguage, Name: "php", New: func() sdk.Plugin { return php.New() }},
	{Kind: sdk.KindRenderer, Name: "agents-md", New: func() sdk.Plugin { return agentsmd.New() }},
	{Kind: sdk.KindRenderer, Name: "risk-map", New: func() sdk.Plugin { return riskmap.New() }},
	{Kind: sdk.KindRenderer, Name: "module-ctx", New: func() sdk.Plugin { return modctx.New() }},
	{Kind: sdk.KindRenderer, Name: "report", New: func() sdk.Plugin { return report.New() }},
	{Kind: sdk.KindRenderer, Name: "skills", New: func() sdk.Plugin { return skills.New() }},
	{Kind: sdk.KindRenderer, Name: "spec", New: func() sdk.Plugin { return spec.New() }},
}

// enableBuiltinLanguages makes every built-in language plugin a default of
// the configuration, once, before any command reads it.
var enableBuiltinLanguages = sync.OnceFunc(func() {
	var names []string
	for _, b := range builtins {
		if b.Kind == sdk.KindLanguage {
			names = append(names, b.Name)
		}
	}
	config.BuiltinDefaults[sdk.KindLanguage] = names
})
