package rust

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

func TestErrorShapes(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "src/lib.rs", `
use anyhow::Context;

pub fn load(p: &str) -> Result<Config, Error> {
    let text = std::fs::read_to_string(p)?;                         // propagated
    let v = parse(&text).map_err(|e| Error::Parse(e))?;            // wrapped, propagated
    let w = open(p).context("open")?;                              // wrapped, propagated
    let u = open(p).with_context(|| format!("open {}", p))?;       // wrapped, propagated
    let n = count(&v).unwrap();                                    // panicked
    let m = count(&w).expect("counted");                           // panicked
    let k = count(&u).unwrap_or(0);
    if n == 0 {
        return Err(Error::Empty);                                  // returned
    }
    if m > 9 {
        panic!("too many: {}", m);                                 // panicked
    }
    Ok(Config { n, m, k, ctx: self.context() })
}

#[test]
fn loads() {
    load("x").unwrap();
}

#[cfg(test)]
mod tests {
    #[test]
    fn fails() {
        assert!(super::load("y").is_err());
        let x = super::load("z").unwrap();
        let _ = super::load("z").map_err(|e| e)?;
    }
}
`)
	require.Equal(t, map[string]int32{
		sdk.ErrorPropagated: 4,
		sdk.ErrorWrapped:    3,
		sdk.ErrorPanicked:   3,
		sdk.ErrorReturned:   1,
	}, f.GetErrorShapes())
}
