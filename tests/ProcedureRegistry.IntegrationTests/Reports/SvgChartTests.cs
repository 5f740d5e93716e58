using System.Xml.Linq;
using ProcedureRegistry.Web.Reports.Charts;

namespace ProcedureRegistry.IntegrationTests.Reports;

/// <summary>Pure tests of the chart markup: no database, no browser.</summary>
public sealed class SvgChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static ChartFrame Frame(string title = "A chart", string description = "What it shows") =>
        new(title, description, new ChartAxis("x"), new ChartAxis("y"));

    private static readonly SeriesPoint[] Broken =
    [
        new(0, 1, 0.5, 1.5), new(1, double.NaN, 1, 2), new(2, null, null, null), new(double.PositiveInfinity, 3), new(3, 4, double.NaN, 5),
        new(4, 5, 4, 6), new(null, 2),
    ];

    public static TheoryData<string, Func<ChartFrame, string>> Charts() => new()
    {
        { "lines", f => SvgChart.Lines(f, [new LineSeries("median", [new(0, 7, 6, 8), new(1, 3, 2, 4), new(4, 3.5, 2, 5)]) { BandLabel = "IQR" }, new LineSeries("other", [new(0, 6), new(4, 5)])]).Value! },
        { "kaplan-meier", f => SvgChart.KaplanMeier(f, [new SurvivalCurve("T12-L1", [new(0, 1, 1, 1), new(2, 0.8, 0.7, 0.9), new(5, 0.5, 0.35, 0.65)], [1, 3, 7]) { BandLabel = "95% CI" }]).Value! },
        { "funnel", f => SvgChart.Funnel(f, [new FunnelPoint("A", 20, 0.7), new FunnelPoint("B", 40, 0.55)], ("mean", 0.65), [new FunnelLimit("95%", [new(5, null, 0.3, 1), new(50, null, 0.5, 0.8)])]).Value! },
        { "bars", f => SvgChart.Bars(f, ["2025-01", "2025-02", "2025-03"], [new BarSeries("blocks", [3, 4, null]), new BarSeries("RF", [1, null, 2])]).Value! },
        { "grouped bars", f => SvgChart.Bars(f, ["T12-L1", "L5-S1"], [new BarSeries("left", [3, -1]), new BarSeries("right", [2, 5])], stacked: false).Value! },
    };

    [Theory, MemberData(nameof(Charts))]
    public void Every_chart_is_well_formed_svg_with_an_accessible_title_and_description(string kind, Func<ChartFrame, string> draw)
    {
        var svg = XDocument.Parse(draw(Frame($"Title of {kind}", "Description"))).Root!;

        Assert.Equal(Svg + "svg", svg.Name);
        Assert.Equal("img", svg.Attribute("role")?.Value);
        Assert.Equal($"Title of {kind}", svg.Element(Svg + "title")?.Value);
        Assert.Equal("Description", svg.Element(Svg + "desc")?.Value);
        Assert.NotNull(svg.Attribute("viewBox"));
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "x");
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "y");
        Assert.True(svg.Descendants(Svg + "text").Count() > 6, "axis ticks and legend");
        Assert.DoesNotContain(svg.Descendants(), e => e.Attribute("style") is not null);
        Assert.DoesNotContain("No data", svg.Value);
    }

    [Theory, MemberData(nameof(Charts))]
    public void Text_is_escaped_everywhere(string kind, Func<ChartFrame, string> draw)
    {
        const string hostile = "<script>alert('x')</script> & \"quoted\" \u0001";

        var markup = draw(new ChartFrame(hostile, hostile, new ChartAxis(hostile), new ChartAxis(hostile)));

        var svg = XDocument.Parse(markup).Root!;
        Assert.Equal("<script>alert('x')</script> & \"quoted\" ", svg.Element(Svg + "title")!.Value);
        Assert.Empty(svg.Descendants(Svg + "script"));
        Assert.DoesNotContain("<script", markup);
        _ = kind;
    }

    [Fact]
    public void Series_and_category_names_are_escaped()
    {
        var lines = SvgChart.Lines(Frame(), [new LineSeries("a < b & \"c\"", [new(1, 2)]) { BandLabel = "<band>" }]).Value!;
        var bars = SvgChart.Bars(Frame(), ["<month>"], [new BarSeries("x & y", [1])]).Value!;
        var funnel = SvgChart.Funnel(Frame(), [new FunnelPoint("<op>", 10, 0.5)], ("<mean>", 0.5), []).Value!;

        Assert.Contains(XDocument.Parse(lines).Descendants(Svg + "text"), t => t.Value == "a < b & \"c\"");
        Assert.Contains(XDocument.Parse(bars).Descendants(Svg + "text"), t => t.Value == "<month>");
        Assert.Contains(XDocument.Parse(funnel).Descendants(Svg + "text"), t => t.Value == "<op>");
    }

    [Fact]
    public void Missing_and_non_finite_values_are_no_points_and_never_NaN()
    {
        var charts = new[]
        {
            SvgChart.Lines(Frame(), [new LineSeries("s", Broken) { BandLabel = "band" }]).Value!,
            SvgChart.KaplanMeier(Frame(), [new SurvivalCurve("km", Broken, [double.NaN, null, 2, double.NegativeInfinity])]).Value!,
            SvgChart.Funnel(Frame(), [new FunnelPoint("a", double.NaN, 0.5), new FunnelPoint("b", 10, null), new FunnelPoint("c", 10, 0.4)], ("mean", double.NaN), [new FunnelLimit("l", Broken)]).Value!,
            SvgChart.Bars(Frame(), ["a", "b", "c"], [new BarSeries("s", [double.NaN, double.PositiveInfinity, 2]), new BarSeries("short", [1])]).Value!,
        };

        foreach (var markup in charts)
        {
            XDocument.Parse(markup);
            Assert.DoesNotContain("NaN", markup);
            Assert.DoesNotContain("Infinity", markup);
            Assert.DoesNotContain("∞", markup);
        }
        // The line breaks where a point is missing: two runs around the missing ones.
        Assert.Equal(2, XDocument.Parse(charts[0]).Descendants(Svg + "polyline").Count());
    }

    [Fact]
    public void Empty_or_degenerate_data_draws_empty_axes_saying_no_data()
    {
        var charts = new[]
        {
            SvgChart.Lines(Frame(), []).Value!,
            SvgChart.Lines(Frame(), [new LineSeries("all null", [new(null, null), new(double.NaN, double.NaN)])]).Value!,
            SvgChart.KaplanMeier(Frame(), []).Value!,
            SvgChart.Funnel(Frame(), [], ("mean", null), []).Value!,
            SvgChart.Bars(Frame(), [], []).Value!,
        };

        foreach (var markup in charts)
        {
            Assert.Contains("No data", XDocument.Parse(markup).Root!.Value);
            Assert.DoesNotContain("NaN", markup);
        }
        // One point, or all values equal: a range is made around them.
        foreach (var markup in new[]
                 {
                     SvgChart.Lines(Frame(), [new LineSeries("one", [new(3, 3)])]).Value!,
                     SvgChart.Bars(Frame(), ["a", "b"], [new BarSeries("zero", [0, 0])]).Value!,
                 })
        {
            XDocument.Parse(markup);
            Assert.DoesNotContain("NaN", markup);
        }
    }

    [Fact]
    public void Kaplan_meier_draws_steps_and_a_tick_at_each_censoring_time_on_the_curve()
    {
        var frame = new ChartFrame("km", "d", new ChartAxis("months") { Min = 0, Max = 10 }, new ChartAxis("survival"));

        var svg = XDocument.Parse(SvgChart.KaplanMeier(frame, [new SurvivalCurve("c", [new(0, 1), new(2, 0.5)], [1, 6])]).Value!);

        var curve = svg.Descendants(Svg + "polyline").Single().Attribute("points")!.Value.Split(' ');
        // (0,1) → (2,1) → (2,0.5) → (6,0.5): horizontal then vertical, ending at the last censoring time.
        Assert.Equal(4, curve.Length);
        Assert.Equal(curve[0].Split(',')[1], curve[1].Split(',')[1]);
        Assert.Equal(curve[1].Split(',')[0], curve[2].Split(',')[0]);
        var ticks = svg.Descendants(Svg + "line").Where(l => l.Element(Svg + "title")?.Value.Contains("censored") == true).ToList();
        Assert.Equal(2, ticks.Count);
        double Middle(XElement tick) => (double.Parse(tick.Attribute("y1")!.Value, System.Globalization.CultureInfo.InvariantCulture) +
                                         double.Parse(tick.Attribute("y2")!.Value, System.Globalization.CultureInfo.InvariantCulture)) / 2;
        Assert.Equal(double.Parse(curve[0].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture), Middle(ticks[0]), 1);
        Assert.Equal(double.Parse(curve[3].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture), Middle(ticks[1]), 1);
    }

    [Fact]
    public void Stacked_bars_stack_and_the_axis_reaches_the_tallest_stack()
    {
        var svg = XDocument.Parse(SvgChart.Bars(Frame(), ["a", "b"], [new BarSeries("s1", [3, 1]), new BarSeries("s2", [4, 1])]).Value!);

        var bars = svg.Descendants(Svg + "rect").Where(r => r.Element(Svg + "title") is not null).ToList();
        Assert.Equal(4, bars.Count);
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "8");
        Assert.Contains(bars, b => b.Element(Svg + "title")!.Value == "a · s2: 4");
    }

    private static LabelBox BoxOf(XElement label) => new(
        double.Parse(label.Attribute("x")!.Value, System.Globalization.CultureInfo.InvariantCulture),
        double.Parse(label.Attribute("y")!.Value, System.Globalization.CultureInfo.InvariantCulture) - LabelLayout.Baseline,
        LabelLayout.Width(label.Value), LabelLayout.Height);

    public static TheoryData<int, int> Crowds() => new() { { 2, 1 }, { 8, 2 }, { 26, 3 }, { 40, 4 }, { 60, 5 } };

    [Theory, MemberData(nameof(Crowds))]
    public void Funnel_labels_never_overlap_even_when_operators_sit_on_each_other(int operators, int seed)
    {
        var random = new Random(seed);
        // Operators of similar size and rate crowd one corner of the plot; some sit exactly on each other.
        var units = Enumerable.Range(0, operators).Select(i => new FunnelPoint(
            i < 26 ? ((char)('A' + i)).ToString() : $"{(char)('A' + i % 26)}{i / 26 + 1}",
            i % 5 == 0 ? 20 : 18 + random.Next(0, 5), i % 5 == 0 ? 0.7 : 0.66 + random.NextDouble() * 0.08)).ToList();
        var frame = new ChartFrame("funnel", "d", new ChartAxis("cases") { Min = 0, Max = 25 }, new ChartAxis("rate") { Min = 0, Max = 1 });

        var svg = XDocument.Parse(SvgChart.Funnel(frame, units, ("mean", 0.7), []).Value!);

        var labels = svg.Descendants(Svg + "text").Where(t => t.Attribute("class")?.Value == "point-label").ToList();
        // Every operator is named once; operators on the same spot share a label ("A, F").
        Assert.Equal(units.Select(u => u.Label).Order(), labels.SelectMany(l => l.Value.Split(", ")).Order());
        var boxes = labels.Select(BoxOf).ToList();
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                Assert.False(boxes[i].Overlaps(boxes[j]), $"{labels[i].Value} {boxes[i]} overlaps {labels[j].Value} {boxes[j]}");
            }
        }
        // A label is beside a point, or joined to its point by a leader line that ends on it.
        static double Number(XElement e, string name) => double.Parse(e.Attribute(name)!.Value, System.Globalization.CultureInfo.InvariantCulture);
        var leaders = svg.Descendants(Svg + "line").Where(l => l.Attribute("class")?.Value == "leader").ToList();
        var points = svg.Descendants(Svg + "circle").Where(c => c.Element(Svg + "title") is not null).Select(c => (X: Number(c, "cx"), Y: Number(c, "cy"))).ToList();
        foreach (var box in boxes)
        {
            var led = leaders.Any(l => Number(l, "x2") is var x && Number(l, "y2") is var y && x >= box.X - 0.1 && x <= box.Right + 0.1 && y >= box.Y - 0.1 && y <= box.Bottom + 0.1);
            Assert.True(led || points.Any(p => box.DistanceTo(p.X, p.Y) <= 9.01), $"{box} is neither beside a point nor led to one");
        }
        if (operators >= 26)
        {
            Assert.NotEmpty(leaders);
        }
    }

    [Fact]
    public void A_lone_funnel_label_sits_beside_its_point_without_a_leader()
    {
        var svg = XDocument.Parse(SvgChart.Funnel(Frame(), [new FunnelPoint("A", 10, 0.5), new FunnelPoint("B", 40, 0.9)], ("mean", 0.6), []).Value!);

        var circles = svg.Descendants(Svg + "circle").Where(c => c.Element(Svg + "title") is not null).ToList();
        var labels = svg.Descendants(Svg + "text").Where(t => t.Attribute("class")?.Value == "point-label").ToList();
        Assert.Equal(2, labels.Count);
        Assert.DoesNotContain(svg.Descendants(Svg + "line"), l => l.Attribute("class")?.Value == "leader");
        for (var i = 0; i < 2; i++)
        {
            var (box, cx, cy) = (BoxOf(labels[i]), double.Parse(circles[i].Attribute("cx")!.Value, System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(circles[i].Attribute("cy")!.Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.InRange(cy, box.Y, box.Bottom); // level with its point
            Assert.True(Math.Abs(box.X - cx) < 12 || Math.Abs(box.X + box.Width - cx) < 12, $"label {box} beside point at {cx}");
        }
    }

    [Fact]
    public void Label_layout_keeps_labels_apart_and_inside_the_plot_when_there_is_room()
    {
        var anchors = Enumerable.Range(0, 12).Select(i => new LabelAnchor(100, 200, $"L{i}")).ToList();

        var boxes = LabelLayout.Place(anchors, 7, top: 20, bottom: 210, left: 50, right: 600);

        Assert.All(boxes, b => Assert.InRange(b.Y, 20, 210 - b.Height));
        Assert.All(boxes, b => Assert.InRange(b.X, 50, 600 - b.Width));
        Assert.Equal((107, 200 - LabelLayout.Height / 2), (boxes[0].X, boxes[0].Y)); // the first one right of its point
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                Assert.False(boxes[i].Overlaps(boxes[j]));
            }
        }
        // Near the right edge a label goes to the left of its point.
        var edge = LabelLayout.Place([new LabelAnchor(595, 100, "Z")], 7, 20, 210, 50, 600).Single();
        Assert.True(edge.X + edge.Width <= 595 - 7 + 1e-9, $"{edge}");
    }

    [Fact]
    public void A_small_multiple_has_no_legend()
    {
        var frame = Frame() with { Width = 236, Height = 180, ShowLegend = false };
        var curve = new SurvivalCurve("T12-L1", [new(0, 1, 1, 1), new(2, 0.8, 0.7, 0.9)], [3]) { BandLabel = "95% CI" };

        var small = XDocument.Parse(SvgChart.KaplanMeier(frame, [curve]).Value!);
        var full = XDocument.Parse(SvgChart.KaplanMeier(Frame(), [curve]).Value!);

        Assert.DoesNotContain(small.Descendants(Svg + "g"), g => g.Attribute("class")?.Value == "legend-item");
        Assert.Contains(full.Descendants(Svg + "g"), g => g.Attribute("class")?.Value == "legend-item");
        Assert.Equal("236", small.Root!.Attribute("width")!.Value);
        Assert.Single(small.Descendants(Svg + "polyline"));
    }
}
