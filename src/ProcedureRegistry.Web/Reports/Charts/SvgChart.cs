using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Html;

namespace ProcedureRegistry.Web.Reports.Charts;

/// <summary>
/// Report charts drawn directly as inline SVG: vector in the PDF, no script, no native library, no external
/// resource. Presentation attributes only (no style attributes), so the same markup passes the app's strict CSP on
/// screen. Input is plain numbers; a null or non-finite value is "no point" and never reaches the markup, so the
/// output never contains NaN. Every text is escaped. Colours are the Okabe–Ito palette (safe for colour
/// blindness) and series also differ by dash pattern, for grey-scale printing.
/// </summary>
public static class SvgChart
{
    private static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];
    private static readonly string[] Dashes = ["", "6 3", "2 3", "8 3 2 3", "4 4", "1 2", "10 4"];
    private const string TextColour = "#333333";
    private const string MutedColour = "#666666";
    private const string GridColour = "#e3e6eb";
    private const double FontSize = 11;
    private const double FunnelMarkerRadius = 4;

    public static string ColourOf(int seriesIndex) => Palette[seriesIndex % Palette.Length];

    /// <summary>Lines with optional interval bands: pain trajectories (median with IQR), a curve with its
    /// confidence band (PPV against the relief threshold).</summary>
    public static HtmlString Lines(ChartFrame frame, IReadOnlyList<LineSeries> series)
    {
        var legend = new List<LegendItem>();
        for (var i = 0; i < series.Count; i++)
        {
            legend.Add(new LegendItem(series[i].Name, LegendShape.Line, ColourOf(i), Dashes[i % Dashes.Length]));
            if (series[i].BandLabel is { } band && series[i].Points.Any(p => Finite(p.Low) is not null && Finite(p.High) is not null))
            {
                legend.Add(new LegendItem($"{series[i].Name}: {band}", LegendShape.Band, ColourOf(i), ""));
            }
        }
        var points = series.SelectMany(s => s.Points).ToList();
        var xs = points.Select(p => Finite(p.X));
        var ys = points.SelectMany(p => new[] { Finite(p.Y), Finite(p.Low), Finite(p.High) });
        var chart = new Canvas(frame, legend, XScale(frame.X, xs), YScale(frame.Y, ys, zeroBased: false), categories: null);

        for (var i = 0; i < series.Count; i++)
        {
            foreach (var run in Runs(series[i].Points, p => Finite(p.X) is not null && Finite(p.Low) is not null && Finite(p.High) is not null))
            {
                var upper = run.Select(p => (p.X!.Value, p.High!.Value));
                var lower = run.AsEnumerable().Reverse().Select(p => (p.X!.Value, p.Low!.Value));
                chart.Polygon(upper.Concat(lower), ColourOf(i), 0.18);
            }
        }
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            foreach (var run in Runs(s.Points, p => Finite(p.X) is not null && Finite(p.Y) is not null))
            {
                chart.Polyline(run.Select(p => (p.X!.Value, p.Y!.Value)), ColourOf(i), Dashes[i % Dashes.Length], 2);
            }
            foreach (var p in s.Points.Where(p => Finite(p.X) is not null && Finite(p.Y) is not null))
            {
                var interval = Finite(p.Low) is { } low && Finite(p.High) is { } high ? $" ({Number(low)}–{Number(high)})" : "";
                chart.Marker(p.X!.Value, p.Y!.Value, ColourOf(i), $"{s.Name}: {Label(frame.X, p.X.Value)}, {Label(frame.Y, p.Y.Value)}{interval}");
            }
        }
        return chart.Finish();
    }

    /// <summary>Kaplan–Meier step curves, with optional interval bands and a tick at each censoring time.
    /// The Y axis is 0–1 unless the frame says otherwise.</summary>
    public static HtmlString KaplanMeier(ChartFrame frame, IReadOnlyList<SurvivalCurve> curves)
    {
        var legend = new List<LegendItem>();
        for (var i = 0; i < curves.Count; i++)
        {
            legend.Add(new LegendItem(curves[i].Name, LegendShape.Line, ColourOf(i), Dashes[i % Dashes.Length]));
            if (curves[i].BandLabel is { } band && curves[i].Steps.Any(p => Finite(p.Low) is not null && Finite(p.High) is not null))
            {
                legend.Add(new LegendItem($"{curves[i].Name}: {band}", LegendShape.Band, ColourOf(i), ""));
            }
        }
        if (curves.Any(c => c.CensoredAt.Any(t => Finite(t) is not null)))
        {
            legend.Add(new LegendItem("censored", LegendShape.Tick, TextColour, ""));
        }
        var yAxis = frame.Y with { Min = frame.Y.Min ?? 0, Max = frame.Y.Max ?? 1 };
        var times = curves.SelectMany(c => c.Steps.Select(s => Finite(s.X)).Concat(c.CensoredAt.Select(Finite)));
        var chart = new Canvas(frame with { Y = yAxis }, legend, XScale(frame.X, times.Append(0)), YScale(yAxis, [], zeroBased: true), categories: null);

        for (var i = 0; i < curves.Count; i++)
        {
            var steps = curves[i].Steps.Where(s => Finite(s.X) is not null).OrderBy(s => s.X).ToList();
            var end = curves[i].Steps.Select(s => Finite(s.X)).Concat(curves[i].CensoredAt.Select(Finite)).Max() ?? 0;
            foreach (var run in Runs(steps, s => Finite(s.Low) is not null && Finite(s.High) is not null))
            {
                var runEnd = steps.IndexOf(run[^1]) + 1 < steps.Count ? steps[steps.IndexOf(run[^1]) + 1].X!.Value : end;
                var upper = StepPoints(run.Select(s => (s.X!.Value, s.High!.Value)).ToList(), runEnd);
                var lower = StepPoints(run.Select(s => (s.X!.Value, s.Low!.Value)).ToList(), runEnd);
                lower.Reverse();
                chart.Polygon(upper.Concat(lower), ColourOf(i), 0.15);
            }
        }
        for (var i = 0; i < curves.Count; i++)
        {
            var curve = curves[i];
            var steps = curve.Steps.Where(s => Finite(s.X) is not null && Finite(s.Y) is not null).OrderBy(s => s.X).Select(s => (s.X!.Value, s.Y!.Value)).ToList();
            if (steps.Count == 0)
            {
                continue;
            }
            var end = Math.Max(steps[^1].Item1, curve.CensoredAt.Select(Finite).Max() ?? double.MinValue);
            chart.Polyline(StepPoints(steps, end), ColourOf(i), Dashes[i % Dashes.Length], 2);
            foreach (var censored in curve.CensoredAt.Select(Finite).OfType<double>())
            {
                var at = steps.LastOrDefault(s => s.Item1 <= censored);
                var survival = at == default ? steps[0].Item2 : at.Item2;
                chart.Tick(censored, survival, ColourOf(i), $"{curve.Name}: censored at {Label(frame.X, censored)}");
            }
        }
        return chart.Finish();
    }

    /// <summary>A funnel plot: one point per unit (cases, rate), a centre line (the overall rate) and control limits.
    /// <paramref name="unitsName"/> names the points in the legend ("operators").</summary>
    public static HtmlString Funnel(ChartFrame frame, IReadOnlyList<FunnelPoint> units, (string Name, double? Value) centre, IReadOnlyList<FunnelLimit> limits, string unitsName = "units")
    {
        var legend = new List<LegendItem> { new(unitsName, LegendShape.Marker, Palette[0], "") };
        if (Finite(centre.Value) is not null)
        {
            legend.Add(new LegendItem(centre.Name, LegendShape.Line, TextColour, ""));
        }
        for (var i = 0; i < limits.Count; i++)
        {
            legend.Add(new LegendItem(limits[i].Name, LegendShape.Line, MutedColour, Dashes[(i + 1) % Dashes.Length]));
        }
        var xs = units.Select(u => Finite(u.Cases)).Concat(limits.SelectMany(l => l.Points.Select(p => Finite(p.X))));
        var ys = units.Select(u => Finite(u.Rate)).Append(Finite(centre.Value))
            .Concat(limits.SelectMany(l => l.Points.SelectMany(p => new[] { Finite(p.Low), Finite(p.High) })));
        var chart = new Canvas(frame, legend, XScale(frame.X, xs.Append(0)), YScale(frame.Y, ys, zeroBased: false), categories: null);

        if (Finite(centre.Value) is { } mean)
        {
            chart.Polyline([(chart.X.Min, mean), (chart.X.Max, mean)], TextColour, "", 1.2);
        }
        for (var i = 0; i < limits.Count; i++)
        {
            var dash = Dashes[(i + 1) % Dashes.Length];
            foreach (var run in Runs(limits[i].Points, p => Finite(p.X) is not null && Finite(p.Low) is not null))
            {
                chart.Polyline(run.Select(p => (p.X!.Value, p.Low!.Value)), MutedColour, dash, 1.2);
            }
            foreach (var run in Runs(limits[i].Points, p => Finite(p.X) is not null && Finite(p.High) is not null))
            {
                chart.Polyline(run.Select(p => (p.X!.Value, p.High!.Value)), MutedColour, dash, 1.2);
            }
        }
        var shown = units.Where(u => Finite(u.Cases) is not null && Finite(u.Rate) is not null).ToList();
        foreach (var unit in shown)
        {
            chart.Marker(unit.Cases!.Value, unit.Rate!.Value, Palette[0], $"{unit.Label}: {Label(frame.X, unit.Cases.Value)}, {Label(frame.Y, unit.Rate.Value)}", radius: FunnelMarkerRadius);
        }
        // Units on the same spot share one label ("A, G").
        chart.PointLabels([.. shown.GroupBy(u => (X: Math.Round(chart.Px(u.Cases!.Value), 1), Y: Math.Round(chart.Py(u.Rate!.Value), 1)))
            .Select(g => new LabelAnchor(g.Key.X, g.Key.Y, string.Join(", ", g.Select(u => u.Label))))], FunnelMarkerRadius);
        return chart.Finish();
    }

    /// <summary>Vertical bars over categories (months, segments); several series are stacked, or side by side when <paramref name="stacked"/> is false.</summary>
    public static HtmlString Bars(ChartFrame frame, IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series, bool stacked = true)
    {
        var legend = series.Select((s, i) => new LegendItem(s.Name, LegendShape.Bar, ColourOf(i), "")).ToList();
        double? ValueAt(BarSeries s, int c) => c < s.Values.Count ? Finite(s.Values[c]) : null;
        var tops = Enumerable.Range(0, categories.Count).Select(c => stacked
            ? (double?)series.Sum(s => Math.Max(0, ValueAt(s, c) ?? 0))
            : series.Select(s => ValueAt(s, c)).Max());
        IEnumerable<double?> bottoms = stacked ? [] : Enumerable.Range(0, categories.Count).Select(c => series.Select(s => ValueAt(s, c)).Min());
        var chart = new Canvas(frame, legend, new Scale(0, Math.Max(1, categories.Count), []), YScale(frame.Y, tops.Concat(bottoms).Append(0), zeroBased: true), categories);

        var band = chart.PlotWidth / Math.Max(1, categories.Count);
        for (var c = 0; c < categories.Count; c++)
        {
            double stackedTop = 0;
            for (var i = 0; i < series.Count; i++)
            {
                if (ValueAt(series[i], c) is not { } value)
                {
                    continue;
                }
                var title = $"{categories[c]} · {series[i].Name}: {Label(frame.Y, value)}";
                if (stacked)
                {
                    if (value <= 0)
                    {
                        continue;
                    }
                    var width = band * 0.7;
                    chart.Bar(chart.Left + band * c + (band - width) / 2, width, stackedTop, stackedTop + value, ColourOf(i), title);
                    stackedTop += value;
                }
                else
                {
                    var width = band * 0.8 / Math.Max(1, series.Count);
                    chart.Bar(chart.Left + band * c + band * 0.1 + width * i, width, Math.Min(0, value), Math.Max(0, value), ColourOf(i), title);
                }
            }
        }
        return chart.Finish();
    }

    /// <summary>Escapes text for SVG/XML content and attributes, dropping characters XML cannot carry at all.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result.Append(ch).Append(text[++i]);
                continue;
            }
            switch (ch)
            {
                case '&': result.Append("&amp;"); break;
                case '<': result.Append("&lt;"); break;
                case '>': result.Append("&gt;"); break;
                case '"': result.Append("&quot;"); break;
                case '\'': result.Append("&#39;"); break;
                default:
                    if (XmlConvert.IsXmlChar(ch))
                    {
                        result.Append(ch);
                    }
                    break;
            }
        }
        return result.ToString();
    }

    internal static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    /// <summary>Coordinates: two decimals at most, invariant culture, never "NaN" (callers pass finite values; this is the last guard).</summary>
    internal static string Number(double value) =>
        double.IsFinite(value) ? Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture) : "0";

    private static string Label(ChartAxis axis, double value) => Math.Abs(value) < 1e-12 ? 0.0.ToString(axis.Format, CultureInfo.InvariantCulture) : value.ToString(axis.Format, CultureInfo.InvariantCulture);

    /// <summary>Consecutive stretches of items satisfying <paramref name="present"/>: a missing point breaks a line or band.</summary>
    private static IEnumerable<List<T>> Runs<T>(IEnumerable<T> items, Func<T, bool> present)
    {
        var run = new List<T>();
        foreach (var item in items)
        {
            if (present(item))
            {
                run.Add(item);
            }
            else if (run.Count > 0)
            {
                yield return run;
                run = [];
            }
        }
        if (run.Count > 0)
        {
            yield return run;
        }
    }

    /// <summary>The corners of a step function: each value holds until the next time, the last one until <paramref name="end"/>.</summary>
    private static List<(double, double)> StepPoints(List<(double Time, double Value)> steps, double end)
    {
        var points = new List<(double, double)>();
        for (var i = 0; i < steps.Count; i++)
        {
            var until = i + 1 < steps.Count ? steps[i + 1].Time : Math.Max(end, steps[i].Time);
            points.Add((steps[i].Time, steps[i].Value));
            points.Add((until, steps[i].Value));
        }
        return points;
    }

    private static Scale XScale(ChartAxis axis, IEnumerable<double?> values) => Scale.For(axis, values, zeroBased: false);

    private static Scale YScale(ChartAxis axis, IEnumerable<double?> values, bool zeroBased) => Scale.For(axis, values, zeroBased);

    /// <summary>A linear axis range with "nice" ticks (1, 2 or 5 × 10^n).</summary>
    internal sealed record Scale(double Min, double Max, IReadOnlyList<double> Ticks)
    {
        public static Scale For(ChartAxis axis, IEnumerable<double?> values, bool zeroBased)
        {
            var data = values.Select(Finite).OfType<double>().ToList();
            double low = data.Count > 0 ? data.Min() : 0, high = data.Count > 0 ? data.Max() : 1;
            if (zeroBased)
            {
                low = Math.Min(low, 0);
            }
            low = Finite(axis.Min) ?? low;
            high = Finite(axis.Max) ?? high;
            if (high < low)
            {
                (low, high) = (high, low);
            }
            if (high - low < 1e-9)
            {
                var pad = Math.Abs(high) > 1e-9 ? Math.Abs(high) * 0.1 : 1;
                low = axis.Min is null ? low - pad : low;
                high = axis.Max is null ? high + pad : high;
                if (high - low < 1e-9)
                {
                    high = low + 1;
                }
            }
            var step = NiceStep((high - low) / 5);
            var min = axis.Min is null ? Math.Floor(low / step + 1e-9) * step : low;
            var max = axis.Max is null ? Math.Ceiling(high / step - 1e-9) * step : high;
            var ticks = new List<double>();
            for (var t = Math.Ceiling(min / step - 1e-9) * step; t <= max + step * 1e-9 && ticks.Count < 50; t += step)
            {
                ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : Math.Round(t, 10));
            }
            return new Scale(min, max, ticks);
        }

        private static double NiceStep(double rough)
        {
            if (!(rough > 0) || !double.IsFinite(rough))
            {
                return 1;
            }
            var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
            var fraction = rough / magnitude;
            return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
        }
    }

    private enum LegendShape { Line, Band, Marker, Bar, Tick }

    private sealed record LegendItem(string Text, LegendShape Shape, string Colour, string Dash);

    /// <summary>The drawing surface: frame, legend, axes and grid, then the marks in data coordinates.</summary>
    private sealed class Canvas
    {
        private const double LegendRowHeight = 16;
        private readonly StringBuilder _svg = new();
        private readonly StringBuilder _marks = new();
        private readonly ChartFrame _frame;
        private readonly IReadOnlyList<string>? _categories;
        private readonly double _top, _bottom;
        private readonly bool _rotateCategories;

        public Scale X { get; }
        public Scale Y { get; }
        public double Left { get; } = 58;
        public double Right { get; }
        public double PlotWidth => Right - Left;

        public Canvas(ChartFrame frame, IReadOnlyList<LegendItem> legend, Scale x, Scale y, IReadOnlyList<string>? categories)
        {
            _frame = frame;
            _categories = categories;
            X = x;
            Y = y;
            Right = frame.Width - 16;
            var legendMarkup = new StringBuilder();
            var rows = frame.ShowLegend ? LayoutLegend(legend, legendMarkup) : 0;
            _top = 10 + rows * LegendRowHeight + (rows > 0 ? 6 : 0);
            var longestCategory = categories is { Count: > 0 } ? categories.Max(c => c.Length) : 0;
            _rotateCategories = categories is { Count: > 0 } && longestCategory * FontSize * 0.6 > PlotWidth / categories.Count - 4;
            _bottom = frame.Height - (_rotateCategories ? 30 + Math.Min(longestCategory, 14) * FontSize * 0.45 : 40);

            _svg.Append(CultureInfo.InvariantCulture,
                $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"{frame.Width}\" height=\"{frame.Height}\" viewBox=\"0 0 {frame.Width} {frame.Height}\" font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\" font-size=\"{Number(FontSize)}\" fill=\"{TextColour}\">");
            _svg.Append("<title>").Append(Escape(frame.Title)).Append("</title>");
            _svg.Append("<desc>").Append(Escape(frame.Description)).Append("</desc>");
            _svg.Append(legendMarkup);
            DrawAxes();
        }

        private double PlotTop => _top;
        private double PlotBottom => _bottom;

        public double Px(double x) => Left + (Math.Clamp(x, X.Min, X.Max) - X.Min) / (X.Max - X.Min) * PlotWidth;

        public double Py(double y) => PlotBottom - (Math.Clamp(y, Y.Min, Y.Max) - Y.Min) / (Y.Max - Y.Min) * (PlotBottom - PlotTop);

        private int LayoutLegend(IReadOnlyList<LegendItem> items, StringBuilder markup)
        {
            if (items.Count == 0)
            {
                return 0;
            }
            double x = Left, row = 0;
            foreach (var item in items)
            {
                var width = 26 + item.Text.Length * FontSize * 0.58 + 14;
                if (x + width > Right && x > Left)
                {
                    x = Left;
                    row++;
                }
                var y = 10 + row * LegendRowHeight + LegendRowHeight / 2;
                markup.Append("<g class=\"legend-item\">");
                switch (item.Shape)
                {
                    case LegendShape.Line:
                        markup.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Number(x)}\" y1=\"{Number(y)}\" x2=\"{Number(x + 20)}\" y2=\"{Number(y)}\" stroke=\"{item.Colour}\" stroke-width=\"2\"{DashAttribute(item.Dash)}/>");
                        break;
                    case LegendShape.Band:
                        markup.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Number(x)}\" y=\"{Number(y - 5)}\" width=\"20\" height=\"10\" fill=\"{item.Colour}\" fill-opacity=\"0.2\"/>");
                        break;
                    case LegendShape.Marker:
                        markup.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{Number(x + 10)}\" cy=\"{Number(y)}\" r=\"4\" fill=\"{item.Colour}\"/>");
                        break;
                    case LegendShape.Bar:
                        markup.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Number(x + 4)}\" y=\"{Number(y - 5)}\" width=\"12\" height=\"10\" fill=\"{item.Colour}\"/>");
                        break;
                    case LegendShape.Tick:
                        markup.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Number(x + 10)}\" y1=\"{Number(y - 5)}\" x2=\"{Number(x + 10)}\" y2=\"{Number(y + 5)}\" stroke=\"{item.Colour}\" stroke-width=\"1.5\"/>");
                        break;
                }
                markup.Append(CultureInfo.InvariantCulture, $"<text x=\"{Number(x + 26)}\" y=\"{Number(y + 4)}\">{Escape(item.Text)}</text></g>");
                x += width;
            }
            return (int)row + 1;
        }

        private void DrawAxes()
        {
            _svg.Append("<g class=\"axes\">");
            foreach (var tick in Y.Ticks)
            {
                var y = Number(Py(tick));
                _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Number(Left)}\" y1=\"{y}\" x2=\"{Number(Right)}\" y2=\"{y}\" stroke=\"{GridColour}\" stroke-width=\"1\"/>");
                _svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Number(Left - 6)}\" y=\"{Number(Py(tick) + 4)}\" text-anchor=\"end\" fill=\"{MutedColour}\">{Escape(Label(_frame.Y, tick))}</text>");
            }
            if (_categories is null)
            {
                foreach (var tick in X.Ticks)
                {
                    var x = Number(Px(tick));
                    _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" y1=\"{Number(PlotBottom)}\" x2=\"{x}\" y2=\"{Number(PlotBottom + 4)}\" stroke=\"{MutedColour}\" stroke-width=\"1\"/>");
                    _svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{Number(PlotBottom + 16)}\" text-anchor=\"middle\" fill=\"{MutedColour}\">{Escape(Label(_frame.X, tick))}</text>");
                }
            }
            else
            {
                var band = PlotWidth / Math.Max(1, _categories.Count);
                var every = Math.Max(1, (int)Math.Ceiling(14 / band));
                for (var c = 0; c < _categories.Count; c += every)
                {
                    var x = Left + band * (c + 0.5);
                    var text = Escape(_categories[c].Length > 16 ? _categories[c][..15] + "…" : _categories[c]);
                    _svg.Append(_rotateCategories
                        ? $"<text x=\"{Number(x)}\" y=\"{Number(PlotBottom + 12)}\" text-anchor=\"end\" transform=\"rotate(-45 {Number(x)} {Number(PlotBottom + 12)})\" fill=\"{MutedColour}\">{text}</text>"
                        : $"<text x=\"{Number(x)}\" y=\"{Number(PlotBottom + 16)}\" text-anchor=\"middle\" fill=\"{MutedColour}\">{text}</text>");
                }
            }
            _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Number(Left)}\" y1=\"{Number(PlotTop)}\" x2=\"{Number(Left)}\" y2=\"{Number(PlotBottom)}\" stroke=\"{MutedColour}\" stroke-width=\"1\"/>");
            _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Number(Left)}\" y1=\"{Number(PlotBottom)}\" x2=\"{Number(Right)}\" y2=\"{Number(PlotBottom)}\" stroke=\"{MutedColour}\" stroke-width=\"1\"/>");
            var middle = (PlotTop + PlotBottom) / 2;
            _svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{Number(middle)}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {Number(middle)})\">{Escape(_frame.Y.Label)}</text>");
            _svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Number((Left + Right) / 2)}\" y=\"{Number(_frame.Height - 6)}\" text-anchor=\"middle\">{Escape(_frame.X.Label)}</text>");
            _svg.Append("</g>");
        }

        private static string DashAttribute(string dash) => dash.Length == 0 ? "" : $" stroke-dasharray=\"{dash}\"";

        private static string PointList(IEnumerable<(double X, double Y)> points, Func<double, double> px, Func<double, double> py) =>
            string.Join(' ', points.Select(p => $"{Number(px(p.X))},{Number(py(p.Y))}"));

        public void Polygon(IEnumerable<(double X, double Y)> points, string colour, double opacity) =>
            _marks.Append(CultureInfo.InvariantCulture, $"<polygon points=\"{PointList(points, Px, Py)}\" fill=\"{colour}\" fill-opacity=\"{Number(opacity)}\" stroke=\"none\"/>");

        public void Polyline(IEnumerable<(double X, double Y)> points, string colour, string dash, double width) =>
            _marks.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{PointList(points, Px, Py)}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{Number(width)}\" stroke-linejoin=\"round\"{DashAttribute(dash)}/>");

        public void Marker(double x, double y, string colour, string title, double radius = 2.5) =>
            _marks.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{Number(Px(x))}\" cy=\"{Number(Py(y))}\" r=\"{Number(radius)}\" fill=\"{colour}\"><title>{Escape(title)}</title></circle>");

        /// <summary>
        /// Labels beside points (pixel anchors), placed by <see cref="LabelLayout"/> so that no two overlap; a label
        /// moved away from its point is joined to it by a thin leader line.
        /// </summary>
        public void PointLabels(IReadOnlyList<LabelAnchor> anchors, double markerRadius)
        {
            var boxes = LabelLayout.Place(anchors, markerRadius + 3, PlotTop, PlotBottom, Left, Right);
            for (var i = 0; i < anchors.Count; i++)
            {
                var (anchor, box) = (anchors[i], boxes[i]);
                if (box.DistanceTo(anchor.X, anchor.Y) > markerRadius + 5)
                {
                    var (x, y) = (Math.Clamp(anchor.X, box.X, box.Right), Math.Clamp(anchor.Y, box.Y, box.Bottom));
                    _marks.Append(CultureInfo.InvariantCulture, $"<line class=\"leader\" x1=\"{Number(anchor.X)}\" y1=\"{Number(anchor.Y)}\" x2=\"{Number(x)}\" y2=\"{Number(y)}\" stroke=\"{MutedColour}\" stroke-width=\"0.6\"/>");
                }
                _marks.Append(CultureInfo.InvariantCulture, $"<text class=\"point-label\" x=\"{Number(box.X)}\" y=\"{Number(box.Y + LabelLayout.Baseline)}\" font-size=\"{Number(LabelLayout.FontSize)}\" fill=\"{MutedColour}\">{Escape(anchor.Text)}</text>");
            }
        }

        public void Tick(double x, double y, string colour, string title) =>
            _marks.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Number(Px(x))}\" y1=\"{Number(Py(y) - 5)}\" x2=\"{Number(Px(x))}\" y2=\"{Number(Py(y) + 5)}\" stroke=\"{colour}\" stroke-width=\"1.5\"><title>{Escape(title)}</title></line>");

        /// <summary>A bar from value <paramref name="from"/> to <paramref name="to"/>, at pixel column <paramref name="x"/>.</summary>
        public void Bar(double x, double width, double from, double to, string colour, string title)
        {
            var top = Py(to);
            var height = Math.Max(0, Py(from) - top);
            _marks.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Number(x)}\" y=\"{Number(top)}\" width=\"{Number(width)}\" height=\"{Number(height)}\" fill=\"{colour}\"><title>{Escape(title)}</title></rect>");
        }

        public HtmlString Finish()
        {
            _svg.Append("<g class=\"marks\">").Append(_marks).Append("</g>");
            if (_marks.Length == 0)
            {
                _svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Number((Left + Right) / 2)}\" y=\"{Number((PlotTop + PlotBottom) / 2)}\" text-anchor=\"middle\" fill=\"{MutedColour}\">No data</text>");
            }
            return new HtmlString(_svg.Append("</svg>").ToString());
        }
    }
}
