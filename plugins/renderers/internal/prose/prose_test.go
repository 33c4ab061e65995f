package prose

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A README's purpose is its first prose; a line that only points to the
// documentation is none, and a README of headings and pointers gives its
// first heading that reads as a sentence.
func TestReadmeLead(t *testing.T) {
	for text, want := range map[string]string{
		"<div align=\"center\"> <a href=\"https://fastify.dev/\">\n    <img\n      src=\"https://x/logo.svg\"\n      width=\"650\"\n    />\n  </a>\n</div>\n\n[![Package Manager\nCI](https://x/ci.svg)](https://x/ci)\n[![NPM\nversion](https://x/v.svg)](https://x/npm)\n\n<br />\n\nAn efficient server implies a lower cost.\n": "An efficient server implies a lower cost.",
		"# Serde JSON &emsp; [![Build Status]][actions]\n\n[Build Status]: https://img.shields.io/x.svg\n[actions]: https://github.com/x/actions\n\n**Serde is a framework for *ser*ializing data.**\n":                                                                                                                             "Serde is a framework for serializing data.",
		"## Sub-split of Flysystem for local file storage.\n\n> ⚠️ a sub-split\n\n```bash\ncomposer require x\n```\n\nView the [documentation](https://x/docs).\n":                                                                                                                                                                  "Sub-split of Flysystem for local file storage.",
		"# flask\n\nView the [docs](https://x).\n\nFlask is a lightweight web framework.\n":                       "Flask is a lightweight web framework.",
		"# gin\n\n[![Build](https://x/b.svg)](https://x)\n\nGin is a [web framework](https://x) written in Go.\n": "Gin is a web framework written in Go.",
		"# x\n\n```sh\nmake\n```\n": "",
		"<p align=\"center\"><img src=\"logo.svg\"></p>\n\n<p align=\"center\">Promise based HTTP client for the browser and node.js</p>\n\n## Browser Support\n\n![Chrome](c.svg) | ![Edge](e.svg) |\n--- | --- |\nLatest ✔ | Latest ✔ |\n": "Promise based HTTP client for the browser and node.js",
		"![Logo](x.svg)\n\n[English readme](https://x/README.md)\n • [简体中文 readme](https://x/README.cn.md)\n • [Deutsche readme](https://x/README.de.md)\n\n\nRich is a Python library for _rich_ text.\n":                                   "Rich is a Python library for rich text.",
		"## Understanding it\n\nSee the presentation here:  \n[Spring Petclinic Sample Application (legacy slides)](https://x/slides)\n\nPetclinic is a sample application.\n":                                                               "Petclinic is a sample application.",
		"<p align=\"center\">\n  <h1 align=\"center\">Zod</h1>\n  <p align=\"center\">\n    TypeScript-first schema validation with static type inference\n    <br/>\n  </p>\n</p>\n":                                                        "TypeScript-first schema validation with static type inference",
		"# t\n\n--- | --- |\nLatest ✔ | 11 ✔ |\n\nA table comes first here.\n":                                     "A table comes first here.",
		"<p align=\"center\"><a href=\"https://x\"><b>Website</b></a> and the docs</p>\n\nReal lead words here.\n": "Real lead words here.",
		"<div align=\"center\">\n  <img src=\"logo.png\">\n</div>\n\n<kbd align=\"center\">\n  <br/>\n  Show your love for fzf -- T-shirts, mugs, and stickers now available!\n  <br/>\n</kbd>\n\nfzf is a general-purpose command-line fuzzy finder.\n": "fzf is a general-purpose command-line fuzzy finder.",
		"Press <kbd>Ctrl</kbd>-<kbd>R</kbd> to search the history of commands.\n": "Press Ctrl-R to search the history of commands.",
		// plug: a sentence that opens a list is no lead; the prose after the list is.
		"# Plug\n\n[![CI](https://x/b.svg)](https://x)\n\nPlug is:\n\n  1. A specification for composing web applications with functions\n  2. Connection adapters\n\nIn other words, Plug allows you to build web applications from small pieces.\n": "In other words, Plug allows you to build web applications from small pieces.",
		"Flask is a web framework. Its parts:\n\n- routing\n": "Flask is a web framework. Its parts:",
		// fmt's support/: a sentence the list ends.
		"This directory contains build support files such as\n\n* CMake modules\n* Build scripts\n": "This directory contains build support files",
		// bleach: a badge's directive and its option are no lead.
		"======\nBleach\n======\n\n.. image:: https://x/badge.svg\n   :target: https://x/actions?query=workflow%3ATest\n\nBleach is an allowed-list-based HTML sanitizing library.\n": "Bleach is an allowed-list-based HTML sanitizing library.",
	} {
		assert.Equal(t, want, ReadmeLead(text), text)
	}
}

func TestDocLead(t *testing.T) {
	for doc, want := range map[string]string{
		"> **Command Line Argument Parser for Rust**\n\nQuick Links:\n- [Derive](x)\n":                                          "Command Line Argument Parser for Rust",
		"Define [`Command`] line [arguments][`Arg`]\n\n[`Arg`]: crate::Arg\n":                                                   "Define Command line arguments",
		"Package store keeps rows. It is\nsafe for concurrent use.\n\nMore here.\n":                                             "Package store keeps rows. It is safe for concurrent use.",
		"# Documentation: Derive Reference\n\n1. [Overview](#overview)\n\nDerive it.\n":                                         "Derive it.",
		"rest_framework.schemas\n\nschemas:\n    __init__.py\n    views.py   # SchemaView\n\nWe expose a minimal public API.\n": "We expose a minimal public API.",
	} {
		assert.Equal(t, want, DocLead(doc), doc)
	}
}

// A sentence ends at a stop outside parentheses that closes no
// abbreviation.
func TestSentenceEnd(t *testing.T) {
	for s, want := range map[string]int{
		"If you want to connect to local syslog (Ex. \"/dev/log\"). Just assign it.": 55,
		"Use a file, e.g. a log. Then more.":                                         22,
		"One sentence.":                                                              -1,
		"Stop here! Not here.":                                                       9,
		"A (nested (deep. x) y). Z.":                                                 22,
	} {
		assert.Equal(t, want, SentenceEnd(s), s)
	}
}

func TestClosed(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"": "", "Reads it": "Reads it.", "Reads it.": "Reads it.",
		"Should it be excluded?": "Should it be excluded?", "Stop!": "Stop!", "Reads the …": "Reads the …"} {
		assert.Equal(t, want, Closed(in), in)
	}
}
