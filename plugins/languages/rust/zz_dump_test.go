package rust

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/homer-dev/homer/sdk"
)

func TestZZDump(t *testing.T) {
	root, f := os.Getenv("DUMPROOT"), os.Getenv("DUMPFILE")
	if f == "" {
		t.Skip()
	}
	src, _ := os.ReadFile(root + "/" + f)
	out, _ := New().Parse(context.Background(), []*sdk.SourceFile{{Path: f, Content: src}})
	grep := os.Getenv("DUMPGREP")
	for _, i := range out[0].GetImports() {
		s := fmt.Sprintf("IMP %s alias=%s names=%v line=%d", i.GetSpec(), i.GetAlias(), i.GetNames(), i.GetLine())
		if grep == "" || strings.Contains(s, grep) {
			fmt.Println(s)
		}
	}
	for _, c := range out[0].GetCalls() {
		s := fmt.Sprintf("CALL %s %s q=%s r=%s b=%v line=%d", c.GetCaller(), c.GetName(), c.GetQualifier(), c.GetReceiver(), c.GetBuiltin(), c.GetLine())
		if grep == "" || strings.Contains(s, grep) {
			fmt.Println(s)
		}
	}
	for _, d := range out[0].GetDefinitions() {
		s := fmt.Sprintf("DEF %s %s recv=%s type=%s bases=%v", d.GetQualifiedName(), d.GetKind(), d.GetReceiver(), d.GetType(), d.GetBases())
		if grep == "" || strings.Contains(s, grep) {
			fmt.Println(s)
		}
	}
	for _, d := range out[0].GetDiagnostics() {
		fmt.Println("DIAG", d.GetSummary())
	}
}
