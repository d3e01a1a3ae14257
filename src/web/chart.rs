//! The timeline drawn as SVG: per series (all matches, or one chosen
//! outlet), a bar per period for the matching articles and a line for
//! their share of all articles of the period. Written on the server, so
//! the page needs no chart library.

use std::fmt::Write as _;

use super::markup::text;
use crate::search::Series;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 120.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 44.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 22.0;

/// One SVG per series, titled with its outlet when there are several.
pub fn timeline(series: &[Series]) -> String {
    let mut out = String::new();
    for one in series {
        if one.periods.is_empty() {
            continue;
        }
        if let Some(source) = &one.source {
            let _ = write!(out, "<h3 class=\"series\">{}</h3>", text(source));
        }
        out.push_str(&draw(one));
    }
    out
}

fn draw(series: &Series) -> String {
    let periods = &series.periods;
    let most = periods.iter().map(|p| p.count).max().unwrap_or(0).max(1);
    let top_share = periods.iter().map(|p| p.share).fold(0.0_f64, f64::max);
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let step = plot_width / periods.len() as f64;
    let bar = (step * 0.8).max(1.0);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"timeline\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"matching articles per period\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    let baseline = TOP + plot_height;
    let _ = write!(
        svg,
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{baseline}\" x2=\"{}\" y2=\"{baseline}\"/>",
        WIDTH - RIGHT
    );
    let _ = write!(
        svg,
        "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{most}</text><text class=\"label\" x=\"{}\" y=\"{baseline}\" text-anchor=\"end\">0</text>",
        LEFT - 4.0,
        TOP + 8.0,
        LEFT - 4.0
    );
    if top_share > 0.0 {
        let _ = write!(
            svg,
            "<text class=\"label share-label\" x=\"{}\" y=\"{}\">{:.1}%</text>",
            WIDTH - RIGHT + 4.0,
            TOP + 8.0,
            top_share * 100.0
        );
    }
    let mut line = Vec::new();
    for (i, period) in periods.iter().enumerate() {
        let x = LEFT + step * i as f64 + (step - bar) / 2.0;
        let height = plot_height * period.count as f64 / most as f64;
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{height:.1}\"><title>{}: {} of {} articles ({:.1}%)</title></rect>",
            baseline - height,
            text(&period.period),
            period.count,
            period.total,
            period.share * 100.0
        );
        if top_share > 0.0 {
            let y = baseline - plot_height * period.share / top_share;
            line.push(format!("{:.1},{y:.1}", x + bar / 2.0));
        }
    }
    if line.len() > 1 {
        let _ = write!(
            svg,
            "<polyline class=\"share\" points=\"{}\"/>",
            line.join(" ")
        );
    }
    // The first and last periods, and one in the middle when there is room.
    let mut labels = vec![0, periods.len() - 1];
    if periods.len() > 4 {
        labels.insert(1, periods.len() / 2);
    }
    labels.dedup();
    for i in labels {
        let x = LEFT + step * i as f64 + step / 2.0;
        let _ = write!(
            svg,
            "<text class=\"label\" x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            HEIGHT - 6.0,
            text(&periods[i].period)
        );
    }
    svg.push_str("</svg>");
    if series.undated > 0 {
        let _ = write!(
            svg,
            "<p class=\"undated\">{} not shown: no date</p>",
            crate::output::plural(series.undated, "matching article", "matching articles")
        );
    }
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::histogram::Period;

    #[test]
    fn one_bar_per_period_with_its_count_and_share() {
        let period = |name: &str, count, total| Period {
            period: name.to_string(),
            count,
            total,
            share: count as f64 / total as f64,
        };
        let series = Series {
            source: Some("<Trend>".to_string()),
            periods: vec![
                period("2024-05", 3, 10),
                period("2024-06", 0, 4),
                period("2024-07", 6, 12),
            ],
            undated: 2,
            days: Default::default(),
        };
        let svg = timeline(&[series]);
        assert_eq!(svg.matches("<rect class=\"bar\"").count(), 3);
        assert!(svg.contains("2024-07: 6 of 12 articles (50.0%)"));
        assert!(svg.contains("<h3 class=\"series\">&lt;Trend&gt;</h3>"));
        assert!(svg.contains("2 matching articles not shown"));
        assert!(svg.contains("<polyline class=\"share\""));
    }
}
