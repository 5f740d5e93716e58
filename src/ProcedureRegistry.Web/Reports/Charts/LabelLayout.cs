namespace ProcedureRegistry.Web.Reports.Charts;

/// <summary>A point to label, in pixels of the chart, and its label.</summary>
public sealed record LabelAnchor(double X, double Y, string Text);

/// <summary>A label's box in pixels: top-left corner and size.</summary>
public readonly record struct LabelBox(double X, double Y, double Width, double Height)
{
    public double Bottom => Y + Height;

    public bool Overlaps(LabelBox other) =>
        X < other.X + other.Width && other.X < X + Width && Y < other.Bottom && other.Y < Bottom;
}

/// <summary>
/// Places point labels so that no two overlap (the funnel plot's operator letters, which sat on each other where
/// operators had similar numbers and rates). Each label starts just right of its point (left of it near the right
/// edge), vertically centred on it; then, in order of height, each label is pushed down below any placed label it
/// overlaps. If that runs past the bottom of the plot, a second pass from the bottom pushes labels up instead. Each
/// pass places every label against the ones it has already placed, so its result has no overlap.
/// </summary>
public static class LabelLayout
{
    public const double FontSize = 9;
    public const double Height = FontSize * 1.25;
    /// <summary>Where the text's baseline sits below the box's top.</summary>
    public const double Baseline = FontSize * 0.95;
    private const double Gap = 1;

    /// <summary>A conservative width of a label in the chart's sans-serif font (wider than any glyph run it measures).</summary>
    public static double Width(string text) => Math.Max(1, text.Length) * FontSize * 0.65 + 2;

    public static IReadOnlyList<LabelBox> Place(IReadOnlyList<LabelAnchor> anchors, double offset, double top, double bottom, double left, double right)
    {
        var start = anchors.Select(a =>
        {
            var width = Width(a.Text);
            var x = a.X + offset + width > right ? Math.Max(left, a.X - offset - width) : a.X + offset;
            return new LabelBox(x, a.Y - Height / 2, width, Height);
        }).ToArray();

        var placed = Pass(start, downwards: true, top, bottom);
        if (placed.Any(b => b.Bottom > bottom))
        {
            placed = Pass(placed, downwards: false, top, bottom);
        }
        return placed;
    }

    private static LabelBox[] Pass(LabelBox[] boxes, bool downwards, double top, double bottom)
    {
        var result = (LabelBox[])boxes.Clone();
        var order = Enumerable.Range(0, boxes.Length)
            .OrderBy(i => downwards ? boxes[i].Y : -boxes[i].Y).ThenBy(i => boxes[i].X).ToList();
        var done = new List<int>();
        foreach (var i in order)
        {
            var box = result[i];
            box = downwards ? box with { Y = Math.Max(box.Y, top) } : box with { Y = Math.Min(box.Y, bottom - box.Height) };
            bool moved;
            do
            {
                moved = false;
                foreach (var j in done)
                {
                    if (box.Overlaps(result[j]))
                    {
                        box = downwards ? box with { Y = result[j].Bottom + Gap } : box with { Y = result[j].Y - Gap - box.Height };
                        moved = true;
                    }
                }
            }
            while (moved);
            result[i] = box;
            done.Add(i);
        }
        return result;
    }
}
