package rust

import (
	"testing"

	"github.com/homer-dev/homer/sdk/treesitter/treesittertest"
)

// BenchmarkParse measures extraction throughput (MB/s) in process, without
// the gRPC hop. Point HOMER_BENCH_DIR at a source tree to measure real code;
// by default it parses a sample.
func BenchmarkParse(b *testing.B) {
	treesittertest.BenchmarkParse(b, New(), ".rs", "src/runtime/handle.rs", sample)
}

const sample = `//! A runtime handle.
use crate::runtime::{self, task::JoinHandle, Builder};
use std::sync::Arc;

/// A handle to the runtime.
#[derive(Clone)]
pub struct Handle {
    inner: Arc<Inner>,
}

impl Handle {
    /// Spawns a future.
    pub fn spawn<F: Future + Send>(&self, future: F) -> JoinHandle<F::Output> {
        let id = task::Id::next();
        if self.inner.is_shutdown() && id.is_some() {
            return JoinHandle::empty();
        }
        match self.inner.spawn(future, id) {
            Ok(h) => h,
            Err(e) => panic!("{}", e),
        }
    }

    pub fn block_on<F: Future>(&self, f: F) -> F::Output {
        let rt = Builder::new_current_thread().build().unwrap();
        ready!(rt.poll(f));
        crate::runtime::context::enter(self.clone(), |_| rt.block_on(f))
    }
}
`
