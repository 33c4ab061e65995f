package store

import (
	"testing"
)

// A metrics or centrality row by keys read from a damaged store is an
// error or a row, never a crash, whatever names the keys are given.
func FuzzUnpackByKeys(f *testing.F) {
	metrics, _ := PackMetricsByKeys([]byte(metricsRowTested), metricsTestedFile, fileKeyOf)
	f.Add(metrics)
	centrality, _ := PackCentralityByKeys([]byte(centralityRowFar), "src/c/C.java", fileKeyOf)
	f.Add(centrality)
	f.Add([]byte{packMetricsByKeys, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, packRaw, '{', '}'})
	f.Add([]byte{packCentralityByKeys, 1, 1, 2, 3, 4, 5, 6, 7, 8, packRaw, scoresCentrality, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0})
	names := byKey(metricsTestA, metricsTestB, metricsTestC, "module/spring-boot-jdbc/src/main/java/org/example/boot/jdbc/autoconfigure/DataSourceAutoConfiguration.java", "module/spring-boot-web-server/src/main/java/org/example/boot/web/server/servlet/ServletWebServerFactory.java")
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = UnpackMetricsByKeys(data, metricsTestedFile, names)
		_, _ = UnpackCentralityByKeys(data, "src/c/C.java", names)
		_, _ = UnpackCentralityByKeys(data, "src/c/C.java", func(int64) (string, bool) { return "x", true })
		_, _ = MetricsKeys(data)
		_, _ = CentralityKeys(data)
	})
}
