//! A small chart of `history` on the terminal: the total over time as one line of blocks,
//! with the smallest and largest figure, above the table.

use uvcache_commands::Value;

/// The totals of `history`'s rows, oldest first.
pub fn totals(rows: &Value) -> Vec<(std::time::SystemTime, u64)> {
    let Value::List(rows) = rows else {
        return Vec::new();
    };
    rows.iter()
        .filter_map(|row| {
            let record = row.as_record()?;
            match (record.get("time"), record.get("total")) {
                (Some(Value::Date(at)), Some(Value::Filesize(total))) => Some((*at, *total)),
                _ => None,
            }
        })
        .collect()
}

/// One character per point (the last 60), from `▁` (smallest) to `█` (largest).
pub fn sparkline(values: &[u64]) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let values = &values[values.len().saturating_sub(60)..];
    let (Some(low), Some(high)) = (values.iter().min(), values.iter().max()) else {
        return String::new();
    };
    let span = (high - low).max(1);
    values
        .iter()
        .map(|v| BLOCKS[(((v - low) * 7) / span) as usize])
        .collect()
}

/// Prints the chart of the totals, if there are two points or more.
pub fn print_totals(rows: &Value) {
    let totals: Vec<u64> = totals(rows).into_iter().map(|(_, t)| t).collect();
    if totals.len() < 2 {
        return;
    }
    let (low, high) = (
        totals.iter().min().copied().unwrap_or(0),
        totals.iter().max().copied().unwrap_or(0),
    );
    println!(
        "total {}  ({} .. {}, {} points)\n",
        sparkline(&totals),
        uvcache::text::human_bytes(low),
        uvcache::text::human_bytes(high),
        totals.len()
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sparkline_spans_smallest_to_largest() {
        assert_eq!(super::sparkline(&[10, 20, 30, 80]), "▁▂▃█");
        assert_eq!(super::sparkline(&[5, 5]), "▁▁");
        assert_eq!(super::sparkline(&[]), "");
    }
}
