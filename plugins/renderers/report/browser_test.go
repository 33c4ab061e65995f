package report

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// chromium finds a headless browser: Debian's chromium (what .ci/run
// installs), or CHROMIUM naming another.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on PATH (Debian package chromium; .ci/run installs it): the report is not opened in a browser here")
	return ""
}

// probe is inserted into the page: the first part records errors before
// the page's own script runs, the second hovers a treemap cell, types in
// the filter and writes what it saw into the DOM, which --dump-dom prints.
const probeHead = `<script>window.__errors=[];window.addEventListener("error",function(e){window.__errors.push(String(e.message))});
(function(){var ce=console.error;console.error=function(){window.__errors.push(Array.prototype.join.call(arguments," "));ce.apply(console,arguments)}})();</script>`

const probeTail = `<script>(function(){
var out={};
out.svgs=document.querySelectorAll("svg").length;
out.discs=document.querySelectorAll("#community-graph circle").length;
out.links=document.querySelectorAll("#community-graph line").length;
out.cells=document.querySelectorAll("#salience-treemap rect.file").length;
out.matrix=document.querySelectorAll("#coupling-matrix rect").length;
var tip=document.getElementById("tip");
out.tipBefore=!tip.hidden;
var cell=document.querySelector("#salience-treemap rect.file"),box=cell.getBoundingClientRect();
cell.dispatchEvent(new MouseEvent("mouseover",{bubbles:true,clientX:box.left+2,clientY:box.top+2}));
out.hovered=cell.getAttribute("data-filter");out.tipShown=!tip.hidden;out.tip=tip.textContent;
var disc=document.querySelector("#community-graph .community");
disc.dispatchEvent(new MouseEvent("mouseover",{bubbles:true,clientX:10,clientY:10}));
out.discTip=tip.textContent;
document.body.dispatchEvent(new MouseEvent("mouseout",{bubbles:true,relatedTarget:document.body}));
out.tipAfter=!tip.hidden;
var f=document.getElementById("filter");f.value="ledger";f.dispatchEvent(new Event("input"));
out.rows=document.querySelectorAll("tbody tr").length;out.hiddenRows=document.querySelectorAll("tbody tr[hidden]").length;
out.dimmed=document.querySelectorAll("#salience-treemap .dim").length;
out.count=document.getElementById("filter-count").textContent;
out.errors=window.__errors;
var pre=document.createElement("pre");pre.id="probe";pre.textContent=JSON.stringify(out);document.body.appendChild(pre);
})();</script>`

type probeResult struct {
	SVGs, Discs, Links, Cells, Matrix int
	TipBefore, TipShown, TipAfter     bool
	Hovered, Tip, DiscTip             string
	Rows, HiddenRows, Dimmed          int
	Count                             string
	Errors                            []string
}

// The report built from the fixture repository through the real pipeline
// (testdata/pipeline.html.golden) opens in headless Chromium without a
// console error, holds its charts, and shows details on hover; the filter
// hides rows and dims cells that do not match.
func TestReportInChromium(t *testing.T) {
	bin := chromium(t)
	page, err := os.ReadFile(filepath.Join("testdata", "pipeline.html.golden"))
	require.NoError(t, err)
	html := strings.Replace(string(page), "<head>", "<head>\n"+probeHead, 1)
	html = strings.Replace(html, "</body>", probeTail+"\n</body>", 1)
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	require.NoError(t, os.WriteFile(file, []byte(html), 0o644))

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--enable-logging=stderr", "--v=0",
		"--virtual-time-budget=2000", "--dump-dom", "file://"+file)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "chromium: %s", stderr.String())

	m := regexp.MustCompile(`<pre id="probe">(.*?)</pre>`).FindSubmatch(out)
	require.NotNil(t, m, "the probe ran; chromium said:\n%s", stderr.String())
	var got probeResult
	require.NoError(t, json.Unmarshal([]byte(strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(string(m[1]))), &got))

	require.Empty(t, got.Errors, "errors in the page")
	for _, line := range strings.Split(stderr.String(), "\n") {
		require.NotContains(t, line, "Uncaught", "a script error in the console")
	}
	require.Equal(t, 3, got.SVGs, "community graph, treemap and coupling matrix")
	require.Equal(t, 3, got.Discs, "one disc per community")
	require.Equal(t, 1, got.Links, "the one coupled pair of communities")
	require.Greater(t, got.Cells, 5)
	require.Greater(t, got.Matrix, 10)

	require.False(t, got.TipBefore, "no tooltip before hovering")
	require.True(t, got.TipShown, "hovering a cell shows its tooltip")
	require.True(t, strings.HasPrefix(got.Tip, got.Hovered+"\nsalience "), "the tooltip names the hovered file: %q", got.Tip)
	require.Contains(t, got.Tip, "risk ")
	require.Contains(t, got.DiscTip, "files", "a community's tooltip")
	require.False(t, got.TipAfter, "leaving hides the tooltip")

	require.Greater(t, got.HiddenRows, 0, "rows without ledger are hidden")
	require.Less(t, got.HiddenRows, got.Rows, "rows with ledger stay")
	require.Greater(t, got.Dimmed, 0, "treemap cells outside ledger are dimmed")
	require.Regexp(t, `^\d+ match(es)?$`, got.Count)
}
