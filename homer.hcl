# Homer's configuration for analysing Homer itself (`make homer`).

homer {
  db    = ".homer/homer.db"
  depth = "deep"
}

source "git" {}

source "structure" {
  # Generated protocol code and test fixtures are not code anyone edits.
  exclude = ["sdk/internal/pb/**", "**/testdata/**"]
}

language "go" {}
language "python" {}

analyzer "co-change" {
  min_count      = 3
  min_confidence = 0.3
}

renderer "agents-md" {
  output      = "AGENTS.md"
  circularity = "auto"
}

renderer "risk-map" {
  output = "homer-risk.json"
}

# A context file per source directory; named .context.md here (ignored by
# git) so that analysing Homer leaves no nested AGENTS.md in the tree.
renderer "module-ctx" {
  filename  = ".context.md"
  max_words = 350
}

# One self-contained HTML page: community graph, salience treemap, coupling,
# risks, documentation health, team topology.
renderer "report" {
  output = "homer-report.html"
}

# Skills for the ways this repository usually grows (a command in cmd/homer,
# a package in core/), and a Topos spec of its design areas and types.
renderer "skills" {
  dir = ".claude/skills"
}

renderer "spec" {
  output = "spec/homer.tps"
}

# The pre-commit hook: history and coupling only, cheap.
pipeline "pre-commit" {
  sources   = ["git"]
  analyzers = ["behavioral", "co-change"]
  renderers = []
}

# CI: just the risk map.
pipeline "ci" {
  renderers = ["risk-map"]
}
