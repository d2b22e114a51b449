//! Median, p90 and run count of timing samples, shared by the benchmark examples (included with
//! `#[path]`, so cargo does not build it as an example of its own).

pub struct Stats {
    pub median_us: f64,
    pub p90_us: f64,
    pub runs: usize,
}

/// Summarises `samples` (µs per call); `calls_per_sample` > 1 when each sample timed a batch.
pub fn summarize(mut samples: Vec<f64>, calls_per_sample: usize) -> Stats {
    samples.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = samples.len();
    let median = if n % 2 == 1 { samples[n / 2] } else { (samples[n / 2 - 1] + samples[n / 2]) / 2.0 };
    let p90 = samples[((0.9 * n as f64).ceil() as usize).clamp(1, n) - 1];
    Stats { median_us: median, p90_us: p90, runs: n * calls_per_sample }
}
