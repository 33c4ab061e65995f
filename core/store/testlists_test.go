package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
)

// A metrics row that lists tests both ways, as the pipeline writes it.
const (
	metricsTestedFile = "core/src/main/java/org/example/boot/Application.java"
	metricsTestA      = "module/spring-boot-test/src/test/java/org/example/boot/test/context/runner/ContextRunnerTests.java"
	metricsTestB      = "smoke-test/spring-boot-smoke-test-web/src/test/java/smoketest/web/SampleWebApplicationTests.java"
	metricsTestC      = "integration-test/spring-boot-server-tests/src/intTest/java/org/example/boot/ServerIntegrationTests.java"
	metricsRowTested  = `{"path":"` + metricsTestedFile + `","language":"java","lines":728,"is_test":false,"changes":73,"fan_in":41,"fan_out":12,` +
		`"tested_by":["` + metricsTestA + `","` + metricsTestB + `"],"tested_indirectly_by":["` + metricsTestC + `"],` +
		`"salience":0.4113,"class":"foundational-stable","risk":{"score":0.7,"level":"low","reasons":null,"recommendations":null}}`
)

// A centrality row whose dependents are far from its file, as a class
// many modules use has them.
const centralityRowFar = `{"pagerank":0.0058,"betweenness":0,"authority":0.5,"hub":1,"fan_in":2,"fan_out":1,` +
	`"dependents":[{"path":"module/spring-boot-jdbc/src/main/java/org/example/boot/jdbc/autoconfigure/DataSourceAutoConfiguration.java","weight":2,"count":2},{"path":"module/spring-boot-web-server/src/main/java/org/example/boot/web/server/servlet/ServletWebServerFactory.java","weight":0.3333333333333333,"count":1}]}`

// fileKeyOf is keyOf for the paths of a store whose files are all nodes.
func fileKeyOf(p string) (int64, bool) { return NodeKey(record.KindFile, p), true }

// byKey is nameOf for the given paths' file nodes.
func byKey(paths ...string) func(int64) (string, bool) {
	names := map[int64]string{}
	for _, p := range paths {
		names[NodeKey(record.KindFile, p)] = p
	}
	return func(k int64) (string, bool) { n, ok := names[k]; return n, ok }
}

// A metrics row whose tests are all file nodes is stored with their keys,
// shorter than packed with their paths, and reads back byte for byte when
// told their names; a test whose node is gone is left out of its list.
// Any row that lists none, names a test without a node or would not read
// back is left to PackMetrics.
func TestPackMetricsByKeysRoundTrips(t *testing.T) {
	t.Parallel()
	all := byKey(metricsTestA, metricsTestB, metricsTestC)
	for name, c := range map[string]struct {
		data string
		keys int
	}{
		"both lists":       {metricsRowTested, 3},
		"directly only":    {`{"path":"a.go","tested_by":["` + metricsTestA + `"],"tested_indirectly_by":null,"risk":{"score":0}}`, 1},
		"indirectly only":  {`{"path":"a.go","tested_by":null,"tested_indirectly_by":["` + metricsTestB + `","` + metricsTestC + `"]}`, 2},
		"an empty list":    {`{"path":"a.go","tested_by":[],"tested_indirectly_by":["` + metricsTestC + `"]}`, 1},
		"an escaped path":  {`{"path":"a.go","tested_by":["` + metricsTestA + `\u0026u","` + metricsTestB + `\""]}`, 2},
		"no path first":    {`{"lines":3,"tested_by":["` + metricsTestB + `"]}`, 1},
		"spaces in a path": {`{"path":"a b.go","tested_by":["` + metricsTestA + ` b"]}`, 1},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			const file = "a.go"
			paths := MetricsTests([]byte(c.data))
			require.Len(t, paths, c.keys)
			packed, ok := PackMetricsByKeys([]byte(c.data), file, fileKeyOf)
			require.True(t, ok)
			require.Equal(t, byte(packMetricsByKeys), packed[0])
			again, _ := PackMetricsByKeys([]byte(c.data), file, fileKeyOf)
			require.Equal(t, packed, again, "deterministic")
			keys, err := MetricsKeys(packed)
			require.NoError(t, err)
			require.Len(t, keys, c.keys)
			got, err := UnpackMetricsByKeys(packed, file, byKey(paths...))
			require.NoError(t, err)
			require.Equal(t, c.data, string(got))
			_, err = Unpack(packed)
			require.ErrorIs(t, err, ErrPacked, "not read without the tests' names")
		})
	}

	packed, ok := PackMetricsByKeys([]byte(metricsRowTested), metricsTestedFile, fileKeyOf)
	require.True(t, ok)
	got, err := UnpackMetricsByKeys(packed, metricsTestedFile, all)
	require.NoError(t, err)
	require.Equal(t, metricsRowTested, string(got))
	// A key takes 8 bytes where DEFLATE takes a path that shares the
	// file's own at a few: keys pay where tests are many and far apart.
	var many []string
	for _, m := range []string{"web", "jdbc", "jms", "security", "actuate", "data", "test", "docs"} {
		many = append(many, `"module/spring-`+m+`/src/test/java/org/example/`+m+`/`+strings.ToUpper(m[:1])+m[1:]+`AutoConfigurationTests.java"`)
	}
	wide := `{"path":"` + metricsTestedFile + `","lines":3,"tested_by":null,"tested_indirectly_by":[` + strings.Join(many, ",") + `]}`
	packedWide, ok := PackMetricsByKeys([]byte(wide), metricsTestedFile, fileKeyOf)
	require.True(t, ok)
	assert.Less(t, len(packedWide), len(PackMetrics([]byte(wide), metricsTestedFile))*3/4, "keys are shorter than many paths")

	got, err = UnpackMetricsByKeys(packed, metricsTestedFile, byKey(metricsTestB))
	require.NoError(t, err)
	want := strings.Replace(strings.Replace(metricsRowTested, `"`+metricsTestA+`",`, "", 1), `["`+metricsTestC+`"]`, "[]", 1)
	require.Equal(t, want, string(got), "the tests whose nodes are gone left out")

	for name, data := range map[string]string{
		// A test beside its file, as Go keeps them: its path DEFLATEs
		// primed with the file's into fewer bytes than a key.
		"a test beside":  `{"path":"a.go","tested_by":["a_test.go"],"tested_indirectly_by":null}`,
		"no test":        `{"path":"a.go","tested_by":null,"tested_indirectly_by":null}`,
		"empty lists":    `{"path":"a.go","tested_by":[],"tested_indirectly_by":[]}`,
		"not an object":  `[1,2]`,
		"not JSON":       `{"tested_by":["a"]`,
		"spaced JSON":    `{"path":"a.go","tested_by": ["t.go"]}`,
		"an earlier []":  `{"x":{"tested_by":[]},"tested_by":["t.go"]}`,
		"escaped by you": `{"tested_by":["a\u002fb"]}`,
	} {
		_, ok := PackMetricsByKeys([]byte(data), "a.go", fileKeyOf)
		assert.False(t, ok, name)
	}
	_, ok = PackMetricsByKeys([]byte(metricsRowTested), metricsTestedFile, func(p string) (int64, bool) {
		k, _ := fileKeyOf(p)
		return k, p != metricsTestB
	})
	assert.False(t, ok, "a test without a node")

	for cut := range len(packed) {
		_, err := UnpackMetricsByKeys(packed[:cut], metricsTestedFile, all)
		require.Error(t, err, "cut at %d", cut)
	}
}

// Migration 51 stores a store's metrics rows whose tests are all file
// nodes by their keys and leaves any other row as it was; run again it
// changes nothing, and rows written after are stored so too, where their
// tests are nodes.
func TestMigrationFiftyOneNamesMetricsTestsByKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 50)
	const other = "b.go"
	gone := `{"path":"` + other + `","lines":3,"tested_by":["nowhere_test.go"],"tested_indirectly_by":null,"risk":{"score":0}}`
	// A row that lists no test, its lists null, as most rows are.
	untested := `{"path":"` + metricsTestA + `","lines":9,"tested_by":null,"tested_indirectly_by":null,"risk":{"score":0}}`
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', ?1, node_key('file', ?1)), (2, '2', ?2, node_key('file', ?2)),
			(3, '2', ?3, node_key('file', ?3)), (4, '2', ?4, node_key('file', ?4)), (5, '2', ?5, node_key('file', ?5))`,
			[]any{metricsTestedFile, other, metricsTestA, metricsTestB, metricsTestC}},
		{`INSERT INTO result_kinds (id, kind) VALUES (1, 'metrics'), (2, 'source')`, nil},
		{`INSERT INTO result_inputs (id, kind, input_hash) VALUES (1, 1, 'h1'), (2, 2, 'h2')`, nil},
		{`INSERT INTO result_rows (node_id, kind, input, data, digest) VALUES
			(1, 1, 1, metrics_pack(?1, ?2), 7), (2, 1, 1, metrics_pack(?3, ?4), 8), (1, 2, 2, result_pack(?1, ?2), 9), (3, 1, 1, metrics_pack(?5, ?6), 10)`,
			[]any{metricsRowTested, metricsTestedFile, gone, other, untested, metricsTestA}},
	} {
		_, err := db.Exec(q.sql, q.args...)
		require.NoError(t, err, q.sql)
	}
	read := "SELECT node_id || ' ' || kind || ' ' || input_hash || ' ' || unpack(data) || ' ' || digest FROM results ORDER BY node_id, kind"
	want := []string{`1 metrics h1 ` + metricsRowTested + ` 7`, `1 source h1 ` + metricsRowTested + ` 9`, `2 metrics h1 ` + gone + ` 8`, `3 metrics h1 ` + untested + ` 10`}
	want[1] = strings.Replace(want[1], "h1", "h2", 1)
	require.Equal(t, want, queryNames(t, db, read), "before the migration")
	formats := "SELECT node_id || ' ' || kind || ' ' || hex(substr(data, 1, 1)) FROM result_rows ORDER BY node_id, kind"
	require.Equal(t, []string{"1 1 04", "1 2 04", "2 1 04", "3 1 04"}, queryNames(t, db, formats))
	size := "SELECT sum(length(data)) FROM result_rows WHERE kind = 1"
	before := queryNames(t, db, size)

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	require.Equal(t, want, queryNames(t, s.DB(), read))
	wantFormats := []string{"1 1 0D", "1 2 04", "2 1 04", "3 1 04"}
	require.Equal(t, wantFormats, queryNames(t, s.DB(), formats), "a metrics row whose tests are nodes by keys; one with a test that is not or with none, and any other kind, as it was")
	// The numbers alone (scores, since schema 52): the lists empty, no
	// name looked up; any other row as data gives it.
	emptied := strings.Replace(strings.Replace(metricsRowTested, `"tested_by":["`+metricsTestA+`","`+metricsTestB+`"]`, `"tested_by":[]`, 1),
		`"tested_indirectly_by":["`+metricsTestC+`"]`, `"tested_indirectly_by":[]`, 1)
	require.Equal(t, []string{emptied, metricsRowTested, gone, untested},
		queryNames(t, s.DB(), "SELECT unpack(scores) FROM results ORDER BY node_id, kind"))
	assert.Less(t, queryNames(t, s.DB(), size)[0], before[0])

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 50") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, want, queryNames(t, s.DB(), read), "run again, nothing changes")
	require.Equal(t, wantFormats, queryNames(t, s.DB(), formats))

	// Written after: the file's row replaced (by keys), the other's too
	// (its test has no node: packed with its paths).
	m2 := strings.Replace(metricsRowTested, `"lines":728`, `"lines":730`, 1)
	g2 := strings.Replace(gone, `"lines":3`, `"lines":4`, 1)
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.ReplaceResults(MetricsKind, "h3", map[int64]string{1: m2, 2: g2, 3: untested})
	}))
	got := queryNames(t, s.DB(), read)
	require.Equal(t, []string{`1 metrics h3 ` + m2 + ` ` + itoa(digest(m2)), want[1], `2 metrics h3 ` + g2 + ` ` + itoa(digest(g2)),
		`3 metrics h3 ` + untested + ` ` + itoa(digest(untested))}, got)
	require.Equal(t, wantFormats, queryNames(t, s.DB(), formats))

	// A test's node gone: left out of the list the view gives.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("DELETE FROM node_rows WHERE id = 4") }))
	require.Equal(t, `1 metrics h3 `+strings.Replace(m2, `,"`+metricsTestB+`"`, "", 1)+` `+itoa(digest(m2)), queryNames(t, s.DB(), read)[0])
}

// A centrality row whose dependents are all file nodes is stored with
// their keys and reads back byte for byte when told their names; a
// dependent whose node is gone is left out, wherever it stands. A row
// without dependents, or with one that has no node, is left to
// PackScores; a damaged row is an error.
func TestPackCentralityByKeysRoundTrips(t *testing.T) {
	t.Parallel()
	const file = "src/c/C.java"
	three := `{"pagerank":0.0058,"betweenness":0,"authority":0.5,"hub":1,"fan_in":3,"fan_out":1,"dependents":[{"path":"module/spring-boot-jdbc/src/main/java/org/example/boot/jdbc/autoconfigure/DataSourceAutoConfiguration.java","weight":2,"count":2},` +
		`{"path":"module/spring-boot-web-server/src/main/java/org/example/boot/web/server/servlet/ServletWebServerFactory.java","weight":0.3333333333333333,"count":1},{"path":"smoke-test/spring-boot-smoke-test-web/src/main/java/smoketest/web/a \u0026 b/SampleController.java","weight":1,"count":1}]}`
	for name, row := range map[string]string{"two": centralityRowFar, "three": three} {
		packed, ok := PackCentralityByKeys([]byte(row), file, fileKeyOf)
		require.True(t, ok, name)
		require.Equal(t, byte(packCentralityByKeys), packed[0])
		again, _ := PackCentralityByKeys([]byte(row), file, fileKeyOf)
		require.Equal(t, packed, again, "deterministic")
		paths := CentralityDependents([]byte(row))
		keys, err := CentralityKeys(packed)
		require.NoError(t, err)
		require.Len(t, keys, len(paths))
		got, err := UnpackCentralityByKeys(packed, file, byKey(paths...))
		require.NoError(t, err)
		require.Equal(t, row, string(got), name)
		_, err = Unpack(packed)
		require.ErrorIs(t, err, ErrPacked, "not read without the dependents' names")
		_, err = UnpackResult(packed, file)
		require.ErrorIs(t, err, ErrPacked)
		for cut := range len(packed) {
			_, err := UnpackCentralityByKeys(packed[:cut], file, byKey(paths...))
			require.Error(t, err, "cut at %d", cut)
		}
	}

	// Keys pay where paths are long, as a repository's are.
	long := `{"pagerank":0.0058,"betweenness":0,"authority":0.5,"hub":1,"fan_in":3,"fan_out":1,"dependents":[` +
		`{"path":"module/spring-boot-jdbc/src/main/java/org/example/boot/jdbc/autoconfigure/DataSourceAutoConfiguration.java","weight":2,"count":2},` +
		`{"path":"module/spring-boot-web/src/main/java/org/example/boot/web/servlet/ServletWebServerFactory.java","weight":1,"count":1}]}`
	byKeys, ok := PackCentralityByKeys([]byte(long), file, fileKeyOf)
	require.True(t, ok)
	byFields, _ := PackScores(CentralityKind, []byte(long), file)
	assert.Less(t, len(byKeys), len(byFields), "keys are shorter than the paths")

	packed, _ := PackCentralityByKeys([]byte(three), file, fileKeyOf)
	entries := []string{`{"path":"module/spring-boot-jdbc/src/main/java/org/example/boot/jdbc/autoconfigure/DataSourceAutoConfiguration.java","weight":2,"count":2}`, `{"path":"module/spring-boot-web-server/src/main/java/org/example/boot/web/server/servlet/ServletWebServerFactory.java","weight":0.3333333333333333,"count":1}`,
		`{"path":"smoke-test/spring-boot-smoke-test-web/src/main/java/smoketest/web/a \u0026 b/SampleController.java","weight":1,"count":1}`}
	head := `{"pagerank":0.0058,"betweenness":0,"authority":0.5,"hub":1,"fan_in":3,"fan_out":1,"dependents":[`
	for name, c := range map[string]struct {
		have []string
		keep []int
	}{
		"the first gone": {[]string{"module/spring-boot-web-server/src/main/java/org/example/boot/web/server/servlet/ServletWebServerFactory.java", "smoke-test/spring-boot-smoke-test-web/src/main/java/smoketest/web/a & b/SampleController.java"}, []int{1, 2}},
		"the middle one": {[]string{"module/spring-boot-jdbc/src/main/java/org/example/boot/jdbc/autoconfigure/DataSourceAutoConfiguration.java", "smoke-test/spring-boot-smoke-test-web/src/main/java/smoketest/web/a & b/SampleController.java"}, []int{0, 2}},
		"the last gone":  {[]string{"module/spring-boot-jdbc/src/main/java/org/example/boot/jdbc/autoconfigure/DataSourceAutoConfiguration.java", "module/spring-boot-web-server/src/main/java/org/example/boot/web/server/servlet/ServletWebServerFactory.java"}, []int{0, 1}},
		"all gone":       {nil, nil},
	} {
		var kept []string
		for _, i := range c.keep {
			kept = append(kept, entries[i])
		}
		got, err := UnpackCentralityByKeys(packed, file, byKey(c.have...))
		require.NoError(t, err)
		require.Equal(t, head+strings.Join(kept, ",")+"]}", string(got), name)
	}

	// Dependents beside the file, their paths its own but for a few
	// letters: DEFLATE primed with its name takes each in fewer bytes
	// than a key, and the row stays as PackScores stores it.
	const dir = "module/spring-boot-autoconfigure/src/main/java/org/example/boot/autoconfigure/web/servlet/"
	var beside []string
	for i := range 5 {
		beside = append(beside, fmt.Sprintf(`{"path":"%sWebMvcAutoConfiguration%d.java","weight":1,"count":1}`, dir, i))
	}
	besideRow := `{"pagerank":0.0048,"betweenness":0,"authority":0,"hub":0,"fan_in":5,"fan_out":0,"dependents":[` + strings.Join(beside, ",") + `]}`
	_, ok = PackCentralityByKeys([]byte(besideRow), dir+"WebMvcAutoConfiguration.java", fileKeyOf)
	assert.False(t, ok, "dependents beside the file")
	for name, row := range map[string]string{
		"no dependents":      `{"pagerank":0.0048,"betweenness":0,"authority":0,"hub":0,"fan_in":0,"fan_out":0,"dependents":null}`,
		"none listed":        `{"pagerank":1,"betweenness":1,"authority":1,"hub":1,"fan_in":1,"fan_out":1,"dependents":[]}`,
		"a field more":       centralityRowFar[:len(centralityRowFar)-1] + `,"new":1}`,
		"a dependent's revs": `{"pagerank":1,"betweenness":1,"authority":1,"hub":1,"fan_in":1,"fan_out":1,"dependents":[{"path":"a","weight":1,"count":1,"revs":3}]}`,
		"not JSON":           `{"pagerank":`,
	} {
		_, ok := PackCentralityByKeys([]byte(row), file, fileKeyOf)
		assert.False(t, ok, name)
	}
	_, ok = PackCentralityByKeys([]byte(three), file, func(p string) (int64, bool) {
		k, _ := fileKeyOf(p)
		return k, p != "module/spring-boot-web-server/src/main/java/org/example/boot/web/server/servlet/ServletWebServerFactory.java"
	})
	assert.False(t, ok, "a dependent without a node")
}

// Migration 52 stores a store's centrality rows whose dependents are all
// file nodes by their keys and leaves any other row as it was; run again
// it changes nothing, and rows written after are stored so too.
func TestMigrationFiftyTwoNamesDependentsByKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 51)
	const file, other = "src/c/C.java", "src/e.go"
	gone := `{"pagerank":1,"betweenness":1,"authority":1,"hub":1,"fan_in":1,"fan_out":1,"dependents":[{"path":"nowhere.go","weight":1,"count":1}]}`
	// A row without dependents (null), as a file nothing imports has.
	alone := `{"pagerank":0.0048,"betweenness":0,"authority":0,"hub":0,"fan_in":0,"fan_out":0,"dependents":null}`
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', ?1, node_key('file', ?1)), (2, '2', ?2, node_key('file', ?2)),
			(3, '2', 'module/spring-boot-jdbc/src/main/java/org/example/boot/jdbc/autoconfigure/DataSourceAutoConfiguration.java', node_key('file', 'module/spring-boot-jdbc/src/main/java/org/example/boot/jdbc/autoconfigure/DataSourceAutoConfiguration.java')), (4, '2', 'module/spring-boot-web-server/src/main/java/org/example/boot/web/server/servlet/ServletWebServerFactory.java', node_key('file', 'module/spring-boot-web-server/src/main/java/org/example/boot/web/server/servlet/ServletWebServerFactory.java'))`, []any{file, other}},
		{`INSERT INTO result_kinds (id, kind) VALUES (1, 'centrality'), (2, 'source')`, nil},
		{`INSERT INTO result_inputs (id, kind, input_hash) VALUES (1, 1, 'h1'), (2, 2, 'h2')`, nil},
		{`INSERT INTO result_rows (node_id, kind, input, data, digest) VALUES
			(1, 1, 1, scores_pack('centrality', ?1, ?2), 7), (2, 1, 1, scores_pack('centrality', ?3, ?4), 8), (1, 2, 2, result_pack(?1, ?2), 9),
			(3, 1, 1, scores_pack('centrality', ?5, 'module/spring-boot-jdbc/src/main/java/org/example/boot/jdbc/autoconfigure/DataSourceAutoConfiguration.java'), 10)`,
			[]any{centralityRowFar, file, gone, other, alone}},
	} {
		_, err := db.Exec(q.sql, q.args...)
		require.NoError(t, err, q.sql)
	}
	read := "SELECT node_id || ' ' || kind || ' ' || input_hash || ' ' || unpack(data) || ' ' || digest FROM results ORDER BY node_id, kind"
	want := []string{`1 centrality h1 ` + centralityRowFar + ` 7`, `1 source h2 ` + centralityRowFar + ` 9`, `2 centrality h1 ` + gone + ` 8`,
		`3 centrality h1 ` + alone + ` 10`}
	require.Equal(t, want, queryNames(t, db, read), "before the migration")
	formats := "SELECT node_id || ' ' || kind || ' ' || hex(substr(data, 1, 1)) FROM result_rows ORDER BY node_id, kind"
	require.Equal(t, []string{"1 1 0A", "1 2 05", "2 1 0A", "3 1 0A"}, queryNames(t, db, formats))

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	require.Equal(t, want, queryNames(t, s.DB(), read))
	wantFormats := []string{"1 1 0E", "1 2 05", "2 1 0A", "3 1 0A"}
	require.Equal(t, wantFormats, queryNames(t, s.DB(), formats), "a centrality row whose dependents are nodes by keys; any other as it was")
	noDependents := centralityRowFar[:strings.Index(centralityRowFar, `"dependents":[`)] + `"dependents":[]}`
	require.Equal(t, []string{noDependents, centralityRowFar, gone, alone},
		queryNames(t, s.DB(), "SELECT unpack(scores) FROM results ORDER BY node_id, kind"), "the numbers alone")

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 51") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, want, queryNames(t, s.DB(), read), "run again, nothing changes")
	require.Equal(t, wantFormats, queryNames(t, s.DB(), formats))

	// Written after: both replaced, the file's by keys, the other's by
	// its fields (its dependent has no node).
	c2 := strings.Replace(centralityRowFar, `"fan_out":1`, `"fan_out":2`, 1)
	g2 := strings.Replace(gone, `"fan_out":1`, `"fan_out":2`, 1)
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.ReplaceResults(CentralityKind, "h3", map[int64]string{1: c2, 2: g2, 3: alone})
	}))
	require.Equal(t, []string{`1 centrality h3 ` + c2 + ` ` + itoa(digest(c2)), want[1], `2 centrality h3 ` + g2 + ` ` + itoa(digest(g2)),
		`3 centrality h3 ` + alone + ` ` + itoa(digest(alone))},
		queryNames(t, s.DB(), read))
	require.Equal(t, wantFormats, queryNames(t, s.DB(), formats))

	// A dependent's node gone: left out of the row the view gives.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("DELETE FROM node_rows WHERE id = 3") }))
	require.Equal(t, `1 centrality h3 `+strings.Replace(c2, `{"path":"module/spring-boot-jdbc/src/main/java/org/example/boot/jdbc/autoconfigure/DataSourceAutoConfiguration.java","weight":2,"count":2},`, "", 1)+` `+itoa(digest(c2)),
		queryNames(t, s.DB(), read)[0])
}
